import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import { bareBranchHooks, bareCommitsAhead } from './bare-compare.js'
import { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from './fake-github.js'
import { createTempRepo, type TempRepo } from './git-repo.js'
import { manualClock } from './manual-clock.js'

const TOKEN = 'ghs_fake_token_0123456789'
const repo = { owner: 'octo-org', repo: 'widgets' }

let github: FakeGitHub
let octokit: ReturnType<typeof getOctokit>
// Tests that provoke violations on purpose say so; every other test must leave none behind.
let expectViolations = false

async function start(options: FakeGitHubOptions = {}): Promise<void> {
  await github?.close()
  // Response checking is on: the fake's answers must fit GitHub's published response schemas.
  github = await startFakeGitHub({ validateResponses: true, ...options })
  octokit = getOctokit(TOKEN, { baseUrl: github.url })
}

beforeEach(async () => {
  expectViolations = false
  await start()
})

afterEach(async () => {
  await github.close()
  if (!expectViolations) expect(github.violations).toEqual([])
})

describe('fake GitHub: repository and permissions', () => {
  it('serves the repository with its default branch and GitHub-shaped links', async () => {
    await start({ owner: 'acme', repo: 'rockets', defaultBranch: 'trunk' })
    const { data } = await octokit.rest.repos.get({ owner: 'acme', repo: 'rockets' })
    expect(data).toMatchObject({
      full_name: 'acme/rockets',
      default_branch: 'trunk',
      html_url: 'https://github.com/acme/rockets'
    })
    expect(data.node_id).toMatch(/^R_/)
  })

  it.each([
    ['admin', 'admin'],
    ['maintain', 'write'],
    ['write', 'write'],
    ['triage', 'read'],
    ['read', 'read'],
    ['none', 'none']
  ] as const)('reports role %s with the legacy permission %s', async (role, legacy) => {
    github.setPermission('mona', role)
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: 'mona' })
    expect(data).toMatchObject({ permission: legacy, role_name: role, user: { login: 'mona' } })
  })

  it('treats a login never given a role as an outsider: read on a public repository, none on a private one', async () => {
    const { data: open } = await octokit.rest.repos.getCollaboratorPermissionLevel({
      ...repo,
      username: 'stranger'
    })
    expect(open.permission).toBe('read')
    await start({ private: true })
    const { data: closed } = await octokit.rest.repos.getCollaboratorPermissionLevel({
      ...repo,
      username: 'stranger'
    })
    expect(closed).toMatchObject({ permission: 'none', role_name: 'none' })
  })

  it('answers 404 for a login GitHub does not know', async () => {
    github.forgetUser('ghost')
    await expect(
      octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: 'ghost' })
    ).rejects.toMatchObject({
      status: 404
    })
  })
})

