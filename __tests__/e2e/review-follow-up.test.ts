import { beforeEach, describe, expect, it } from '@jest/globals'
import { FEATURE_BRANCH, GREETING_ISSUE, STATE_FILE, useE2e } from '../harness/e2e-fixture.js'
import { forcedToolName, toolUse, type MessagesRequest } from '../harness/fake-anthropic.js'
import { runGit } from '../harness/git-repo.js'
import {
  fourTaskPlan,
  GREETING_WORK,
  isPlanCall,
  planReply,
  planTask,
  scriptedAgent,
  taskIdOf
} from '../harness/scripted-team.js'
import { prComment, pullRequestReview } from '../harness/webhook-payloads.js'

/** The sample's test, as each round leaves it: the greeting and the frame the reviewers asked for. */
const testFile = (expected: string) => ({
  path: 'test/greeting-banner.test.js',
  content: `import { test } from 'node:test'\nimport assert from 'node:assert/strict'\nimport { greetingBanner } from '../src/greeting-banner.js'\n\ntest('frames the greeting', () => {\n  assert.equal(greetingBanner('Ada'), ${JSON.stringify(expected)})\n})\n`
})

const FOLLOW_UP_WORK: Record<string, { path: string; content: string }[]> = {
  ...GREETING_WORK,
  'R2-1': [
    { path: 'src/greet.js', content: 'export function greet(name) {\n  return `Hi, ${name}!`\n}\n' },
    testFile('************\n* Hi, Ada! *\n************')
  ],
  'R2-2': [
    {
      path: 'src/banner.js',
      content:
        "export function banner(text) {\n  const line = '#'.repeat(text.length + 4)\n  return [line, `# ${text} #`, line].join('\\n')\n}\n"
    },
    testFile('############\n# Hi, Ada! #\n############')
  ],
  'R2-3': [
    { path: 'src/greet.js', content: 'export function greet(name) {\n  return `Hey, ${name}!`\n}\n' },
    testFile('*************\n* Hey, Ada! *\n*************')
  ]
}

const task = planTask

function text(request: MessagesRequest): string {
  return JSON.stringify(request.messages)
}

