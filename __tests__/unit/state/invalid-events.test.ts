import { describe, expect, it } from '@jest/globals'
import type { StateEvent } from '../../../src/state/events.js'
import { reduce } from '../../../src/state/reducer.js'
import { emptyRunState, type RunState } from '../../../src/state/run-state.js'
import { StateError } from '../../../src/util/errors.js'
import { at, branchOf, play, planned, plannedRun, PLAN, RUN_KEY, SHA1, started, taskRun } from './fixtures.js'

const startT1: StateEvent = {
  type: 'task_started',
  at: at(2),
  taskId: 'T1',
  branch: branchOf('T1'),
  attempt: 1
}
const finishT1: StateEvent = {
  type: 'task_finished',
  at: at(3),
  taskId: 'T1',
  summary: 'done',
  filesChanged: [],
  checksRun: []
}
const runningT1 = (): RunState => play([startT1], plannedRun())
const finishedT1 = (): RunState => play([startT1, finishT1], plannedRun())
const mergedT1 = (): RunState => play(taskRun('T1', 2, SHA1), plannedRun())
const conflictedT1 = (): RunState =>
  play([{ type: 'integration_requested', at: at(4), taskId: 'T1', conflictedFiles: ['a.ts'] }], finishedT1())
const blockedOnManager = (): RunState =>
  play([{ type: 'task_blocked', at: at(3), taskId: 'T1', question: 'Why?', askedOf: 'manager' }], runningT1())
const stopped = (): RunState => play([{ type: 'run_finished', at: at(3), status: 'failed' }], plannedRun())