describe('fake GitHub: issues, comments, reactions, labels', () => {
  it('serves and edits a seeded issue', async () => {
    const number = github.addIssue({
      title: 'Add dark mode',
      body: 'Please',
      user: 'mona',
      labels: ['agent-team']
    })
    const { data } = await octokit.rest.issues.get({ ...repo, issue_number: number })
    expect(data).toMatchObject({
      number,
      title: 'Add dark mode',
      body: 'Please',
      user: { login: 'mona' },
      labels: [{ name: 'agent-team' }],
      html_url: `https://github.com/octo-org/widgets/issues/${number}`
    })
    expect(data.pull_request).toBeUndefined()
    await octokit.rest.issues.update({ ...repo, issue_number: number, title: 'Dark mode', state: 'closed' })
    expect(github.issue(number)).toMatchObject({
      title: 'Dark mode',
      state: 'closed',
      stateReason: 'completed'
    })
  })

  it('creates, reads and edits comments as the token’s bot', async () => {
    const number = github.addIssue({ title: 'Feature' })
    const { data: created, status } = await octokit.rest.issues.createComment({
      ...repo,
      issue_number: number,
      body: 'On it'
    })
    expect(status).toBe(201)
    expect(created.html_url).toBe(
      `https://github.com/octo-org/widgets/issues/${number}#issuecomment-${created.id}`
    )
    expect(created.user?.login).toBe('github-actions[bot]')
    await octokit.rest.issues.updateComment({ ...repo, comment_id: created.id, body: 'Done' })
    const { data: read } = await octokit.rest.issues.getComment({ ...repo, comment_id: created.id })
    expect(read.body).toBe('Done')
    expect(github.comments(number).map(c => c.body)).toEqual(['Done'])
  })

  it('pages comments with per_page, page and a Link header that Octokit follows', async () => {
    const number = github.addIssue({ title: 'Chatty' })
    for (let i = 1; i <= 7; i++) github.addComment(number, { body: `comment ${i}`, user: 'mona' })
    const middle = await octokit.rest.issues.listComments({
      ...repo,
      issue_number: number,
      per_page: 3,
      page: 2
    })
    expect(middle.data.map(c => c.body)).toEqual(['comment 4', 'comment 5', 'comment 6'])
    expect(middle.headers.link).toMatch(
      /page=1>; rel="prev".*page=3>; rel="next".*page=3>; rel="last".*page=1>; rel="first"/
    )
    const before = github.requests.length
    const all = await octokit.paginate(octokit.rest.issues.listComments, {
      ...repo,
      issue_number: number,
      per_page: 3
    })
    expect(all.map(c => c.body)).toEqual([1, 2, 3, 4, 5, 6, 7].map(i => `comment ${i}`))
    expect(github.requests.length - before).toBe(3)
  })

  it('adds a reaction once: 201 the first time, 200 with the same reaction after', async () => {
    const number = github.addIssue({ title: 'Feature' })
    const commentId = github.addComment(number, { body: '/agents run', user: 'mona' })
    const first = await octokit.rest.reactions.createForIssueComment({
      ...repo,
      comment_id: commentId,
      content: 'eyes'
    })
    const again = await octokit.rest.reactions.createForIssueComment({
      ...repo,
      comment_id: commentId,
      content: 'eyes'
    })
    expect([first.status, again.status]).toEqual([201, 200])
    expect(again.data.id).toBe(first.data.id)
    expect(github.reactions(commentId).map(r => r.content)).toEqual(['eyes'])
  })

  it('adds labels, removes one, and answers 404 for a label the issue does not have', async () => {
    const number = github.addIssue({ title: 'Feature', labels: ['agent-team'] })
    const { data } = await octokit.rest.issues.addLabels({
      ...repo,
      issue_number: number,
      labels: ['in-progress']
    })
    expect(data.map(l => l.name)).toEqual(['agent-team', 'in-progress'])
    await octokit.rest.issues.removeLabel({ ...repo, issue_number: number, name: 'agent-team' })
    expect(github.labels(number)).toEqual(['in-progress'])
    await expect(
      octokit.rest.issues.removeLabel({ ...repo, issue_number: number, name: 'done' })
    ).rejects.toMatchObject({
      status: 404,
      response: { data: { message: 'Label does not exist' } }
    })
  })
})

