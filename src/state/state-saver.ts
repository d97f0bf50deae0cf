import type { StateEvent } from './events.js'
import type { RunState } from './run-state.js'
import type { StateStore } from './state-store.js'
import type { Clock } from '../util/clock.js'
import { errorMessage } from '../util/errors.js'
import { latestOnly } from '../util/latest-only.js'
import type { Logger } from '../util/logger.js'
import type { RunKeeper } from './run-keeper.js'
import { replayEvents } from './replay-events.js'

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
    case 'task_dispatched':
      return `${key}: ${event.taskId} dispatched by ${event.by}`
    case 'task_heartbeat':
      return `${key}: ${event.taskId} still running on ${event.runner}`
    case 'run_finishing':
      return `${key}: finishing on ${event.runner}`
    default:
      return undefined
  }
}

export interface StateSaver {
  /**
   * Resolves once every milestone so far is committed (or its save has failed and been logged); a save
   * waiting out SAVE_SPACING_MS goes at once.
   */
  flush(): Promise<void>
  /**
   * Like flush, but throws when the last save failed: a runner of a shared run acts on a claim (a dispatch,
   * the finishing step) only once it is committed. After it, the keeper holds the committed state with every
   * other runner's changes up to that commit.
   */
  commitNow(): Promise<void>
}

/**
 * A run that several runners work on at once (scale-out): saves replay this runner's events over whatever
 * another runner committed first, and the keeper then continues from the merged state.
 */
export interface SharedSaves {
  shared: true
}

/**
 * The least time between the end of one save and the start of the next. A wave of tasks reaches a dozen
 * milestones within a second or two; each save is a commit and a push, on the same cores and the same
 * remote as the merges the wave is waiting for. A run that dies loses at most this much of its record,
 * which resuming makes good (a merged task's merge is found again up to date).
 */
export const SAVE_SPACING_MS = 1_000

/**
 * Commits the run state at its milestones, one save after another (sessions finish concurrently, and the
 * store must see the states in order), without ever queueing more than one save: milestones reached while a
 * save is in flight wait as one, and only the newest state is written, in one commit whose subject names the
 * newest milestone and the count of the others (`issue-1: T3 merged (+2 more milestones)`) and whose body
 * lists them all. Every state holds everything before it, so nothing is lost, and a burst of milestones (a
 * wave of tasks finishing at once) costs two commits instead of one per task.
 *
 * Saves are also spaced (SAVE_SPACING_MS after the previous one ended), so such a wave costs a few commits.
 *
 * A failed save is logged, not fatal: the next save carries the state.
 */
export function saveMilestones(
  keeper: RunKeeper,
  store: StateStore,
  logger: Logger,
  clock: Clock,
  sharing?: SharedSaves
): StateSaver {
  let waiting: { state: RunState; milestones: string[] } | undefined
  // Aborted by flush: whoever waits for the record must not wait out the spacing as well.
  let hurry = new AbortController()
  // Shared saves: this runner's events not committed yet, and how the last save went.
  const pending: StateEvent[] = []
  let lastSave: { ok: true } | { ok: false; error: unknown; milestones: string[] } = { ok: true }

  const save = async (state: RunState, subject: string, covered: string[] | undefined): Promise<void> => {
    if (!sharing) {
      await store.save(state, subject, covered)
      return
    }
    // The state and the events it holds are taken together; events that come during the save stay pending.
    const current = keeper.state
    const ours = pending.length
    const committed = await store.save(current, subject, covered, theirs => {
      const replayed = replayEvents(theirs, pending.slice(0, ours))
      for (const { reason } of replayed.dropped) logger.info(`Another runner was first: ${reason}`)
      return replayed.state
    })
    pending.splice(0, ours)
    if (committed && committed !== current) keeper.rebase(committed, pending)
  }

  // One save at a time, and one more for whatever arrived meanwhile: the newest state, all its milestones.
  const saves = latestOnly(
    async () => {
      if (!waiting) return
      const { state, milestones } = waiting
      waiting = undefined
      const subject = subjectOf(milestones)
      try {
        await save(state, subject, milestones.length > 1 ? milestones : undefined)
        lastSave = { ok: true }
      } catch (error) {
        lastSave = { ok: false, error, milestones }
        logger.warning(`Could not commit the run state (${subject}): ${errorMessage(error)}`)
      }
      if (!hurry.signal.aborted) await clock.sleep(SAVE_SPACING_MS, hurry.signal).catch(() => undefined)
    },
    // Never called: a failed save is logged above and the next one carries the state.
    () => undefined
  )

  keeper.onChange((state, event) => {
    if (sharing) pending.push(event)
    const milestone = milestoneOf(state, event)
    if (!milestone) return
    if (waiting) {
      waiting.state = state
      waiting.milestones.push(milestone)
    } else {
      waiting = { state, milestones: [milestone] }
    }
    saves.request()
  })
  const flush = async (): Promise<void> => {
    hurry.abort()
    await saves.flush()
    hurry = new AbortController()
  }
  return {
    flush,
    commitNow: async () => {
      await flush()
      if (lastSave.ok) return
      // The last save lost every race: its milestones go once more, with whatever came since.
      waiting = { state: keeper.state, milestones: [...lastSave.milestones, ...(waiting?.milestones ?? [])] }
      saves.request()
      await flush()
      if (!lastSave.ok) throw lastSave.error
    }
  }
}

/** The newest milestone, and how many more the commit covers. */
function subjectOf(milestones: readonly string[]): string {
  const newest = milestones.at(-1) ?? ''
  const more = milestones.length - 1
  return more === 0 ? newest : `${newest} (+${more} more milestone${more === 1 ? '' : 's'})`
}
