import { StateError } from '../util/errors.js'
import type { StateEvent } from './events.js'
import { reduce } from './reducer.js'
import type { RunState } from './run-state.js'

/** What replaying one runner's events over another state gave: the state, and the events that no longer fit. */
export interface Replayed {
  state: RunState
  dropped: { event: StateEvent; reason: string }[]
}

/**
 * `events` applied over `base`, in order, each where it still fits. A run spread over several runners keeps
 * one state: when another runner committed first, this runner's events since its last commit are replayed
 * over that commit. Usage adds up, tasks move on, and a claim another runner made first (the same task
 * dispatched twice, the finishing step claimed twice, a heartbeat for a task taken over) is refused by the
 * reducer and dropped here, so it has no effect. Any other error is a bug and is thrown.
 */
export function replayEvents(base: RunState, events: readonly StateEvent[]): Replayed {
  let state = base
  const dropped: Replayed['dropped'] = []
  for (const event of events) {
    try {
      state = reduce(state, event)
    } catch (error) {
      if (!(error instanceof StateError)) throw error
      dropped.push({ event, reason: error.message })
    }
  }
  return { state, dropped }
}