describe('fake GitHub: pull requests', () => {
  it('opens a draft pull request that shares the issue number sequence and takes comments as an issue', async () => {
    const issue = github.addIssue({ title: 'Feature' })
    const { data, status } = await octokit.rest.pulls.create({
      ...repo,
      head: 'agent-team/feature',
      base: 'main',
      title: 'Feature',
      body: 'Built by agents',
      draft: true
    })
    expect(status).toBe(201)
    expect(data).toMatchObject({
      number: issue + 1,
      draft: true,
      head: { ref: 'agent-team/feature' },
      base: { ref: 'main' }
    })
    expect(data.html_url).toBe(`https://github.com/octo-org/widgets/pull/${data.number}`)
    expect(data.node_id).toMatch(/^PR_/)
    const { data: asIssue } = await octokit.rest.issues.get({ ...repo, issue_number: data.number })
    expect(asIssue.pull_request?.html_url).toBe(data.html_url)
    await octokit.rest.issues.createComment({ ...repo, issue_number: data.number, body: 'Progress' })
    expect(github.comments(data.number)[0]!.body).toBe('Progress')
  })

  it('filters the list by state, head (owner:branch) and base', async () => {
    const a = github.addPull({ head: 'feature-a', title: 'A' })
    github.addPull({ head: 'feature-b', base: 'develop', title: 'B' })
    await octokit.rest.pulls.update({ ...repo, pull_number: a, state: 'closed' })
    const list = async (query: Record<string, string>): Promise<string[]> =>
      (await octokit.rest.pulls.list({ ...repo, ...query })).data.map(p => p.title)
    expect(await list({})).toEqual(['B'])
    expect(await list({ state: 'all', head: 'octo-org:feature-a' })).toEqual(['A'])
    expect(await list({ state: 'all', base: 'main' })).toEqual(['A'])
    expect(await list({ state: 'all', head: 'someone-else:feature-a' })).toEqual([])
  })

  it('ignores a head filter without the owner prefix, as GitHub does, and warns', async () => {
    github.addPull({ head: 'feature-a', title: 'A' })
    github.addPull({ head: 'feature-b', title: 'B' })
    const { data } = await octokit.rest.pulls.list({ ...repo, head: 'feature-a' })
    expect(data).toHaveLength(2)
    expect(github.warnings).toEqual([
      expect.objectContaining({ method: 'GET', path: '/repos/octo-org/widgets/pulls' })
    ])
  })

  it('refuses a second open pull request for the same branches, and a head branch that does not exist', async () => {
    await start({ branchExists: name => name !== 'missing' })
    await octokit.rest.pulls.create({ ...repo, head: 'feature', base: 'main', title: 'One' })
    await expect(
      octokit.rest.pulls.create({ ...repo, head: 'feature', base: 'main', title: 'Two' })
    ).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: [{ message: 'A pull request already exists for octo-org:feature.' }] } }
    })
    await expect(
      octokit.rest.pulls.create({ ...repo, head: 'missing', base: 'main', title: 'Three' })
    ).rejects.toMatchObject({
      status: 422
    })
    expect(github.pulls().map(p => p.title)).toEqual(['One'])
  })

  it('reads and edits a pull request', async () => {
    const number = github.addPull({ head: 'feature', title: 'Old', body: 'old' })
    await octokit.rest.pulls.update({ ...repo, pull_number: number, title: 'New', body: 'new' })
    const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: number })
    expect(data).toMatchObject({ title: 'New', body: 'new', state: 'open', merged: false })
  })

  it('marks a draft ready for review through the GraphQL mutation', async () => {
    const number = github.addPull({ head: 'feature', title: 'Draft', draft: true })
    const pull = github.pulls()[0]!
    const result = await octokit.graphql<{
      markPullRequestReadyForReview: { pullRequest: { isDraft: boolean } }
    }>(
      'mutation($id: ID!) { markPullRequestReadyForReview(input: { pullRequestId: $id }) { pullRequest { isDraft } } }',
      { id: pull.nodeId }
    )
    expect(result.markPullRequestReadyForReview.pullRequest).toEqual({ isDraft: false })
    expect(github.issue(number)?.pull?.draft).toBe(false)
    await expect(
      octokit.graphql(
        'mutation { markPullRequestReadyForReview(input: { pullRequestId: "PR_nope" }) { clientMutationId } }'
      )
    ).rejects.toMatchObject({ errors: [{ type: 'NOT_FOUND' }] })
  })

  it('answers any other GraphQL with an error and a warning', async () => {
    await expect(octokit.graphql('query { organization(login: "octo-org") { id } }')).rejects.toMatchObject({
      errors: [{ type: 'NOT_SUPPORTED' }]
    })
    expect(github.warnings).toHaveLength(1)
  })
})

