import { afterEach, describe, expect, it } from '@jest/globals'
import { ReplyToReply } from '../../../src/github/forge.js'
import { createOctokitForge } from '../../../src/github/octokit-forge.js'
import { silentLogger } from '../../../src/util/logger.js'
import { startFakeGitHub, type FakeGitHub } from '../../harness/fake-github.js'

/**
 * The forge's review side against a fake that refuses what GitHub refuses: replies go only to a thread's
 * first comment, a reply GitHub applied before a failed answer is not made twice, and threads are read
 * page by page as GitHub's GraphQL hands them out (at most 100 at a time).
 */
describe('the GitHub forge on reviews', () => {
  let github: FakeGitHub | undefined

  afterEach(async () => {
    await github?.close()
    expect(github?.violations).toEqual([])
    expect(github?.warnings).toEqual([])
    github = undefined
  })

  async function forgeOn() {
    github = await startFakeGitHub()
    const forge = createOctokitForge({
      token: 'ghs_forge_test_token',
      repo: { owner: 'octo-org', repo: 'widgets' },
      baseUrl: github.url,
      logger: silentLogger,
      retryBaseMs: 1,
      throttle: false
    })
    const pull = github.addPull({ head: 'agent-team/req-7-banner', title: 'Banner', draft: true })
    return { github, forge, pull }
  }

  it('reads the pull request a follow-up builds on: branches, head sha, state, and whether it is a fork', async () => {
    const { github, forge, pull } = await forgeOn()
    const fromFork = github.addPull({ head: 'patch-1', title: 'Typo', user: 'mallory', fork: 'mallory' })
    github.closePull(pull, { merged: true })

    expect(await forge.getPull(pull)).toMatchObject({
      number: pull,
      headRef: 'agent-team/req-7-banner',
      baseRef: 'main',
      headSha: expect.stringMatching(/^[0-9a-f]{40}$/),
      draft: true,
      state: 'closed',
      merged: true,
      fromFork: false
    })
    expect(await forge.getPull(fromFork)).toMatchObject({ headRef: 'patch-1', state: 'open', fromFork: true })
  })

  it('reads one review’s line comments, oldest first, with file, line range, side and diff hunk', async () => {
    const { github, forge, pull } = await forgeOn()
    github.submitReview(pull, {
      user: 'mona',
      state: 'COMMENTED',
      comments: [{ path: 'x.ts', line: 1, body: 'other review' }]
    })
    const review = github.submitReview(pull, {
      user: 'octocat',
      state: 'CHANGES_REQUESTED',
      body: 'Two things',
      comments: [
        {
          path: 'src/banner.ts',
          startLine: 3,
          line: 5,
          body: 'Use the theme colour',
          diffHunk: '@@ -1,5 +1,5 @@\n+red'
        },
        { path: 'README.md', body: 'Document the banner' }
      ]
    })

    const comments = await forge.listReviewComments(pull, review.reviewId)

    expect(comments).toEqual([
      {
        id: review.comments[0]!.id,
        nodeId: review.comments[0]!.nodeId,
        body: 'Use the theme colour',
        author: 'octocat',
        authorIsBot: false,
        path: 'src/banner.ts',
        startLine: 3,
        line: 5,
        side: 'RIGHT',
        diffHunk: '@@ -1,5 +1,5 @@\n+red',
        reviewId: review.reviewId,
        htmlUrl: `https://github.com/octo-org/widgets/pull/${pull}#discussion_r${review.comments[0]!.id}`,
        createdAt: expect.any(String)
      },
      expect.objectContaining({ id: review.comments[1]!.id, path: 'README.md', body: 'Document the banner' })
    ])
    // A comment on the whole file has no line range.
    expect(comments[1]!.line).toBeUndefined()
    expect(comments[1]!.startLine).toBeUndefined()
  })

  it('replies once in the thread of a top-level comment, and the reply knows what it answers', async () => {
    const { github, forge, pull } = await forgeOn()
    const review = github.submitReview(pull, {
      user: 'octocat',
      state: 'CHANGES_REQUESTED',
      comments: [{ path: 'src/banner.ts', line: 5, body: 'Use the theme colour' }]
    })
    const top = review.comments[0]!

    const reply = await forge.replyToReviewComment(pull, top.id, 'Done in abc1234')

    expect(github.reviewReplies(pull)).toEqual([
      expect.objectContaining({
        id: reply.id,
        user: 'github-actions[bot]',
        inReplyToId: top.id,
        body: 'Done in abc1234'
      })
    ])
    expect(await forge.getReviewComment(reply.id)).toMatchObject({
      inReplyToId: top.id,
      path: 'src/banner.ts',
      line: 5,
      author: 'github-actions[bot]',
      authorIsBot: true
    })
    expect(github.reviewThreads(pull)).toEqual([
      expect.objectContaining({ id: review.threadIds[0], commentIds: [top.id, reply.id], isResolved: false })
    ])
  })

  it('refuses a reply to a reply as GitHub does, naming the thread’s first comment to answer instead', async () => {
    const { github, forge, pull } = await forgeOn()
    const review = github.submitReview(pull, {
      user: 'octocat',
      state: 'COMMENTED',
      comments: [{ path: 'a.ts', line: 1, body: 'Why?' }]
    })
    const human = github.replyInThread(pull, review.comments[0]!.id, { user: 'mona', body: 'Agreed, why?' })

    const refused = forge.replyToReviewComment(pull, human.id, 'Because')

    await expect(refused).rejects.toBeInstanceOf(ReplyToReply)
    await expect(refused).rejects.toMatchObject({ commentId: human.id, topLevelId: review.comments[0]!.id })
    expect(github.reviewReplies(pull).map(r => r.user)).toEqual(['mona'])
    await expect(forge.replyToReviewComment(pull, 999_999, 'Because')).rejects.toMatchObject({ status: 404 })
  })

  it('makes one reply when GitHub applied it but answered 502', async () => {
    const { github, forge, pull } = await forgeOn()
    const review = github.submitReview(pull, {
      user: 'octocat',
      state: 'CHANGES_REQUESTED',
      comments: [{ path: 'a.ts', line: 1, body: 'Fix' }]
    })
    github.failNext({ method: 'POST', path: /\/replies$/, status: 502, applyFirst: true })

    const reply = await forge.replyToReviewComment(pull, review.comments[0]!.id, 'Fixed in abc1234')

    expect(github.reviewReplies(pull)).toHaveLength(1)
    expect(reply.id).toBe(github.reviewReplies(pull)[0]!.id)
  })

  it('sends the reply again when the failed attempt did not land', async () => {
    const { github, forge, pull } = await forgeOn()
    const review = github.submitReview(pull, {
      user: 'octocat',
      state: 'CHANGES_REQUESTED',
      comments: [{ path: 'a.ts', line: 1, body: 'Fix' }]
    })
    github.failNext({ method: 'POST', path: /\/replies$/, status: 502 })

    await forge.replyToReviewComment(pull, review.comments[0]!.id, 'Fixed')

    expect(github.reviewReplies(pull)).toHaveLength(1)
  })

  it('reads every thread across pages, with its comments and whether it is resolved', async () => {
    const { github, forge, pull } = await forgeOn()
    // 101 threads: GraphQL hands out at most 100 a page.
    const comments = Array.from({ length: 101 }, (_, i) => ({ path: `f${i}.ts`, line: i + 1, body: `c${i}` }))
    const review = github.submitReview(pull, { user: 'octocat', state: 'COMMENTED', comments })
    const reply = github.replyInThread(pull, review.comments[100]!.id, { user: 'mona', body: '+1' })
    await forge.resolveReviewThread(review.threadIds[1]!)

    const threads = await forge.listReviewThreads(pull)

    expect(threads.map(t => t.id)).toEqual(review.threadIds)
    expect(threads[1]!.isResolved).toBe(true)
    expect(threads.filter(t => t.isResolved)).toHaveLength(1)
    expect(threads[100]!.commentIds).toEqual([review.comments[100]!.id, reply.id])
    expect(await forge.listReviewComments(pull, review.reviewId)).toHaveLength(101)
    const pages = github.requests.filter(
      r => r.path === '/graphql' && /reviewThreads/.test(JSON.stringify(r.body))
    )
    expect(pages).toHaveLength(2)
  })

  it('resolves a thread twice without complaint, and fails on a thread that does not exist', async () => {
    const { github, forge, pull } = await forgeOn()
    const review = github.submitReview(pull, {
      user: 'octocat',
      state: 'CHANGES_REQUESTED',
      comments: [{ path: 'a.ts', line: 1, body: 'Fix' }]
    })

    await forge.resolveReviewThread(review.threadIds[0]!)
    await forge.resolveReviewThread(review.threadIds[0]!)

    expect(github.reviewThreads(pull)).toEqual([
      expect.objectContaining({ isResolved: true, resolvedBy: 'github-actions[bot]' })
    ])
    await expect(forge.resolveReviewThread('PRRT_kwDOnothing')).rejects.toThrow(/Could not resolve to a node/)
  })
})
