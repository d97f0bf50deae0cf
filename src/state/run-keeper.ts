import { reduce } from './reducer.js'
import type { StateEvent } from './events.js'
import type { RunState } from './run-state.js'
import { STOPPED_STATUSES } from './reduce-support.js'
import { replayEvents, type Replayed } from './replay-events.js'

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

/** An event as the engine reports it; the keeper stamps the time. */
export type EngineEvent = DistributiveOmit<StateEvent, 'at'>

/**
 * Holds the run state while a run goes on: every change is an event through the reducer, and everyone
 * who shows or stores the state (progress comment, state store) hears about it. The one place the run's
 * value lives, so the stages never pass copies sideways.
 */
export interface RunKeeper {
  readonly state: RunState
  dispatch(event: EngineEvent): RunState
  onChange(listener: (state: RunState, event: StateEvent) => void): void
  /**
   * Puts the run on `base`, the state another runner committed, with `events` (this runner's, not committed
   * yet) replayed over it: a run spread over several runners learns what the others did. Listeners are not
   * told (nothing happened here); the events that no longer fit are returned (replay-events.ts).
   */
  rebase(base: RunState, events: readonly StateEvent[]): Replayed['dropped']
}

export function createRunKeeper(initial: RunState, now: () => number): RunKeeper {
  let state = initial
  const listeners: ((state: RunState, event: StateEvent) => void)[] = []
  return {
    get state() {
      return state
    },
    dispatch(partial) {
      const event = { ...partial, at: new Date(now()).toISOString() }
      state = reduce(state, event)
      for (const listener of listeners) listener(state, event)
      return state
    },
    onChange(listener) {
      listeners.push(listener)
    },
    rebase(base, events) {
      const replayed = replayEvents(base, events)
      state = replayed.state
      return replayed.dropped
    }
  }
}

/**
 * Sets a committed run going again. A run still marked as going is one whose runner died without a word
 * (killed, crashed): it is interrupted first, which puts its live tasks back in the queue.
 */
export function reopenRun(keeper: RunKeeper): void {
  if (!STOPPED_STATUSES.has(keeper.state.run.status)) {
    keeper.dispatch({ type: 'run_interrupted', reason: 'the previous run stopped without finishing' })
  }
  keeper.dispatch({ type: 'run_resumed' })
}

/**
 * Picks a run up again. A run that died without a word (killed, crashed) still says it is running: it is
 * marked interrupted first, which puts its live tasks back in the queue. Failed and waiting tasks are queued
 * again too, since a new run is a request to finish the work; merged tasks stay merged and are not redone.
 */
export function resumeRun(keeper: RunKeeper): void {
  reopenRun(keeper)
  for (const task of keeper.state.tasks) {
    if (
      task.merge_sha === undefined &&
      (task.state === 'failed' || task.state === 'blocked' || task.state === 'done')
    ) {
      keeper.dispatch({ type: 'task_reset', taskId: task.id })
    }
  }
}