describe('fake GitHub: the OpenAPI contract', () => {
  it('answers a real GitHub operation it does not model with 404 and a warning', async () => {
    await expect(octokit.rest.repos.listBranches({ ...repo })).rejects.toMatchObject({ status: 404 })
    expect(github.warnings).toEqual([
      {
        method: 'GET',
        path: '/repos/octo-org/widgets/branches',
        message: expect.stringContaining('repos/list-branches')
      }
    ])
  })

  it('records a body that does not fit the operation as a violation and answers 422 without acting', async () => {
    expectViolations = true
    const number = github.addIssue({ title: 'Feature' })
    const call = octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      ...repo,
      issue_number: number,
      text: 'x'
    } as never)
    await expect(call).rejects.toMatchObject({ status: 422 })
    expect(github.violations).toHaveLength(1)
    expect(github.violations[0]).toMatchObject({ method: 'POST', operationId: 'issues/create-comment' })
    expect(github.violations[0]!.problems[0]!.errors?.map(e => e.keyword).sort()).toEqual([
      'additionalProperties',
      'required'
    ])
    expect(github.comments(number)).toEqual([])
  })

  it('checks query parameters against the declared ones', async () => {
    expectViolations = true
    await expect(octokit.rest.pulls.list({ ...repo, state: 'merged' as 'open' })).rejects.toMatchObject({
      status: 422
    })
    await expect(
      octokit.request('GET /repos/{owner}/{repo}/pulls', { ...repo, per_pages: 5 })
    ).rejects.toMatchObject({
      status: 422
    })
    expect(github.violations.map(v => v.problems[0]!.part)).toEqual(['query', 'query'])
  })

  it('records a path that is no GitHub operation at all as a violation', async () => {
    expectViolations = true
    await expect(octokit.request('GET /repos/{owner}/{repo}/no-such-thing', repo)).rejects.toMatchObject({
      status: 422
    })
    expect(github.violations[0]!.problems[0]!.part).toBe('operation')
  })

  it('records requests without the authorization header, so tests can count writes', async () => {
    await octokit.rest.repos.get(repo)
    expect(github.writes()).toEqual([])
    expect(github.requests).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/repos/octo-org/widgets',
        operationId: 'repos/get',
        status: 200
      })
    ])
    expect(github.requests[0]!.headers.authorization).toBeUndefined()
    expect(github.requests[0]!.headers['user-agent']).toMatch(/octokit/)
  })

  it('answers 401 to a token other than the one it was started with', async () => {
    await start({ token: 'the-right-one' })
    await expect(octokit.rest.repos.get(repo)).rejects.toMatchObject({ status: 401 })
    const rightful = getOctokit('the-right-one', { baseUrl: github.url })
    await expect(rightful.rest.repos.get(repo)).resolves.toMatchObject({ status: 200 })
  })
})

describe('fake GitHub: fault injection', () => {
  it('fails the next matching requests, then recovers; Octokit’s retry plugin rides it out', async () => {
    const client = getOctokit(TOKEN, { baseUrl: github.url, retry: { retryAfterBaseValue: 1 } }, retry)
    const number = github.addIssue({ title: 'Feature' })
    github.failNext({
      method: 'POST',
      path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
      status: 502,
      times: 2
    })
    await client.rest.issues.createComment({ ...repo, issue_number: number, body: 'hello' })
    expect(github.writes().map(r => r.status)).toEqual([502, 502, 201])
    expect(github.comments(number)).toHaveLength(1)
  })

  it('sends a secondary rate limit that Octokit’s throttling recognises and waits out', async () => {
    const limited: number[] = []
    const client = getOctokit(
      TOKEN,
      {
        baseUrl: github.url,
        throttle: {
          retryAfterBaseValue: 1,
          onRateLimit: () => false,
          onSecondaryRateLimit: (after: number) => {
            limited.push(after)
            return true
          }
        }
      },
      throttling
    )
    github.failNext({ path: /\/repos\/[^/]+\/[^/]+$/, status: 403, retryAfter: 7 })
    const { data } = await client.rest.repos.get(repo)
    expect(data.name).toBe('widgets')
    expect(limited).toEqual([7])
    expect(github.requests.map(r => r.status)).toEqual([403, 200])
  })

  it('answers with the given status and message without retrying by itself', async () => {
    github.failNext({ path: '/repos/octo-org/widgets', status: 500, message: 'boom' })
    await expect(octokit.rest.repos.get(repo)).rejects.toMatchObject({
      status: 500,
      response: { data: { message: 'boom' } }
    })
    await expect(octokit.rest.repos.get(repo)).resolves.toMatchObject({ status: 200 })
  })
})

