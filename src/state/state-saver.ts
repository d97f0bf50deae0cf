import type { StateEvent } from './events.js'
import type { RunState } from './run-state.js'
import type { StateStore } from './state-store.js'
import { errorMessage } from '../util/errors.js'
import type { Logger } from '../util/logger.js'
import type { RunKeeper } from './run-keeper.js'

/** The commit subject for events that are milestones; other events ride along with the next one. */
function milestoneOf(state: RunState, event: StateEvent): string | undefined {
  const key = state.run.key
  switch (event.type) {
    case 'plan_made':
      return `${key}: plan v${event.version}`
    case 'task_finished':
      return `${key}: ${event.taskId} done`
    case 'task_merged':
      return `${key}: ${event.taskId} merged`
    case 'task_failed':
      return `${key}: ${event.taskId} failed`
    case 'task_blocked':
      return event.askedOf === 'human' ? `${key}: ${event.taskId} waiting for an answer` : undefined
    case 'run_finished':
      return `${key}: finished (${event.status})`
    case 'run_interrupted':
      return `${key}: ${event.as ?? 'interrupted'}`
    case 'approval_requested':
      return `${key}: plan v${state.run.plan_version} waiting for approval`
    case 'plan_approved':
      return `${key}: plan v${state.run.plan_version} approved by @${event.by}`
    case 'round_started':
      return `${key}: round ${event.round} from @${event.actor}`
    case 'thread_replied':
      return `${key}: round ${event.round} answered in the thread of ${event.threadRoot}`
    default:
      return undefined
  }
}

export interface StateSaver {
  /** Resolves once every milestone so far is committed. */
  flush(): Promise<void>
}

/**
 * Commits the run state at each milestone, one commit after another (sessions finish concurrently, the
 * store must see them in order). A failed save is logged, not fatal: the next milestone carries the state.
 */
export function saveMilestones(keeper: RunKeeper, store: StateStore, logger: Logger): StateSaver {
  let queue: Promise<void> = Promise.resolve()
  keeper.onChange((state, event) => {
    const milestone = milestoneOf(state, event)
    if (!milestone) return
    queue = queue.then(() =>
      store
        .save(state, milestone)
        .catch(error =>
          logger.warning(`Could not commit the run state (${milestone}): ${errorMessage(error)}`)
        )
    )
  })
  return {
    flush: async () => {
      for (let last; last !== queue;) {
        last = queue
        await queue
      }
    }
  }
}
