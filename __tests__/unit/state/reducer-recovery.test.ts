import { describe, expect, it } from '@jest/globals'
import type { StateEvent } from '../../../src/state/events.js'
import { reduce } from '../../../src/state/reducer.js'
import { at, branchOf, play, planned, PLAN, SHA1, started, taskRun, usage } from './fixtures.js'

describe('reduce: blockers', () => {
  const running = [
    started,
    planned,
    { type: 'task_started', at: at(2), taskId: 'T1', branch: branchOf('T1'), attempt: 1 }
  ] as StateEvent[]

  it('records a question to the manager on the task only, and its answer as a decision', () => {
    const blocked = play([
      ...running,
      { type: 'task_blocked', at: at(3), taskId: 'T1', question: 'Which table?', askedOf: 'manager' }
    ])
    expect(blocked.tasks[0]!.state).toBe('blocked')
    expect(blocked.tasks[0]!.open_question).toEqual({
      question: 'Which table?',
      asked_of: 'manager',
      asked_at: at(3)
    })
    expect(blocked.questions).toEqual([])
    expect(blocked.manager_instructions.active_tasks[0]!.status).toBe('blocked')

    const answered = reduce(blocked, {
      type: 'blocker_answered',
      at: at(4),
      taskId: 'T1',
      answer: 'Use users',
      by: 'manager'
    })
    expect(answered.tasks[0]!.state).toBe('running')
    expect(answered.tasks[0]!.open_question).toBeUndefined()
    expect(answered.tasks[0]!.started_at).toBe(at(2))
    expect(answered.manager_instructions.decisions.at(-1)).toEqual({
      decision_id: 'D3',
      decision: 'Use users',
      decided_by: 'manager',
      task_id: 'T1',
      topic: 'Which table?',
      decided_at: at(4)
    })
  })

  it('opens a question to people, waits for it, and requeues the task once a person answers', () => {
    const waiting = play([
      ...running,
      { type: 'task_blocked', at: at(3), taskId: 'T1', question: 'Which table?', askedOf: 'manager' },
      { type: 'task_blocked', at: at(4), taskId: 'T1', question: 'Keep the old theme?', askedOf: 'human' },
      { type: 'run_finished', at: at(5), status: 'waiting' }
    ])
    expect(waiting.run.status).toBe('waiting')
    expect(waiting.questions).toEqual([{ task_id: 'T1', question: 'Keep the old theme?', asked_at: at(4) }])

    const answered = play(
      [
        { type: 'run_resumed', at: at(60) },
        { type: 'blocker_answered', at: at(61), taskId: 'T1', answer: 'No', by: 'human' }
      ],
      waiting
    )
    expect(answered.run.status).toBe('running')
    expect(answered.run.finished_at).toBeUndefined()
    expect(answered.questions).toEqual([])
    expect(answered.tasks[0]).toMatchObject({ state: 'queued', attempts: 1 })
    expect(answered.tasks[0]!.started_at).toBeUndefined()
    expect(answered.manager_instructions.decisions.at(-1)).toMatchObject({
      decision_id: 'D3',
      decision: 'No',
      decided_by: 'human',
      topic: 'Keep the old theme?'
    })
    const again = reduce(answered, {
      type: 'task_started',
      at: at(62),
      taskId: 'T1',
      branch: branchOf('T1'),
      attempt: 2
    })
    expect(again.tasks[0]).toMatchObject({ state: 'running', attempts: 2, started_at: at(62) })
  })
})

