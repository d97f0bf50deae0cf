import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { getOctokit } from '@actions/github'
import { startFakeGitHub, type FakeGitHub, type SubmittedReview } from './fake-github.js'
import { prComment, pullRequestReview, pullRequestReviewComment } from './webhook-payloads.js'

const TOKEN = 'ghs_fake_token_0123456789'
const repo = { owner: 'octo-org', repo: 'widgets' }

let github: FakeGitHub
let octokit: ReturnType<typeof getOctokit>
let pull: number
let review: SubmittedReview
// Tests that provoke violations on purpose say so; every other test must leave none behind.
let expectViolations = false

beforeEach(async () => {
  expectViolations = false
  // Response checking is on: the fake's answers must fit GitHub's published response schemas.
  github = await startFakeGitHub({ validateResponses: true })
  octokit = getOctokit(TOKEN, { baseUrl: github.url })
  pull = github.addPull({ head: 'agent-team/req-7-banner', title: 'Banner' })
  review = github.submitReview(pull, {
    user: 'octocat',
    state: 'CHANGES_REQUESTED',
    body: 'Two things',
    comments: [
      { path: 'src/banner.ts', startLine: 3, line: 5, body: 'Use the theme colour' },
      { path: 'README.md', body: 'Document it' }
    ]
  })
})

afterEach(async () => {
  await github.close()
  if (!expectViolations) expect(github.violations).toEqual([])
})