describe('fake GitHub: pull requests GitHub refuses', () => {
  let checkout: TempRepo | undefined

  afterEach(async () => {
    await checkout?.cleanup()
    checkout = undefined
  })

  it('refuses a head with no commits ahead of the base, asking a real bare origin, then opens it once there are', async () => {
    checkout = await createTempRepo()
    await start(bareBranchHooks(checkout.origin))
    await checkout.git(checkout.work, 'push', '--quiet', 'origin', 'HEAD:refs/heads/feature')
    expect(bareCommitsAhead(checkout.origin, 'main', 'feature')).toBe(0)
    await expect(
      octokit.rest.pulls.create({ ...repo, head: 'feature', base: 'main', title: 'Empty' })
    ).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          message: 'Validation Failed',
          errors: [
            { resource: 'PullRequest', code: 'custom', message: 'No commits between main and feature' }
          ]
        }
      }
    })
    await checkout.git(checkout.work, 'commit', '--quiet', '--allow-empty', '-m', 'work')
    await checkout.git(checkout.work, 'push', '--quiet', 'origin', 'HEAD:refs/heads/feature')
    const { status } = await octokit.rest.pulls.create({
      ...repo,
      head: 'feature',
      base: 'main',
      title: 'Work'
    })
    expect(status).toBe(201)
    expect(github.pulls().map(p => p.title)).toEqual(['Work'])
  })

  it('refuses a second open pull request for the same head and base, but not once the first is closed', async () => {
    const first = await octokit.rest.pulls.create({
      ...repo,
      head: 'octo-org:feature',
      base: 'main',
      title: 'One'
    })
    await expect(
      octokit.rest.pulls.create({ ...repo, head: 'feature', base: 'main', title: 'Two' })
    ).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          errors: [
            {
              resource: 'PullRequest',
              code: 'custom',
              message: 'A pull request already exists for octo-org:feature.'
            }
          ]
        }
      }
    })
    await octokit.rest.pulls.update({ ...repo, pull_number: first.data.number, state: 'closed' })
    await expect(
      octokit.rest.pulls.create({ ...repo, head: 'feature', base: 'main', title: 'Three' })
    ).resolves.toMatchObject({ status: 201 })
  })

  it('refuses a draft where the plan has none, with GitHub’s whole-body message, and opens a normal one', async () => {
    await start({ draftPullRequests: false })
    const refused = await octokit.rest.pulls
      .create({ ...repo, head: 'feature', base: 'main', title: 'Draft', draft: true })
      .catch((error: { status: number; response: { data: Record<string, unknown> } }) => error)
    expect(refused).toMatchObject({ status: 422 })
    const { data } = (refused as { response: { data: Record<string, unknown> } }).response
    expect(data.message).toBe('Draft pull requests are not supported in this repository.')
    expect(data.errors).toBeUndefined()
    expect(github.pulls()).toEqual([])
    const { data: normal } = await octokit.rest.pulls.create({
      ...repo,
      head: 'feature',
      base: 'main',
      title: 'Normal',
      draft: false
    })
    expect(normal.draft).toBe(false)
  })
})

describe('fake GitHub: bots and the token’s identity', () => {
  it('answers 404 "is not a user" for an App’s bot in the permission check, unless a test gave it a role', async () => {
    for (const bot of ['renovate[bot]', 'github-actions[bot]'])
      await expect(
        octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: bot })
      ).rejects.toMatchObject({ status: 404, response: { data: { message: `${bot} is not a user` } } })
    github.setPermission('renovate[bot]', 'write')
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
      ...repo,
      username: 'renovate[bot]'
    })
    expect(data).toMatchObject({ permission: 'write', user: { login: 'renovate[bot]', type: 'Bot' } })
  })

  it('refuses GET /user to an installation token, and GraphQL viewer names its bot with the [bot] suffix', async () => {
    await expect(octokit.rest.users.getAuthenticated()).rejects.toMatchObject({
      status: 403,
      response: { data: { message: 'Resource not accessible by integration' } }
    })
    const { viewer } = await octokit.graphql<{ viewer: Record<string, unknown> }>(
      'query { viewer { login __typename databaseId } }'
    )
    expect(viewer).toEqual({ login: 'github-actions[bot]', __typename: 'User', databaseId: 41898282 })
  })

  it('answers GET /user and viewer with the person behind a user token', async () => {
    await start({ tokenKind: 'user', actor: 'octocat' })
    const { data } = await octokit.rest.users.getAuthenticated()
    expect(data).toMatchObject({ login: 'octocat', type: 'User', user_view_type: 'private' })
    await expect(octokit.graphql('{ viewer { login } }')).resolves.toEqual({ viewer: { login: 'octocat' } })
  })

  it('authors what the API creates as the actor, and keeps the author of seeded comments (bots as Bot)', async () => {
    await start({ tokenKind: 'user', actor: 'octocat' })
    const issue = github.addIssue({ title: 'Feature', user: 'mona' })
    github.addComment(issue, { body: 'beep', user: 'helper[bot]' })
    await octokit.rest.issues.createComment({ ...repo, issue_number: issue, body: 'mine' })
    const { data: pull } = await octokit.rest.pulls.create({ ...repo, head: 'f', base: 'main', title: 'PR' })
    const { data: comments } = await octokit.rest.issues.listComments({ ...repo, issue_number: issue })
    expect(comments.map(c => [c.user?.login, c.user?.type])).toEqual([
      ['helper[bot]', 'Bot'],
      ['octocat', 'User']
    ])
    expect(pull.user.login).toBe('octocat')
  })
})

