import { describe, expect, it } from '@jest/globals'
import type { PlanMade, StateEvent } from '../../../src/state/events.js'
import { reduce } from '../../../src/state/reducer.js'
import { runStateSchema } from '../../../src/state/run-state.js'
import { at, play, PLAN, SHA1, started, planned, taskRun, usage } from './fixtures.js'

const failedT2: StateEvent[] = [
  ...taskRun('T1', 2, SHA1),
  { type: 'task_started', at: at(6), taskId: 'T2', branch: 'b', attempt: 1 },
  { type: 'task_failed', at: at(7), taskId: 'T2', reason: 'the toggle library does not build' }
]

const revision: StateEvent = {
  type: 'plan_made',
  at: at(8),
  version: 2,
  reason: 'T2 failed: the toggle library does not build',
  usage: usage(500, 100),
  costUsd: 0.002,
  plan: {
    summary: 'Build the toggle by hand.',
    decisions: [],
    tasks: [
      PLAN.tasks[0]!,
      {
        ...PLAN.tasks[2]!,
        dependencies: ['T1', 'T2b']
      },
      {
        id: 'T2b',
        title: 'Hand-made toggle',
        role: 'frontend',
        description: 'A checkbox styled as a switch.',
        deliverables: ['ThemeToggle'],
        dependencies: ['T1'],
        acceptance_criteria: ['The toggle switches the theme']
      }
    ]
  },
  dropped: [{ id: 'T2', reason: 'the library cannot be built here; T2b replaces it' }]
}

describe('plan versions', () => {
  it('records a revision: the dropped task with its reason, the new task, and the history line by line', () => {
    const state = play([started, planned, ...failedT2, revision])
    expect(state.run.plan_version).toBe(2)
    expect(state.tasks.map(task => [task.id, task.state])).toEqual([
      ['T1', 'done'],
      ['T3', 'queued'],
      ['T2b', 'queued'],
      ['T2', 'dropped']
    ])
    expect(state.tasks.find(task => task.id === 'T1')?.merge_sha).toBe(SHA1)
    expect(state.tasks.find(task => task.id === 'T2')?.dropped_reason).toMatch(/T2b replaces it/)
    expect(state.plan_history).toEqual([
      {
        version: 2,
        made_at: at(8),
        reason: 'T2 failed: the toggle library does not build',
        summary: 'Build the toggle by hand.',
        changes: [
          'changed T3: Browser tests',
          'added T2b (frontend): Hand-made toggle',
          'dropped T2: the library cannot be built here; T2b replaces it'
        ]
      }
    ])
    expect(runStateSchema.safeParse(state).success).toBe(true)
  })

  it('lets a run with dropped tasks finish done once every other task is done', () => {
    const state = play([
      started,
      planned,
      ...failedT2,
      revision,
      ...taskRun('T2b', 10, '2'.repeat(40)),
      ...taskRun('T3', 20, '3'.repeat(40)),
      { type: 'run_finished', at: at(30), status: 'done' }
    ])
    expect(state.run.status).toBe('done')
  })

  it('refuses to drop a merged task, an unknown one, or one that is still running', () => {
    const base = play([started, planned, ...failedT2])
    const dropping = (id: string) => ({ ...(revision as PlanMade), dropped: [{ id, reason: 'no' }] })
    expect(() => reduce(base, dropping('T1'))).toThrow(/drops T1, which is already merged/)
    expect(() => reduce(base, dropping('T9'))).toThrow(/drops T9, which is not a task/)
    const running = play([
      started,
      planned,
      { type: 'task_started', at: at(2), taskId: 'T1', branch: 'b', attempt: 1 }
    ])
    expect(() =>
      reduce(running, { ...dropping('T1'), plan: { ...PLAN, tasks: PLAN.tasks.slice(1) } })
    ).toThrow(/still running/)
  })
})

