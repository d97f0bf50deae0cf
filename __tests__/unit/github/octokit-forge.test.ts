import { afterEach, describe, expect, it } from '@jest/globals'
import { DraftsUnsupported } from '../../../src/github/forge.js'
import { createOctokitForge } from '../../../src/github/octokit-forge.js'
import type { Clock } from '../../../src/util/clock.js'
import { silentLogger, type Logger } from '../../../src/util/logger.js'
import { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from '../../harness/fake-github.js'
import { manualClock } from '../../harness/manual-clock.js'

/**
 * The Forge over Octokit, against a fake that refuses what GitHub refuses: writes that GitHub applied before
 * a failed answer are not made twice, only the token's own comments are adopted, polling is conditional,
 * and labels are created with their colour.
 */
describe('the GitHub forge', () => {
  let github: FakeGitHub | undefined

  afterEach(async () => {
    await github?.close()
    github = undefined
  })

  async function forgeOn(options: FakeGitHubOptions = {}, logger: Logger = silentLogger, clock?: Clock) {
    github = await startFakeGitHub(options)
    const forge = createOctokitForge({
      token: 'ghs_forge_test_token',
      repo: { owner: 'octo-org', repo: 'widgets' },
      baseUrl: github.url,
      logger,
      retryBaseMs: 1,
      throttle: false,
      ...(clock ? { clock } : {})
    })
    return { github, forge }
  }

  it('makes one comment when GitHub applied it but answered 502', async () => {
    const { github, forge } = await forgeOn()
    const issue = github.addIssue({ title: 'Banner' })
    github.failNext({ method: 'POST', path: /\/comments$/, status: 502, applyFirst: true })

    const made = await forge.createComment(issue, 'hello <!-- agent-team:plan issue=1 -->')

    expect(github.comments(issue)).toHaveLength(1)
    expect(made.id).toBe(github.comments(issue)[0]!.id)
  })

  it('opens one pull request when GitHub applied it but answered 502', async () => {
    const { github, forge } = await forgeOn()
    github.failNext({ method: 'POST', path: /\/pulls$/, status: 502, applyFirst: true })

    const pull = await forge.createPull({ head: 'feature', base: 'main', title: 'T', body: 'B', draft: true })

    expect(github.pulls()).toHaveLength(1)
    expect(pull).toMatchObject({ number: github.pulls()[0]!.number, draft: true, title: 'T' })
  })

  it('sends a comment again when the failed attempt did not land', async () => {
    const { github, forge } = await forgeOn()
    const issue = github.addIssue({ title: 'Banner' })
    github.failNext({ method: 'POST', path: /\/comments$/, status: 502 })

    await forge.createComment(issue, 'hello')

    expect(github.comments(issue)).toHaveLength(1)
  })

  it('says so when the repository takes no drafts', async () => {
    const { forge } = await forgeOn({ draftPullRequests: false })
    await expect(
      forge.createPull({ head: 'feature', base: 'main', title: 'T', body: 'B', draft: true })
    ).rejects.toBeInstanceOf(DraftsUnsupported)
  })

  it('edits a comment no sooner than 3 s after its last write ended, the creation included', async () => {
    const clock = manualClock(Date.parse('2026-01-01T00:00:00Z'))
    const { github, forge } = await forgeOn({}, silentLogger, clock)
    const issue = github.addIssue({ title: 'Banner' })
    const edits = () => github.requests.filter(r => r.operationId === 'issues/update-comment')

    /** The edit waits out the spacing: not sent a millisecond early, sent on time. */
    const sentAfterSpacing = async (edit: Promise<unknown>, editsBefore: number): Promise<void> => {
      await clock.advance(0)
      expect(clock.pending()).toBe(1)
      await clock.advance(2_999)
      expect(edits()).toHaveLength(editsBefore)
      await clock.advance(1)
      await edit
      expect(edits()).toHaveLength(editsBefore + 1)
    }

    const plan = await forge.createComment(issue, 'plan')
    await sentAfterSpacing(forge.updateComment(plan.id, 'plan, PR #2'), 0)
    await sentAfterSpacing(forge.updateComment(plan.id, 'plan, done'), 1)
    expect(github.comments(issue).map(c => c.body)).toEqual(['plan, done'])
  })

  it('finds only its own comments by marker: a pasted marker does not make a comment ours', async () => {
    const { github, forge } = await forgeOn()
    const issue = github.addIssue({ title: 'Banner' })
    const marker = '<!-- agent-team:plan issue=1 -->'
    github.addComment(issue, { body: `look ${marker}`, user: 'mallory' })
    expect(await forge.findComment(issue, marker)).toBeUndefined()

    const ours = await forge.createComment(issue, `plan ${marker}`)

    expect(await forge.findComment(issue, marker)).toEqual({ id: ours.id, htmlUrl: ours.htmlUrl })
  })

  it.each([
    ['installation', 'github-actions[bot]'],
    ['user', 'octocat']
  ] as const)('knows who an %s token is', async (tokenKind, login) => {
    const { forge } = await forgeOn({ tokenKind, actor: login })
    expect(await forge.identity()).toBe(login)
  })

  it('polls the repository’s comments conditionally, in one request: unchanged is a 304, news names its issue', async () => {
    const { github, forge } = await forgeOn()
    const issue = github.addIssue({ title: 'Banner' })
    const pull = github.addPull({ title: 'Banner work', head: 'agent-team/1-banner' })
    const since = '2000-01-01T00:00:00Z'

    const first = await forge.pollComments({ since })
    const etag = first.changed ? first.etag : undefined
    expect(etag).toBeTruthy()
    expect(await forge.pollComments({ since, etag })).toEqual({ changed: false })
    github.addComment(issue, { body: 'looks good', user: 'mona' })
    github.addComment(pull, { body: '/agents stop', user: 'octocat' })
    const news = await forge.pollComments({ since, etag })

    expect(news.changed && news.comments.map(c => [c.issueNumber, c.author, c.body])).toEqual([
      [pull, 'octocat', '/agents stop'],
      [issue, 'mona', 'looks good']
    ])
    expect(github.notModified()).toHaveLength(1)
    expect(github.requests.map(r => [r.operationId, r.query])).toEqual(
      Array(3).fill([
        'issues/list-comments-for-repo',
        { since, sort: 'created', direction: 'desc', per_page: '100' }
      ])
    )
  })

  it('creates a missing label with its colour and description, and leaves an existing one alone', async () => {
    const { github, forge } = await forgeOn()
    github.addLabel({ name: 'agent-team', color: '000000', description: 'ours, by hand' })

    await forge.ensureLabel({ name: 'agent-team', color: '5319e7', description: 'x' })
    await forge.ensureLabel({ name: 'agent-team:done', color: '0e8a16', description: 'Built' })

    expect(github.repoLabels()).toEqual(
      expect.arrayContaining([
        { name: 'agent-team', color: '000000', description: 'ours, by hand' },
        { name: 'agent-team:done', color: '0e8a16', description: 'Built' }
      ])
    )
  })

  it('rides out server errors and logs each retry', async () => {
    const lines: string[] = []
    const logger = { ...silentLogger, info: (line: string) => void lines.push(line) }
    const { github, forge } = await forgeOn({}, logger)
    github.failNext({ path: '/repos/octo-org/widgets', status: 502, times: 2 })

    expect(await forge.getDefaultBranch()).toBe('main')

    expect(github.requests.map(r => r.status)).toEqual([502, 502, 200])
    expect(lines).toEqual([
      expect.stringMatching(/^GitHub API: retrying GET \/repos\/.+ \(retry 1\)$/),
      expect.stringMatching(/^GitHub API: retrying GET \/repos\/.+ \(retry 2\)$/)
    ])
  })

  it('logs no retry for a request that was not retried, after an error that is not retried', async () => {
    const lines: string[] = []
    const logger = { ...silentLogger, info: (line: string) => void lines.push(line) }
    const { github, forge } = await forgeOn({}, logger)

    // A 404 fails at once; the calls after it are first attempts and must not read as retries.
    await expect(forge.getIssue(404)).rejects.toThrow()
    expect(await forge.getDefaultBranch()).toBe('main')
    expect(await forge.getDefaultBranch()).toBe('main')

    expect(github.requests.map(r => r.status)).toEqual([404, 200, 200])
    expect(lines.filter(line => line.includes('retrying'))).toEqual([])
  })

  it('refuses to start without a token rather than call GitHub anonymously', () => {
    expect(() =>
      createOctokitForge({
        token: '',
        repo: { owner: 'octo-org', repo: 'widgets' },
        baseUrl: 'http://127.0.0.1:1',
        logger: silentLogger
      })
    ).toThrow(/github_token/)
  })
})