describe('reduce: retries and interruptions', () => {
  it('puts a failed task back in the queue on retry, keeping its attempts and what it spent', () => {
    const failed = play([
      started,
      planned,
      { type: 'task_started', at: at(2), taskId: 'T1', branch: branchOf('T1'), attempt: 1 },
      { type: 'task_usage', at: at(3), taskId: 'T1', usage: usage(500, 50), costUsd: 0.004 },
      { type: 'task_failed', at: at(4), taskId: 'T1', reason: 'tests kept failing' },
      { type: 'run_finished', at: at(5), status: 'failed', error: 'T1 failed' }
    ])
    expect(failed.tasks[0]).toMatchObject({
      state: 'failed',
      failure_reason: 'tests kept failing',
      finished_at: at(4)
    })
    expect(failed.manager_instructions.active_tasks[0]!.status).toBe('failed')
    expect(failed.run.stop_reason).toBe('T1 failed')

    const retried = play(
      [
        { type: 'run_resumed', at: at(30) },
        { type: 'task_reset', at: at(30), taskId: 'T1' }
      ],
      failed
    )
    const task = retried.tasks[0]!
    expect(task.state).toBe('queued')
    expect(task.attempts).toBe(1)
    expect(task.usage.input_tokens).toBe(500)
    expect(task.failure_reason).toBeUndefined()
    expect(task.finished_at).toBeUndefined()
    expect(retried.run.stop_reason).toBeUndefined()
    expect(retried.usage.input_tokens).toBe(3500)

    const next = reduce(retried, {
      type: 'task_started',
      at: at(31),
      taskId: 'T1',
      branch: branchOf('T1'),
      attempt: 2
    })
    expect(next.tasks[0]).toMatchObject({ state: 'running', attempts: 2 })
  })

  it('abandons the open integration request of a task that is retried', () => {
    const state = play([
      started,
      planned,
      ...taskRun('T1', 2, SHA1).slice(0, 3),
      { type: 'integration_requested', at: at(6), taskId: 'T1', conflictedFiles: ['a.ts'] },
      { type: 'task_reset', at: at(7), taskId: 'T1' }
    ])
    expect(state.integration_requests[0]).toMatchObject({ status: 'abandoned', resolved_at: at(7) })
    expect(state.tasks[0]).toMatchObject({ state: 'queued' })
    expect(state.tasks[0]!.summary).toBeUndefined()
  })

  it('returns running tasks to the queue when the runner stops, and keeps questions to people open', () => {
    const state = play([
      started,
      planned,
      { type: 'task_started', at: at(2), taskId: 'T1', branch: branchOf('T1'), attempt: 1 },
      { type: 'run_interrupted', at: at(9), reason: 'The workflow run was cancelled.' }
    ])
    expect(state.run).toMatchObject({
      status: 'interrupted',
      finished_at: at(9),
      stop_reason: 'The workflow run was cancelled.'
    })
    expect(state.tasks[0]).toMatchObject({ state: 'queued', attempts: 1, branch: branchOf('T1') })
    expect(state.tasks[0]!.started_at).toBeUndefined()
  })
  it('lets a run fail out of an unexpected error while sessions run, requeueing their tasks', () => {
    const state = play([
      started,
      planned,
      { type: 'task_started', at: at(2), taskId: 'T1', branch: branchOf('T1'), attempt: 1 },
      { type: 'run_finished', at: at(3), status: 'failed', error: 'git push was rejected' }
    ])
    expect(state.run).toMatchObject({ status: 'failed', stop_reason: 'git push was rejected' })
    expect(state.tasks[0]).toMatchObject({ state: 'queued', attempts: 1 })
  })
})

describe('reduce: a new plan version', () => {
  it('keeps the progress of tasks it keeps, drops queued tasks it drops, and adds decisions once', () => {
    const first = play([started, planned, ...taskRun('T1', 2, SHA1)])
    const replanned = reduce(first, {
      type: 'plan_made',
      at: at(20),
      version: 2,
      plan: {
        summary: 'Ship the toggle first; tests later.',
        tasks: [
          { ...PLAN.tasks[0]!, title: 'Store the theme' },
          PLAN.tasks[1]!,
          { ...PLAN.tasks[2]!, id: 'T4', dependencies: ['T2'] }
        ],
        decisions: ['The API speaks JSON', 'Dark is the default']
      },
      usage: usage(100, 10),
      costUsd: 0.001
    })
    expect(replanned.run.plan_version).toBe(2)
    expect(replanned.run.status).toBe('running')
    expect(replanned.tasks.map(task => [task.id, task.state, task.title])).toEqual([
      ['T1', 'done', 'Store the theme'],
      ['T2', 'queued', 'Theme toggle'],
      ['T4', 'queued', 'Browser tests']
    ])
    expect(replanned.tasks[0]!.merge_sha).toBe(SHA1)
    expect(replanned.manager_instructions.decisions.map(d => d.decision)).toEqual([
      'Colours live in CSS variables',
      'The API speaks JSON',
      'Dark is the default'
    ])
    expect(replanned.manager_usage.input_tokens).toBe(3100)
  })
})