/** [what is wrong, the state, the event, words the error must contain]. */
const cases: [string, () => RunState, StateEvent, string][] = [
  ['a second run_started', plannedRun, started, 'already started'],
  ['a plan before the run started', () => emptyRunState(RUN_KEY), planned, 'has not started'],
  ['a plan that is not newer', plannedRun, planned, 'plan version 1 is not newer than version 1'],
  [
    'a plan that repeats a task id',
    () => play([started]),
    { ...planned, plan: { ...PLAN, tasks: [PLAN.tasks[0], PLAN.tasks[0]] } } as StateEvent,
    'repeats the task id T1'
  ],
  [
    'finishing an unknown task',
    runningT1,
    { ...finishT1, taskId: 'T9' } as StateEvent,
    'there is no task T9'
  ],
  ['finishing a queued task', plannedRun, finishT1, 'queued, not running'],
  ['starting a task twice', runningT1, { ...startT1, attempt: 2 } as StateEvent, 'running, not queued'],
  ['skipping an attempt', plannedRun, { ...startT1, attempt: 2 }, 'attempt 2 does not follow attempt 0'],
  [
    'starting a task before its dependency is merged',
    finishedT1,
    { ...startT1, taskId: 'T2', branch: branchOf('T2') } as StateEvent,
    'depends on T1, not merged yet'
  ],
  [
    'merging a task that is not finished',
    runningT1,
    { type: 'task_merged', at: at(4), taskId: 'T1', sha: SHA1 },
    'only a finished task can be merged'
  ],
  [
    'merging a task twice',
    mergedT1,
    { type: 'task_merged', at: at(9), taskId: 'T1', sha: SHA1 },
    'already merged'
  ],
  [
    'merging with an open conflict',
    conflictedT1,
    { type: 'task_merged', at: at(5), taskId: 'T1', sha: SHA1 },
    'integration request is still open'
  ],
  [
    'merging at something that is not a sha',
    finishedT1,
    { type: 'task_merged', at: at(4), taskId: 'T1', sha: 'HEAD' },
    'not a full git commit sha'
  ],
  [
    'blocking a queued task',
    plannedRun,
    { type: 'task_blocked', at: at(3), taskId: 'T1', question: '?', askedOf: 'human' },
    'only a running task can block'
  ],
  [
    'asking the manager again while it is being asked',
    blockedOnManager,
    { type: 'task_blocked', at: at(4), taskId: 'T1', question: '?', askedOf: 'manager' },
    'on a question to the manager'
  ],
  [
    'answering a task that is not blocked',
    runningT1,
    { type: 'blocker_answered', at: at(4), taskId: 'T1', answer: 'x', by: 'manager' },
    'running, not blocked'
  ],
  [
    'a person answering a question put to the manager',
    blockedOnManager,
    { type: 'blocker_answered', at: at(4), taskId: 'T1', answer: 'x', by: 'human' },
    'asked of the manager, not the human'
  ],
  [
    'failing a task twice',
    () => play([{ type: 'task_failed', at: at(3), taskId: 'T1', reason: 'x' }], runningT1()),
    { type: 'task_failed', at: at(4), taskId: 'T1', reason: 'y' },
    'already failed'
  ],
  [
    'failing a merged task',
    mergedT1,
    { type: 'task_failed', at: at(9), taskId: 'T1', reason: 'x' },
    'already merged'
  ],
  [
    'a conflict on a running task',
    runningT1,
    { type: 'integration_requested', at: at(4), taskId: 'T1', conflictedFiles: [] },
    'only a finished task can be integrated'
  ],
  [
    'a second open conflict',
    conflictedT1,
    { type: 'integration_requested', at: at(5), taskId: 'T1', conflictedFiles: [] },
    'already has an open integration request'
  ],
  [
    'resolving a conflict there is not',
    finishedT1,
    { type: 'integration_resolved', at: at(5), taskId: 'T1' },
    'no open integration request'
  ],
  [
    'retrying a queued task',
    plannedRun,
    { type: 'task_reset', at: at(3), taskId: 'T1' },
    'only a failed, blocked or unmerged done task'
  ],
  [
    'retrying a running task',
    runningT1,
    { type: 'task_reset', at: at(3), taskId: 'T1' },
    'only a failed, blocked or unmerged done task'
  ],
  [
    'retrying a merged task',
    mergedT1,
    { type: 'task_reset', at: at(9), taskId: 'T1' },
    'already merged into the feature branch'
  ],
  [
    'finishing the run while a session runs',
    runningT1,
    { type: 'run_finished', at: at(5), status: 'partial' },
    'T1 still has a session'
  ],
  [
    'a done run with tasks not done',
    plannedRun,
    { type: 'run_finished', at: at(5), status: 'done' },
    'T1, T2 and T3 are not done'
  ],
  [
    'a done run without a plan',
    () => play([started]),
    { type: 'run_finished', at: at(5), status: 'done' },
    'without a plan'
  ],
  [
    'waiting with no question open',
    plannedRun,
    { type: 'run_finished', at: at(5), status: 'waiting' },
    'no question is waiting'
  ],
  [
    'finishing a run twice',
    stopped,
    { type: 'run_finished', at: at(5), status: 'failed' },
    'the run is failed; resume it first'
  ],
  ['a task event on a stopped run', stopped, startT1, 'resume it first'],
  [
    'interrupting a stopped run',
    stopped,
    { type: 'run_interrupted', at: at(5), reason: 'x' },
    'resume it first'
  ],
  ['resuming a run that is going', plannedRun, { type: 'run_resumed', at: at(5) }, 'still planned'],
  [
    'a second pull request',
    () => play([{ type: 'pull_request_opened', at: at(2), number: 7, url: 'u' }], plannedRun()),
    { type: 'pull_request_opened', at: at(3), number: 8, url: 'v' },
    'already owns pull request #7'
  ],
  [
    'an event of unknown type',
    plannedRun,
    { type: 'task_exploded', at: at(3) } as unknown as StateEvent,
    'Unknown state event type "task_exploded"'
  ]
]

describe('reduce: events that cannot have happened', () => {
  it.each(cases)('refuses %s with a StateError naming the event', (_what, state, event, words) => {
    const before = state()
    const snapshot = structuredClone(before)
    let thrown: unknown
    try {
      reduce(before, event)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(StateError)
    const message = (thrown as StateError).message
    expect(message).toContain(words)
    if (!words.startsWith('Unknown')) expect(message).toContain(`state event ${event.type}`)
    expect(before).toEqual(snapshot)
  })

  it('names the task and the tasks there are when an event names an unknown one', () => {
    expect(() => reduce(runningT1(), { ...finishT1, taskId: 'T9' } as StateEvent)).toThrow(
      'Cannot apply the state event task_finished to task T9: there is no task T9 in the plan; its tasks are T1, T2 and T3.'
    )
  })
})
