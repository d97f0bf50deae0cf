import { describe, expect, it } from '@jest/globals'
import {
  awaitingApprovalMarker,
  doneMarker,
  hasMarker,
  isOwnComment,
  planMarker,
  progressMarker,
  pullReplyMarker,
  pullRequestMarker,
  questionMarker,
  replyMarker,
  reviewReplyMarker,
  runKeyInPullBody,
  statusMarker
} from '../../../src/github/markers.js'

describe('markers', () => {
  it('keeps the strings comments already on GitHub carry', () => {
    expect(planMarker(12)).toBe('<!-- agent-team:plan issue=12 -->')
    expect(planMarker(undefined)).toBe('<!-- agent-team:plan issue=none -->')
    expect(progressMarker(7)).toBe('<!-- agent-team:progress pr=7 -->')
    expect(statusMarker(12)).toBe('<!-- agent-team:status issue=12 -->')
    expect(replyMarker(12)).toBe('<!-- agent-team:reply issue=12 -->')
    expect(pullReplyMarker(7)).toBe('<!-- agent-team:reply pr=7 -->')
    expect(reviewReplyMarker(7, 2)).toBe('<!-- agent-team:reply pr=7 round=2 -->')
    expect(questionMarker('T3')).toBe('<!-- agent-team:question task=T3 -->')
    expect(doneMarker(12)).toBe('<!-- agent-team:done issue=12 -->')
    expect(awaitingApprovalMarker(12)).toBe('<!-- agent-team:awaiting-approval issue=12 -->')
    expect(pullRequestMarker('issue-12')).toBe('<!-- agent-team:pull-request run=issue-12 -->')
  })

  it('knows every marker as the team’s own, and tells the kinds apart', () => {
    expect(isOwnComment(`${statusMarker(1)}\nStatus`)).toBe(true)
    expect(isOwnComment('<!-- a comment of someone else -->')).toBe(false)
    expect(hasMarker(`${progressMarker(3)}\n…`, 'progress')).toBe(true)
    expect(hasMarker(`${progressMarker(3)}\n…`, 'plan')).toBe(false)
  })

  it('reads the run key back from a pull request body, and nothing that is not a key', () => {
    expect(runKeyInPullBody(`Adds search.\n\n${pullRequestMarker('cli-1a2b.c_d')}`)).toBe('cli-1a2b.c_d')
    expect(runKeyInPullBody('<!-- agent-team:pull-request run=-bad -->')).toBeUndefined()
    expect(runKeyInPullBody('no marker here')).toBeUndefined()
  })
})