/** A review of the team's PR, on the built action: the follow-up round happens on the same branch. */
describe('follow-ups from reviews of the team’s PR (dist/index.js)', () => {
  const e2e = useE2e({ permissions: { reviewer: 'write', 'passer-by': 'read' } })
  let issue: number
  let commentIds: number[]

  beforeEach(async () => {
    issue = e2e.github.addIssue(GREETING_ISSUE)
    commentIds = []
    const agent = scriptedAgent(FOLLOW_UP_WORK)
    e2e.anthropic.setHandler(request => {
      if (isPlanCall(request)) return planReply(fourTaskPlan())
      if (forcedToolName(request) === 'revise_plan') {
        if (text(request).includes('reviewed the pull request')) {
          return toolUse('revise_plan', {
            change: 'The greeting says Hi and the frame is drawn with #.',
            summary: 'Change the greeting, then the frame.',
            tasks: [
              task('R2-1', 'backend-dev', 'Say Hi', [], ['src/greet.js']),
              task('R2-2', 'frontend-dev', 'Frame with #', ['R2-1'], ['src/banner.js'])
            ],
            comments: [
              { id: commentIds[0], tasks: ['R2-1'] },
              { id: commentIds[1], tasks: ['R2-2'] },
              { id: commentIds[2], reason: 'Renaming the module is outside this feature.' }
            ]
          })
        }
        return toolUse('revise_plan', {
          change: 'The greeting says Hey.',
          summary: 'Change the greeting again.',
          tasks: [task('R2-3', 'backend-dev', 'Say Hey', [], ['src/greet.js'])]
        })
      }
      return agent(request)
    })
  })

  const act = (eventName: string, payload: Record<string, unknown>) => e2e.run({ eventName, payload })

  /** The first run: the issue labelled, the feature built, the PR ready. */
  const label = async () => {
    const result = await e2e.label(issue)
    expect(result.outputs.status).toBe('done')
    return result
  }
  const originFile = (path: string) => runGit(e2e.repo.origin, 'show', `${FEATURE_BRANCH}:${path}`)
  const committedState = async () => JSON.parse(await runGit(e2e.repo.origin, 'show', STATE_FILE))
  const progressComments = (pr: number) =>
    e2e.github.comments(pr).filter(comment => comment.body.includes('<!-- agent-team:progress'))

  it('turns a "changes requested" review into a round on the same branch, answering and resolving each thread', async () => {
    const first = await label()
    const pr = Number(first.outputs.pull_request)
    const tipBefore = (await runGit(e2e.repo.origin, 'rev-parse', FEATURE_BRANCH)).trim()

    // A reader's review is refused before any model call.
    const strangers = e2e.github.submitReview(pr, {
      user: 'passer-by',
      state: 'CHANGES_REQUESTED',
      body: 'Redo it all.'
    })
    const calls = e2e.anthropic.requests.length
    const refused = await act(
      'pull_request_review',
      pullRequestReview({
        number: pr,
        headRef: FEATURE_BRANCH,
        reviewId: strangers.reviewId,
        state: 'changes_requested',
        body: 'Redo it all.',
        sender: 'passer-by'
      })
    )
    expect(refused.outputs.status).toBe('refused')
    expect(e2e.anthropic.requests.length).toBe(calls)

    const review = e2e.github.submitReview(pr, {
      user: 'reviewer',
      state: 'CHANGES_REQUESTED',
      body: 'Two changes, please.',
      comments: [
        { path: 'src/greet.js', line: 2, body: 'Say "Hi" rather than "Hello".' },
        { path: 'src/banner.js', line: 2, body: 'Draw the frame with # instead of *.' },
        { path: 'src/greeting-banner.js', line: 4, body: 'Maybe rename this module?' }
      ]
    })
    commentIds = review.comments.map(comment => comment.id)
    const deliverReview = () =>
      act(
        'pull_request_review',
        pullRequestReview({
          number: pr,
          headRef: FEATURE_BRANCH,
          reviewId: review.reviewId,
          state: 'changes_requested',
          body: 'Two changes, please.',
          sender: 'reviewer'
        })
      )
    const round = await deliverReview()
    expect(round.outputs.status).toBe('done')
    expect(Number(round.outputs.pull_request)).toBe(pr)

    // The manager read the review with both comments, their files, lines and diff hunks.
    const revise = e2e.anthropic.requests.find(r => forcedToolName(r.body as never) === 'revise_plan')
    const asked = text(revise?.body as MessagesRequest)
    expect(asked).toContain('Say \\"Hi\\" rather than \\"Hello\\".')
    expect(asked).toContain('file=\\"src/banner.js\\" at=\\"line 2\\"')
    expect(asked).toContain('@@')

    // New commits on the same branch, fast-forward from where round 1 left it, addressing both comments.
    await runGit(e2e.repo.origin, 'merge-base', '--is-ancestor', tipBefore, FEATURE_BRANCH)
    expect(await originFile('src/greet.js')).toContain('Hi, ${name}!')
    expect(await originFile('src/banner.js')).toContain("'#'.repeat")
    const ran = e2e.anthropic.requests
      .slice(calls)
      .map(r => taskIdOf(r.body as never))
      .filter(Boolean)
    expect(new Set(ran)).toEqual(new Set(['R2-1', 'R2-2']))

    // One reply per thread: what changed with the commit, or why not. Only the addressed threads resolved.
    const threads = e2e.github.reviewThreads(pr)
    expect(threads).toHaveLength(3)
    expect(threads.map(thread => thread.isResolved)).toEqual([true, true, false])
    const replies = e2e.github.reviewReplies(pr).filter(reply => reply.body.includes('<!-- agent-team:reply'))
    expect(replies.map(reply => reply.inReplyToId).sort()).toEqual([...commentIds].sort())
    const replyTo = (id: number) => replies.find(reply => reply.inReplyToId === id)?.body ?? ''
    for (const id of commentIds.slice(0, 2)) {
      expect(replyTo(id)).toMatch(
        /Changed: R2-\d .* in \[[0-9a-f]{7}\]\(https:\/\/github\.com\/.*\/commit\/[0-9a-f]{40}\)/
      )
    }
    expect(replyTo(commentIds[2] as number)).toContain(
      'Not changed: Renaming the module is outside this feature.'
    )

    // Still one PR and one progress comment, now showing round 2.
    expect(e2e.github.pulls()).toHaveLength(1)
    const progress = progressComments(pr)
    expect(progress).toHaveLength(1)
    expect(progress[0]?.body).toContain('Round 2')
    const state = await committedState()
    expect(state.run.round).toBe(2)
    expect(state.run.plan_version).toBe(2)
    expect(state.rounds[0].replies).toHaveLength(3)
    expect(state.tasks.find((t: { id: string }) => t.id === 'T1').attempts).toBe(1)

    // The same review delivered again (a re-run of the workflow) is not taken up twice.
    const again = await deliverReview()
    expect(again.outputs.status).toBe('skipped')

    expect(e2e.github.violations).toEqual([])
  }, 180_000)

  it('takes `/agents run <text>` on the PR as a follow-up on the same branch and PR', async () => {
    const first = await label()
    const pr = Number(first.outputs.pull_request)
    const commentId = e2e.github.addComment(pr, {
      body: '/agents run Make the greeting say Hey',
      user: 'octocat'
    })
    const third = await act(
      'issue_comment',
      prComment({ number: pr, body: '/agents run Make the greeting say Hey', commentId })
    )
    expect(third.outputs.status).toBe('done')
    expect(await originFile('src/greet.js')).toContain('Hey, ${name}!')
    expect(e2e.github.pulls()).toHaveLength(1)
    expect(progressComments(pr)).toHaveLength(1)
    expect(progressComments(pr)[0]?.body).toContain('Round 2')
    const state = await committedState()
    expect(state.run.round).toBe(2)
    expect(state.rounds[0]).toMatchObject({
      trigger: 'comment',
      actor: 'octocat',
      request: 'Make the greeting say Hey'
    })
    expect(e2e.github.violations).toEqual([])
  }, 180_000)
})
