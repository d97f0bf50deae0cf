import { describe, expect, it } from '@jest/globals'
import { classifyEvent } from '../../../src/trigger/classify-event.js'
import { addressesTeam } from '../../../src/trigger/classify-pull-event.js'
import { pullRequestReview, pullRequestReviewComment } from '../../harness/webhook-payloads.js'

const inputs = { label: 'agent-team', triggerPhrase: '/agents' }
const target = { number: 34, headRef: 'agent-team/12-dark-mode', sender: 'reviewer' }
const review = (state: string, body: string | null, extra: Record<string, unknown> = {}) => ({
  ...pullRequestReview({ ...target, reviewId: 80, state: state as 'approved', body }),
  ...extra
})

describe('classifyEvent on pull request reviews', () => {
  it('takes a review that requests changes as a follow-up of the PR, with the review', () => {
    expect(classifyEvent('pull_request_review', review('CHANGES_REQUESTED', 'Two fixes.'), inputs)).toEqual({
      kind: 'follow-up',
      trigger: 'pull_request_review',
      actor: 'reviewer',
      actorIsBot: false,
      pullNumber: 34,
      headRef: 'agent-team/12-dark-mode',
      review: { id: 80, body: 'Two fixes.', state: 'changes_requested' },
      defaultBranch: 'main'
    })
  })

  it('takes an approval or a comment review only when its body addresses the team', () => {
    expect(classifyEvent('pull_request_review', review('APPROVED', 'Looks good'), inputs)).toMatchObject({
      kind: 'skip',
      reason: expect.stringContaining('asks nothing of the team')
    })
    expect(
      classifyEvent('pull_request_review', review('COMMENTED', 'Nice. /agents please add docs'), inputs)
    ).toMatchObject({ kind: 'follow-up' })
  })

  it('skips PRs the team did not open, closed ones, forks, and its own text', () => {
    const skipped = (payload: Record<string, unknown>) =>
      classifyEvent('pull_request_review', payload, inputs)
    const other = pullRequestReview({
      ...target,
      headRef: 'feature/x',
      reviewId: 1,
      state: 'changes_requested'
    })
    expect(skipped(other)).toMatchObject({ reason: expect.stringContaining('is not the team') })
    const base = review('CHANGES_REQUESTED', 'x') as { pull_request: Record<string, any> } // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(skipped({ ...base, pull_request: { ...base.pull_request, state: 'closed' } })).toMatchObject({
      reason: 'skipped: pull request #34 is closed'
    })
    const forked = {
      ...base.pull_request,
      head: {
        ...base.pull_request.head,
        repo: { ...base.pull_request.head.repo, full_name: 'mallory/widgets' }
      }
    }
    expect(skipped({ ...base, pull_request: forked })).toMatchObject({
      reason: expect.stringContaining('fork')
    })
    expect(skipped(review('CHANGES_REQUESTED', '<!-- agent-team:reply pr=34 -->\nDone'))).toMatchObject({
      kind: 'skip'
    })
    expect(skipped({ ...review('CHANGES_REQUESTED', 'x'), action: 'edited' })).toMatchObject({ kind: 'skip' })
  })

  it('takes a line comment that addresses the team, with its file, lines, hunk and thread', () => {
    const payload = pullRequestReviewComment({
      ...target,
      commentId: 901,
      reviewId: 80,
      body: '/agents use a constant here',
      path: 'src/a.ts',
      startLine: 3,
      line: 5,
      diffHunk: '@@ -1,5 +1,5 @@',
      inReplyToId: 900
    })
    expect(classifyEvent('pull_request_review_comment', payload, inputs)).toMatchObject({
      kind: 'follow-up',
      trigger: 'pull_request_review_comment',
      pullNumber: 34,
      comment: {
        id: 901,
        body: '/agents use a constant here',
        path: 'src/a.ts',
        startLine: 3,
        line: 5,
        diffHunk: '@@ -1,5 +1,5 @@',
        inReplyToId: 900,
        reviewId: 80
      }
    })
    const quiet = pullRequestReviewComment({ ...target, commentId: 2, reviewId: 80, body: 'nit', path: 'a' })
    expect(classifyEvent('pull_request_review_comment', quiet, inputs)).toMatchObject({ kind: 'skip' })
  })
})

describe('addressesTeam', () => {
  it('finds the phrase standing on its own, in any case, and nowhere else', () => {
    expect(addressesTeam('/agents fix it', '/agents')).toBe(true)
    expect(addressesTeam('Please, /Agents: fix it', '/agents')).toBe(true)
    expect(addressesTeam('see /agents.', '/agents')).toBe(true)
    expect(addressesTeam('/agentsfoo', '/agents')).toBe(false)
    expect(addressesTeam('path/agents fix', '/agents')).toBe(false)
  })
})
