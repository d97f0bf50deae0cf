import { describe, expect, it } from '@jest/globals'
import type { StateEvent } from '../../../src/state/events.js'
import { reduce } from '../../../src/state/reducer.js'
import { replayEvents } from '../../../src/state/replay-events.js'
import type { RunState } from '../../../src/state/run-state.js'
import { StateError } from '../../../src/util/errors.js'
import { at, play, planned, SHA1, SHA2, SHA3, started, taskRun } from './fixtures.js'

const task = (state: RunState, id: string) => state.tasks.find(t => t.id === id)!

describe('the claims of a run spread over several runners', () => {
  const base = () => play([started, planned, ...taskRun('T1', 2, SHA1)])

  it('dispatches a task that nobody claimed, and sets the run going', () => {
    const state = reduce(base(), { type: 'task_dispatched', at: at(10), taskId: 'T2', by: '101-1' })
    expect(task(state, 'T2')).toMatchObject({
      state: 'queued',
      dispatched_at: at(10),
      dispatched_by: '101-1'
    })
    expect(state.run.status).toBe('running')
  })

  it('refuses a claim that did not see the last one: the second runner to claim a task gets nothing', () => {
    const first: StateEvent = { type: 'task_dispatched', at: at(10), taskId: 'T2', by: '101-1' }
    const second: StateEvent = { type: 'task_dispatched', at: at(10), taskId: 'T2', by: '202-1' }
    const { state, dropped } = replayEvents(reduce(base(), first), [second])
    expect(task(state, 'T2').dispatched_by).toBe('101-1')
    expect(dropped.map(d => d.reason)).toEqual([expect.stringContaining('another runner claimed it')])
  })

  it('takes over a running task whose heartbeat the claim saw, putting it back in the queue for the new runner', () => {
    const running = play(
      [
        { type: 'task_dispatched', at: at(10), taskId: 'T2', by: '101-1' },
        {
          type: 'task_started',
          at: at(11),
          taskId: 'T2',
          branch: 'b',
          attempt: 1,
          runner: { id: '303-1', url: 'https://github.com/o/r/actions/runs/303' }
        },
        { type: 'task_heartbeat', at: at(12), taskId: 'T2', runner: '303-1' }
      ],
      base()
    )
    expect(task(running, 'T2')).toMatchObject({ state: 'running', heartbeat_at: at(12) })
    // A claim that saw an older heartbeat is too late; one that saw the last heartbeat takes the task.
    expect(() =>
      reduce(running, { type: 'task_dispatched', at: at(40), taskId: 'T2', by: '404-1', over: at(11) })
    ).toThrow(StateError)
    const taken = reduce(running, {
      type: 'task_dispatched',
      at: at(40),
      taskId: 'T2',
      by: '404-1',
      over: at(12)
    })
    expect(task(taken, 'T2')).toMatchObject({ state: 'queued', dispatched_by: '404-1' })
    expect(task(taken, 'T2').heartbeat_at).toBeUndefined()
    // The old runner's next heartbeat is refused: the task is no longer its.
    expect(() =>
      reduce(taken, { type: 'task_heartbeat', at: at(41), taskId: 'T2', runner: '303-1' })
    ).toThrow('no longer this runner')
  })

  it('refuses to dispatch a task that is done, failed or blocked', () => {
    const merged = play(taskRun('T2', 10, SHA2), base())
    expect(() => reduce(merged, { type: 'task_dispatched', at: at(20), taskId: 'T2', by: '101-1' })).toThrow(
      'the task is done'
    )
  })

  it('gives the finishing step to the first runner to claim it, and only when nothing is moving', () => {
    const dispatched = reduce(base(), { type: 'task_dispatched', at: at(10), taskId: 'T2', by: '101-1' })
    expect(() => reduce(dispatched, { type: 'run_finishing', at: at(11), runner: '101-1' })).toThrow(
      'T2 is still running or dispatched'
    )
    const all = play([...taskRun('T2', 10, SHA2), ...taskRun('T3', 20, SHA3)], base())
    const { state, dropped } = replayEvents(all, [
      { type: 'run_finishing', at: at(30), runner: '101-1' },
      { type: 'run_finishing', at: at(30), runner: '202-1' }
    ])
    expect(state.run.finisher).toEqual({ runner: '101-1', at: at(30) })
    expect(dropped).toHaveLength(1)
  })

  it('frees a retried task for a new dispatch', () => {
    const failed = play(
      [
        { type: 'task_dispatched', at: at(10), taskId: 'T2', by: '101-1' },
        { type: 'task_started', at: at(11), taskId: 'T2', branch: 'b', attempt: 1, runner: { id: '303-1' } },
        { type: 'task_failed', at: at(12), taskId: 'T2', reason: 'tests failed' },
        { type: 'task_reset', at: at(13), taskId: 'T2' }
      ],
      base()
    )
    expect(task(failed, 'T2')).toMatchObject({ state: 'queued' })
    expect(task(failed, 'T2').dispatched_at).toBeUndefined()
  })
})