describe('fake GitHub: conditional requests', () => {
  const list = (number: number, etag?: string, since?: string) =>
    octokit.rest.issues.listComments({
      ...repo,
      issue_number: number,
      ...(since ? { since } : {}),
      ...(etag ? { headers: { 'if-none-match': etag } } : {})
    })

  it('answers 304 to a matching If-None-Match, records it, and changes the ETag on create, edit and delete', async () => {
    const number = github.addIssue({ title: 'Feature' })
    const first = await list(number)
    const etag = first.headers.etag!
    expect(etag).toMatch(/^W\/"[0-9a-f]+"$/)
    await expect(list(number, etag)).rejects.toMatchObject({ status: 304 })
    expect(github.notModified()).toEqual([
      expect.objectContaining({ method: 'GET', operationId: 'issues/list-comments', status: 304 })
    ])
    const seen = [etag]
    const { data: comment } = await octokit.rest.issues.createComment({
      ...repo,
      issue_number: number,
      body: 'a'
    })
    const afterCreate = await list(number, seen.at(-1))
    seen.push(afterCreate.headers.etag!)
    await octokit.rest.issues.updateComment({ ...repo, comment_id: comment.id, body: 'b' })
    seen.push((await list(number, seen.at(-1))).headers.etag!)
    await octokit.rest.issues.deleteComment({ ...repo, comment_id: comment.id })
    const afterDelete = await list(number, seen.at(-1))
    seen.push(afterDelete.headers.etag!)
    // Each change answered 200 with a new tag to a request that named the tag before it.
    expect(seen.slice(1).every((tag, i) => tag !== seen[i])).toBe(true)
    expect(afterDelete.data).toEqual([])
    // An empty list is the same answer as before the comment: GitHub's tag is a digest, so it comes back.
    expect(afterDelete.headers.etag).toBe(etag)
    expect(github.notModified()).toHaveLength(1)
  })

  it('keeps only comments updated at or after `since`', async () => {
    const clock = manualClock(Date.parse('2025-01-01T00:00:00Z'))
    await start({ clock })
    const number = github.addIssue({ title: 'Feature' })
    github.addComment(number, { body: 'old', user: 'mona' })
    await clock.advance(60_000)
    github.addComment(number, { body: 'new', user: 'mona' })
    const { data } = await list(number, undefined, '2025-01-01T00:00:30Z')
    expect(data.map(c => c.body)).toEqual(['new'])
  })
})

