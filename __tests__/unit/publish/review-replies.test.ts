import { describe, expect, it } from '@jest/globals'
import { threadOutcome } from '../../../src/publish/review-replies.js'
import type { ReviewCommentRecord, RunState, TaskRecord } from '../../../src/state/run-state.js'
import { emptyRunState, zeroUsageRecord } from '../../../src/state/run-state.js'

const SHA = 'a'.repeat(40)

function stateWith(tasks: Partial<TaskRecord>[]): RunState {
  const state = emptyRunState('issue-12')
  return {
    ...state,
    run: { ...state.run, pull_request: { number: 34, url: 'https://github.com/o/r/pull/34' } },
    tasks: tasks.map(task => ({
      id: 'T',
      title: 'Task',
      role: 'dev',
      description: '',
      deliverables: [],
      dependencies: [],
      acceptance_criteria: [],
      state: 'done',
      attempts: 1,
      usage: zeroUsageRecord,
      ...task
    }))
  }
}

const comment = (fields: Partial<ReviewCommentRecord>): ReviewCommentRecord => ({
  id: 1,
  thread_root: 1,
  path: 'src/a.ts',
  author: 'reviewer',
  body: 'Rename x.',
  ...fields
})

describe('threadOutcome', () => {
  it('names the merged task and links its commit, and settles the thread', () => {
    const state = stateWith([{ id: 'R2-1', title: 'Rename x', merge_sha: SHA, summary: 'x is now count' }])
    const outcome = threadOutcome([comment({ outcome: 'addressed', tasks: ['R2-1'] })], state)
    expect(outcome.resolve).toBe(true)
    expect(outcome.text).toBe(
      `✅ Changed: R2-1 Rename x in [aaaaaaa](https://github.com/o/r/commit/${SHA}) — x is now count`
    )
  })

  it('says why for a comment the team left, and leaves the thread open', () => {
    const outcome = threadOutcome(
      [comment({ outcome: 'declined', reason: 'The name is part of the public API.' })],
      stateWith([])
    )
    expect(outcome).toEqual({ text: '💬 Not changed: The name is part of the public API.', resolve: false })
  })

  it('does not claim work that did not land, and escapes what the model wrote', () => {
    const state = stateWith([{ id: 'R2-1', state: 'failed', failure_reason: 'tests fail @everyone' }])
    const outcome = threadOutcome([comment({ outcome: 'addressed', tasks: ['R2-1'] })], state)
    expect(outcome.resolve).toBe(false)
    expect(outcome.text).toContain('⚠️ Not done yet (R2-1 failed: tests fail')
    expect(outcome.text).not.toContain(' @everyone')
  })

  it('answers every comment of a thread in one reply, settled only when all are', () => {
    const state = stateWith([{ id: 'R2-1', merge_sha: SHA }])
    const outcome = threadOutcome(
      [
        comment({ id: 1, outcome: 'addressed', tasks: ['R2-1'] }),
        comment({ id: 2, body: 'And this?', outcome: 'declined', reason: 'Out of scope.' })
      ],
      state
    )
    expect(outcome.resolve).toBe(false)
    expect(outcome.text.split('\n\n')).toHaveLength(2)
    expect(outcome.text).toContain('On “And this?”: 💬 Not changed: Out of scope.')
  })
})