describe('plan approval', () => {
  it('waits after planning, is revised in place, and goes once approved', () => {
    const waiting = play([started, planned, { type: 'approval_requested', at: at(2) }])
    expect(waiting.run.status).toBe('awaiting_approval')
    expect(waiting.run.approval).toEqual({ requested_at: at(2) })

    const revised = reduce(waiting, {
      type: 'plan_made',
      at: at(3),
      version: 2,
      reason: '@octocat asked: no browser tests',
      usage: usage(100, 10),
      costUsd: 0.001,
      plan: { ...PLAN, tasks: PLAN.tasks.slice(0, 2) }
    })
    expect(revised.run.status).toBe('awaiting_approval')
    expect(revised.plan_history?.[0]?.changes).toEqual(['removed T3: Browser tests'])
    expect(revised.tasks.map(task => task.id)).toEqual(['T1', 'T2'])

    const approved = reduce(revised, { type: 'plan_approved', at: at(4), by: 'octocat' })
    expect(approved.run.status).toBe('running')
    expect(approved.run.approval).toEqual({ requested_at: at(2), approved_by: 'octocat', approved_at: at(4) })
    expect(approved.run.finished_at).toBeUndefined()
  })

  it('refuses approval of a run that is not waiting for it, and a plain resume of one that is', () => {
    expect(() => reduce(play([started, planned]), { type: 'plan_approved', at: at(2), by: 'x' })).toThrow(
      /not awaiting approval/
    )
    const waiting = play([started, planned, { type: 'approval_requested', at: at(2) }])
    expect(() => reduce(waiting, { type: 'run_resumed', at: at(3) })).toThrow(/waiting for approval/)
  })

  it('is stopped like a run: /agents stop ends a plan that waits', () => {
    const waiting = play([started, planned, { type: 'approval_requested', at: at(2) }])
    const stopped = reduce(waiting, {
      type: 'run_interrupted',
      at: at(3),
      reason: 'stopped by @o',
      as: 'stopped'
    })
    expect(stopped.run.status).toBe('stopped')
  })
})

describe('follow-up rounds', () => {
  const done = play([
    started,
    planned,
    { type: 'pull_request_opened', at: at(2), number: 34, url: 'https://github.com/o/r/pull/34' },
    ...taskRun('T1', 2, SHA1),
    ...taskRun('T2', 6, '2'.repeat(40)),
    ...taskRun('T3', 10, '3'.repeat(40)),
    { type: 'run_finished', at: at(14), status: 'done' }
  ])
  const round: StateEvent = {
    type: 'round_started',
    at: at(20),
    round: 2,
    trigger: 'review',
    actor: 'reviewer',
    reviewId: 80,
    request: 'Two things to fix.',
    comments: [
      { id: 901, threadRoot: 901, path: 'src/a.ts', line: 4, author: 'reviewer', body: 'Rename this.' },
      {
        id: 902,
        threadRoot: 902,
        path: 'src/b.ts',
        startLine: 1,
        line: 3,
        author: 'reviewer',
        body: 'Use a constant.'
      }
    ]
  }

  it('reopens a done run, adds the round’s tasks, records the triage and one reply per thread', () => {
    let state = reduce(done, round)
    expect(state.run.status).toBe('planning')
    expect(state.run.round).toBe(2)
    state = reduce(state, {
      type: 'plan_made',
      at: at(21),
      version: 2,
      round: 2,
      reason: "round 2: @reviewer's review",
      usage: usage(10, 10),
      costUsd: 0,
      plan: {
        ...PLAN,
        tasks: [
          ...PLAN.tasks,
          {
            id: 'R2-1',
            title: 'Rename',
            role: 'backend',
            description: 'd',
            deliverables: [],
            dependencies: [],
            acceptance_criteria: []
          }
        ]
      }
    })
    expect(state.tasks.find(task => task.id === 'R2-1')?.round).toBe(2)
    expect(state.tasks.find(task => task.id === 'T1')?.round).toBeUndefined()
    state = reduce(state, {
      type: 'comments_triaged',
      at: at(22),
      round: 2,
      comments: [
        { id: 901, tasks: ['R2-1'] },
        { id: 902, reason: 'the value is read from the config on purpose' }
      ]
    })
    state = reduce(state, {
      type: 'thread_replied',
      at: at(30),
      round: 2,
      threadRoot: 901,
      replyId: 1,
      url: 'u',
      resolved: true
    })
    expect(() =>
      reduce(state, {
        type: 'thread_replied',
        at: at(31),
        round: 2,
        threadRoot: 901,
        replyId: 2,
        url: 'u',
        resolved: true
      })
    ).toThrow(/already has the round's reply/)
    const recorded = state.rounds?.[0]
    expect(
      recorded?.comments.map(comment => [comment.id, comment.outcome, comment.tasks ?? comment.reason])
    ).toEqual([
      [901, 'addressed', ['R2-1']],
      [902, 'declined', 'the value is read from the config on purpose']
    ])
    expect(recorded?.replies).toEqual([{ thread_root: 901, reply_id: 1, url: 'u', resolved: true }])
    expect(runStateSchema.safeParse(state).success).toBe(true)
  })

  it('refuses a round on a run that is going, or out of order', () => {
    expect(() => reduce(play([started, planned]), round)).toThrow(/only a run that has stopped/)
    expect(() => reduce(done, { ...round, round: 3 })).toThrow(/round 3 does not follow round 1/)
  })
})