describe('fake GitHub: the repository-wide comment list', () => {
  const listAll = (query: Record<string, string | number> = {}, etag?: string) =>
    octokit.request('GET /repos/{owner}/{repo}/issues/comments', {
      ...repo,
      ...query,
      ...(etag ? { headers: { 'if-none-match': etag } } : {})
    })

  it('lists the comments of every issue and pull request: by id, or newest first when sorted so', async () => {
    const clock = manualClock(Date.parse('2025-01-01T00:00:00Z'))
    await start({ clock })
    const issue = github.addIssue({ title: 'Feature' })
    const pull = github.addPull({ title: 'Work', head: 'feature' })
    github.addComment(issue, { body: 'on the issue', user: 'mona' })
    await clock.advance(60_000)
    github.addComment(pull, { body: 'on the pull request', user: 'mona' })

    const { data: byId } = await listAll()
    expect(byId.map(c => [c.body, c.issue_url.split('/').at(-1)])).toEqual([
      ['on the issue', String(issue)],
      ['on the pull request', String(pull)]
    ])
    const { data: newest } = await listAll({ sort: 'created', direction: 'desc' })
    expect(newest.map(c => c.body)).toEqual(['on the pull request', 'on the issue'])
    const { data: recent } = await listAll({ since: '2025-01-01T00:00:30Z', sort: 'created' })
    expect(recent.map(c => c.body)).toEqual(['on the pull request'])
  })

  it('answers 304 to the ETag of the same list until a comment is made anywhere', async () => {
    const query = { since: '2000-01-01T00:00:00Z', sort: 'created', direction: 'desc', per_page: 100 }
    github.addIssue({ title: 'Feature' })
    const other = github.addIssue({ title: 'Other' })
    const first = await listAll(query)
    await expect(listAll(query, first.headers.etag)).rejects.toMatchObject({ status: 304 })
    github.addComment(other, { body: 'elsewhere', user: 'mona' })
    const changed = await listAll(query, first.headers.etag)
    expect(changed.data.map(c => c.body)).toEqual(['elsewhere'])
    expect(github.notModified()).toHaveLength(1)
  })

  it('gives at most 100 comments a page, without an error, when asked for more, as GitHub documents', async () => {
    const issue = github.addIssue({ title: 'Chatty' })
    for (let i = 1; i <= 101; i++) github.addComment(issue, { body: `comment ${i}`, user: 'mona' })
    const { data, headers } = await listAll({ per_page: 200 })
    expect(data).toHaveLength(100)
    expect(headers.link).toMatch(/per_page=100&page=2>; rel="next"/)
  })

  it('refuses a since that is not an ISO 8601 time with GitHub’s 422', async () => {
    expectViolations = true
    await expect(listAll({ since: '2026-08-19T99:99:99Z' })).rejects.toMatchObject({
      status: 422,
      response: {
        data: { message: 'The since parameter needs to be in ISO 8601 format: YYYY-MM-DDTHH:MM:SSZ' }
      }
    })
    expect(github.violations).toHaveLength(1)
  })
})

describe('fake GitHub: repository labels', () => {
  it('reads, creates and refuses labels as GitHub does', async () => {
    await expect(octokit.rest.issues.getLabel({ ...repo, name: 'agent-team' })).rejects.toMatchObject({
      status: 404
    })
    const { status, data } = await octokit.rest.issues.createLabel({
      ...repo,
      name: 'agent-team',
      color: '5319e7',
      description: 'Ask the agent team'
    })
    expect(status).toBe(201)
    expect(data).toMatchObject({ name: 'agent-team', color: '5319e7', description: 'Ask the agent team' })
    await expect(octokit.rest.issues.getLabel({ ...repo, name: 'Agent-Team' })).resolves.toMatchObject({
      data: { name: 'agent-team' }
    })
    await expect(
      octokit.rest.issues.createLabel({ ...repo, name: 'AGENT-TEAM', color: '000000' })
    ).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] } }
    })
    await expect(
      octokit.rest.issues.createLabel({ ...repo, name: 'red', color: '#ff0000' })
    ).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: [{ resource: 'Label', code: 'invalid', field: 'color' }] } }
    })
    expect(github.repoLabels()).toEqual([
      { name: 'agent-team', color: '5319e7', description: 'Ask the agent team' }
    ])
  })

  it('creates an unknown label grey, without a description, when it is added to an issue', async () => {
    github.addLabel({ name: 'agent-team', color: '5319e7' })
    const number = github.addIssue({ title: 'Feature' })
    await octokit.rest.issues.addLabels({
      ...repo,
      issue_number: number,
      labels: ['Agent-Team', 'in-progress']
    })
    expect(github.labels(number)).toEqual(['agent-team', 'in-progress'])
    expect(github.repoLabels()).toEqual([
      { name: 'agent-team', color: '5319e7', description: null },
      { name: 'in-progress', color: 'ededed', description: null }
    ])
  })
  it('answers an add with every label the issue then carries', async () => {
    github.addLabel({ name: 'agent-team:working', color: 'fbca04', description: 'Working' })
    const number = github.addIssue({ title: 'Feature', labels: ['agent-team:working'] })
    const { data } = await octokit.rest.issues.addLabels({
      ...repo,
      issue_number: number,
      labels: ['agent-team:done']
    })
    expect(data.map(({ name, color, description }) => ({ name, color, description }))).toEqual([
      { name: 'agent-team:working', color: 'fbca04', description: 'Working' },
      { name: 'agent-team:done', color: 'ededed', description: null }
    ])
  })

  it('updates a label’s colour and description, and refuses an unknown label or a bad colour', async () => {
    github.addLabel({ name: 'agent-team:done' })
    const { data } = await octokit.rest.issues.updateLabel({
      ...repo,
      name: 'Agent-Team:Done',
      color: '0E8A16',
      description: 'Built'
    })
    expect(data).toMatchObject({ name: 'agent-team:done', color: '0e8a16', description: 'Built' })
    await expect(
      octokit.rest.issues.updateLabel({ ...repo, name: 'missing', color: '000000' })
    ).rejects.toMatchObject({ status: 404 })
    await expect(
      octokit.rest.issues.updateLabel({ ...repo, name: 'agent-team:done', color: 'green' })
    ).rejects.toMatchObject({ status: 422 })
    expect(github.repoLabels()).toEqual([{ name: 'agent-team:done', color: '0e8a16', description: 'Built' }])
  })
})