/** A GraphQL request as Octokit sends it, answered as data and errors (GitHub says 200 either way). */
async function graphql<T = unknown>(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${github.url}/graphql`, {
    method: 'POST',
    headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables })
  })
  expect(response.status).toBe(200)
  return (await response.json()) as {
    data?: T
    errors?: { type?: string; path?: string[]; message: string }[]
  }
}

interface ThreadsAnswer {
  repository: {
    pullRequest: {
      reviewThreads: {
        nodes: {
          id: string
          isResolved: boolean
          comments: { nodes: { databaseId: number | null; fullDatabaseId: string }[] }
        }[]
        pageInfo: { hasNextPage: boolean; endCursor: string | null }
      }
    } | null
  }
}

const THREADS = `query($owner: String!, $name: String!, $number: Int!, $first: Int, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewThreads(first: $first, after: $after) {
        nodes { id isResolved comments(first: 10) { nodes { databaseId fullDatabaseId } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}`

describe('fake GitHub: review comments over REST', () => {
  it('lists one review’s comments, the pull request’s comments, and one comment, in GitHub’s shapes', async () => {
    const { data: ofReview } = await octokit.rest.pulls.listCommentsForReview({
      ...repo,
      pull_number: pull,
      review_id: review.reviewId
    })
    expect(ofReview.map(c => [c.id, c.path, c.start_line, c.line, c.pull_request_review_id])).toEqual([
      [review.comments[0]!.id, 'src/banner.ts', 3, 5, review.reviewId],
      [review.comments[1]!.id, 'README.md', undefined, undefined, review.reviewId]
    ])
    const { data: all } = await octokit.rest.pulls.listReviewComments({ ...repo, pull_number: pull })
    expect(all.map(c => c.subject_type)).toEqual(['line', 'file'])
    const { data: one } = await octokit.rest.pulls.getReviewComment({
      ...repo,
      comment_id: review.comments[0]!.id
    })
    expect(one).toMatchObject({ body: 'Use the theme colour', side: 'RIGHT', user: { login: 'octocat' } })
    expect(one.node_id).toMatch(/^PRRC_/)
  })

  it('answers 404 for a review of another pull request and for an unknown comment', async () => {
    const other = github.addPull({ head: 'other', title: 'Other' })
    await expect(
      octokit.rest.pulls.listCommentsForReview({ ...repo, pull_number: other, review_id: review.reviewId })
    ).rejects.toMatchObject({ status: 404 })
    await expect(octokit.rest.pulls.getReviewComment({ ...repo, comment_id: 1 })).rejects.toMatchObject({
      status: 404
    })
  })

  it('replies in a thread as its own review, with the place in the diff of the thread’s first comment', async () => {
    const top = review.comments[0]!
    const { data, status } = await octokit.rest.pulls.createReplyForReviewComment({
      ...repo,
      pull_number: pull,
      comment_id: top.id,
      body: 'Done'
    })
    expect(status).toBe(201)
    expect(data).toMatchObject({
      in_reply_to_id: top.id,
      path: 'src/banner.ts',
      line: 5,
      user: { login: 'github-actions[bot]' }
    })
    expect(data.pull_request_review_id).not.toBe(review.reviewId)
    expect(github.reviewThreads(pull)[0]!.commentIds).toEqual([top.id, data.id])
  })

  it('refuses what GitHub refuses: a reply to a reply, to another pull request’s comment, to nothing, or blank', async () => {
    const human = github.replyInThread(pull, review.comments[0]!.id, { user: 'mona', body: 'Yes' })
    const other = github.addPull({ head: 'other', title: 'Other' })
    const reply = (pullNumber: number, commentId: number, body = 'Done') =>
      octokit.rest.pulls.createReplyForReviewComment({
        ...repo,
        pull_number: pullNumber,
        comment_id: commentId,
        body
      })

    await expect(reply(pull, human.id)).rejects.toMatchObject({ status: 404 })
    await expect(reply(other, review.comments[0]!.id)).rejects.toMatchObject({ status: 404 })
    await expect(reply(pull, 424242)).rejects.toMatchObject({ status: 404 })
    await expect(reply(pull, review.comments[0]!.id, '  ')).rejects.toMatchObject({
      status: 422,
      response: { data: { message: 'Validation Failed' } }
    })
    expect(github.reviewReplies(pull).map(r => r.user)).toEqual(['mona'])
  })

  it('threads a person’s reply under the first comment even when they answer a reply', () => {
    const first = github.replyInThread(pull, review.comments[0]!.id, { user: 'mona', body: 'a' })
    const second = github.replyInThread(pull, first.id, { user: 'hubot', body: 'b' })
    expect(second.inReplyToId).toBe(review.comments[0]!.id)
  })

  it('applies a reply and then answers 502, so a blind retry would duplicate it', async () => {
    github.failNext({ method: 'POST', path: /\/replies$/, status: 502, applyFirst: true })
    await expect(
      octokit.rest.pulls.createReplyForReviewComment({
        ...repo,
        pull_number: pull,
        comment_id: review.comments[0]!.id,
        body: 'Done',
        request: { retries: 0 }
      })
    ).rejects.toMatchObject({ status: 502 })
    expect(github.reviewReplies(pull)).toHaveLength(1)
  })
})

describe('fake GitHub: the pull request a follow-up reads', () => {
  it('serves head and base refs, merged state and a fork’s head repository in GitHub’s shape', async () => {
    const fork = github.addPull({ head: 'patch-1', title: 'Typo', user: 'mallory', fork: 'mallory' })
    github.closePull(pull, { merged: true })
    const { data: merged } = await octokit.rest.pulls.get({ ...repo, pull_number: pull })
    expect(merged).toMatchObject({
      state: 'closed',
      merged: true,
      head: { ref: 'agent-team/req-7-banner' },
      base: { ref: 'main' },
      review_comments: 2
    })
    expect(merged.merged_at).toBeTruthy()
    const { data: forked } = await octokit.rest.pulls.get({ ...repo, pull_number: fork })
    expect(forked.head).toMatchObject({
      label: 'mallory:patch-1',
      repo: { full_name: 'mallory/widgets', fork: true }
    })
    expect(forked.head.repo?.id).not.toBe(forked.base.repo.id)
  })
})

describe('fake GitHub: review threads over GraphQL', () => {
  const vars = { owner: 'octo-org', name: 'widgets' }

  it('pages threads with cursors and lists their comments’ REST ids, past 32 bits only in fullDatabaseId', async () => {
    const first = await graphql<ThreadsAnswer>(THREADS, { ...vars, number: pull, first: 1 })
    const page1 = first.data!.repository.pullRequest!.reviewThreads
    expect(page1.nodes).toEqual([
      {
        id: review.threadIds[0],
        isResolved: false,
        comments: { nodes: [{ databaseId: null, fullDatabaseId: String(review.comments[0]!.id) }] }
      }
    ])
    expect(page1.pageInfo.hasNextPage).toBe(true)
    const second = await graphql<ThreadsAnswer>(THREADS, {
      ...vars,
      number: pull,
      first: 1,
      after: page1.pageInfo.endCursor
    })
    const page2 = second.data!.repository.pullRequest!.reviewThreads
    expect(page2.nodes.map(t => t.id)).toEqual([review.threadIds[1]])
    expect(page2.pageInfo.hasNextPage).toBe(false)
  })

  it('refuses a connection without `first`, or with more than 100, as GitHub’s resource limits do', async () => {
    const none = await graphql<ThreadsAnswer>(THREADS, { ...vars, number: pull })
    expect(none.errors).toEqual([
      expect.objectContaining({
        type: 'MISSING_PAGINATION_BOUNDARIES',
        path: ['repository', 'pullRequest', 'reviewThreads']
      })
    ])
    const many = await graphql<ThreadsAnswer>(THREADS, { ...vars, number: pull, first: 101 })
    expect(many.errors?.[0]).toMatchObject({
      type: 'EXCESSIVE_PAGINATION',
      message:
        'Requesting 101 records on the `reviewThreads` connection exceeds the `first` limit of 100 records.'
    })
  })

  it('answers NOT_FOUND for a pull request that does not exist, with the repository still there', async () => {
    const answer = await graphql<ThreadsAnswer>(THREADS, { ...vars, number: 999, first: 10 })
    expect(answer.data).toEqual({ repository: { pullRequest: null } })
    expect(answer.errors).toEqual([
      {
        type: 'NOT_FOUND',
        path: ['repository', 'pullRequest'],
        message: 'Could not resolve to a PullRequest with the number of 999.'
      }
    ])
  })

  it('resolves a thread, again without complaint, and refuses an unknown id with NOT_FOUND', async () => {
    const mutation =
      'mutation($id: ID!) { resolveReviewThread(input: { threadId: $id }) { thread { id isResolved } } }'
    for (let i = 0; i < 2; i++) {
      const answer = await graphql(mutation, { id: review.threadIds[0] })
      expect(answer).toEqual({
        data: { resolveReviewThread: { thread: { id: review.threadIds[0], isResolved: true } } }
      })
    }
    expect(github.reviewThreads(pull).map(t => t.isResolved)).toEqual([true, false])
    const unknown = await graphql(mutation, { id: 'PRRT_kwDOnope' })
    expect(unknown).toEqual({
      data: { resolveReviewThread: null },
      errors: [
        {
          type: 'NOT_FOUND',
          path: ['resolveReviewThread'],
          message: "Could not resolve to a node with the global id of 'PRRT_kwDOnope'"
        }
      ]
    })
  })

  it('reads aliases and inline arguments, and warns about fields it does not model', async () => {
    const answer = await graphql<{
      repo: { pullRequest: { threads: { totalCount: number; nodes: unknown[] } } }
    }>(
      `{ repo: repository(owner: "octo-org", name: "widgets") { pullRequest(number: ${pull}) { threads: reviewThreads(first: 5) { totalCount nodes { viewerCanReply } } } } }`
    )
    expect(answer.data?.repo.pullRequest.threads).toEqual({
      totalCount: 2,
      nodes: [{ viewerCanReply: null }, { viewerCanReply: null }]
    })
    expect(github.warnings.map(w => w.message)).toEqual([
      expect.stringMatching(/viewerCanReply not modelled/)
    ])
  })

  it('fails the next resolveReviewThread with a GraphQL error, leaving the thread open', async () => {
    github.failNextGraphql({ field: 'resolveReviewThread' })
    const answer = await graphql(
      'mutation { resolveReviewThread(input: { threadId: "x" }) { thread { id } } }'
    )
    expect(answer.errors?.[0]!.message).toMatch(/Something went wrong/)
    expect(github.reviewThreads(pull).every(t => !t.isResolved)).toBe(true)
  })
})

describe('webhook payloads for reviews', () => {
  it('builds a submitted review, a line comment, a reply and a PR comment aimed at the team’s pull request', () => {
    const target = { number: pull, headRef: 'agent-team/req-7-banner', sender: 'octocat' }
    const submitted = pullRequestReview({
      ...target,
      reviewId: review.reviewId,
      state: review.state,
      body: 'Two things'
    })
    expect(submitted).toMatchObject({
      action: 'submitted',
      review: {
        id: review.reviewId,
        state: 'changes_requested',
        body: 'Two things',
        user: { login: 'octocat' }
      },
      pull_request: {
        number: pull,
        head: { ref: 'agent-team/req-7-banner', repo: { full_name: 'octo-org/widgets' } }
      },
      repository: { full_name: 'octo-org/widgets' },
      sender: { login: 'octocat' }
    })
    const top = review.comments[0]!
    const comment = pullRequestReviewComment({
      ...target,
      commentId: top.id,
      reviewId: review.reviewId,
      body: top.body,
      path: top.path,
      line: 5,
      startLine: 3
    })
    expect(comment).toMatchObject({
      action: 'created',
      comment: {
        id: top.id,
        path: 'src/banner.ts',
        line: 5,
        start_line: 3,
        pull_request_review_id: review.reviewId
      }
    })
    expect(comment.comment).not.toHaveProperty('in_reply_to_id')
    const reply = pullRequestReviewComment({
      ...target,
      commentId: 77,
      reviewId: 78,
      body: 'and?',
      path: top.path,
      line: 5,
      inReplyToId: top.id
    })
    expect(reply.comment.in_reply_to_id).toBe(top.id)
    const onPull = prComment({ number: pull, body: '/agents run fix the tests', commentId: 9 })
    expect(onPull).toMatchObject({
      action: 'created',
      issue: { number: pull, pull_request: { url: expect.stringContaining(`/pulls/${pull}`) } }
    })
  })
})