describe('fake GitHub: applied-then-failed and GraphQL faults', () => {
  it('applies a write and then answers the fault, so a blind retry would duplicate it', async () => {
    const number = github.addIssue({ title: 'Feature' })
    github.failNext({
      method: 'POST',
      path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
      status: 502,
      applyFirst: true
    })
    await expect(
      octokit.rest.issues.createComment({ ...repo, issue_number: number, body: 'hello' })
    ).rejects.toMatchObject({ status: 502 })
    expect(github.comments(number).map(c => c.body)).toEqual(['hello'])
    github.failNext({ method: 'POST', path: '/repos/{owner}/{repo}/pulls', status: 504, applyFirst: true })
    await expect(
      octokit.rest.pulls.create({ ...repo, head: 'feature', base: 'main', title: 'PR' })
    ).rejects.toMatchObject({ status: 504 })
    await expect(
      octokit.rest.pulls.create({ ...repo, head: 'feature', base: 'main', title: 'PR' })
    ).rejects.toMatchObject({ status: 422 })
    expect(github.pulls()).toHaveLength(1)
  })

  it('fails the next markPullRequestReadyForReview with a GraphQL error, leaving the draft alone', async () => {
    github.addPull({ head: 'feature', title: 'Draft', draft: true })
    const { nodeId, number } = github.pulls()[0]!
    const ready = () =>
      octokit.graphql(
        'mutation($id: ID!) { markPullRequestReadyForReview(input: { pullRequestId: $id }) { pullRequest { isDraft } } }',
        { id: nodeId }
      )
    github.failNextGraphql({ field: 'markPullRequestReadyForReview' })
    // A query for another field does not use up the fault.
    await octokit.graphql('{ viewer { login } }')
    await expect(ready()).rejects.toMatchObject({
      errors: [
        { path: ['markPullRequestReadyForReview'], message: expect.stringMatching(/^Something went wrong/) }
      ],
      data: { markPullRequestReadyForReview: null }
    })
    expect(github.issue(number)?.pull?.draft).toBe(true)
    github.failNextGraphql({
      field: 'markPullRequestReadyForReview',
      errors: [{ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }]
    })
    await expect(ready()).rejects.toMatchObject({ errors: [{ type: 'FORBIDDEN' }] })
    await expect(ready()).resolves.toEqual({
      markPullRequestReadyForReview: { pullRequest: { isDraft: false } }
    })
  })

  it('fails markPullRequestReadyForReview with HTTP 502, before or after marking the draft ready', async () => {
    github.addPull({ head: 'feature', title: 'Draft', draft: true })
    const { nodeId, number } = github.pulls()[0]!
    const ready = () =>
      octokit.graphql(
        'mutation($id: ID!) { markPullRequestReadyForReview(input: { pullRequestId: $id }) { clientMutationId } }',
        {
          id: nodeId
        }
      )
    github.failNextGraphql({ field: 'markPullRequestReadyForReview', status: 502 })
    await expect(ready()).rejects.toMatchObject({ status: 502 })
    expect(github.issue(number)?.pull?.draft).toBe(true)
    github.failNextGraphql({ field: 'markPullRequestReadyForReview', status: 502, applyFirst: true })
    await expect(ready()).rejects.toMatchObject({ status: 502 })
    expect(github.issue(number)?.pull?.draft).toBe(false)
  })
})
