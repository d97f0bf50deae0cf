import { COMMENT_WRITE_GAP_MS } from '../github/comment-spacing.js'
import type { CommentRef, Forge } from '../github/forge.js'
import type { Clock } from '../util/clock.js'
import { errorMessage } from '../util/errors.js'
import type { Logger } from '../util/logger.js'

/**
 * How soon an update should reach GitHub: a `milestone` (a task started, merged, failed or asked; the run
 * ended) after `minIntervalMs`, a `minor` change (usage and cost after a model reply, a tool call) only after
 * `minorIntervalMs`, unless a milestone carries it sooner.
 */
export type UpdateWeight = 'milestone' | 'minor'

export interface CoalescedComment {
  /** Asks for the comment to show `body`. Returns at once; the edit happens within the interval. */
  update(body: string, weight?: UpdateWeight): void
  /**
   * Writes the newest body (if not yet written) as soon as the interval since the last write allows, and waits
   * for it. The last state is always written.
   */
  flush(): Promise<void>
  /** The comment once it exists. */
  readonly ref: CommentRef | undefined
}

/**
 * A comment that many parts of a run update often (every model reply changes the cost shown) but that GitHub
 * sees edited at most once per `minIntervalMs`, and for minor changes once per `minorIntervalMs`: a burst of
 * updates becomes one edit carrying the newest body. The interval runs from the end of the last request, so a
 * throttled or slow edit never lets the next one follow it closely. Keeps the run clear of secondary rate
 * limits, the PR timeline readable, and the number of calls bounded however long the run lasts.
 */
export function createCoalescedComment(options: {
  forge: Pick<Forge, 'createComment' | 'updateComment'>
  issueNumber: number
  /** An existing comment to edit (a resumed run), else the first write creates one. */
  existing?: CommentRef
  clock: Clock
  logger: Logger
  /** Default 3 s. */
  minIntervalMs?: number
  /** Default 15 s. */
  minorIntervalMs?: number
  onCreated?: (ref: CommentRef) => void
}): CoalescedComment {
  const interval = options.minIntervalMs ?? COMMENT_WRITE_GAP_MS
  const minorInterval = Math.max(interval, options.minorIntervalMs ?? 15_000)
  let ref = options.existing
  let latest: string | undefined
  let weight: UpdateWeight = 'minor'
  let written: string | undefined
  let lastWriteAt = -Infinity
  let inFlight: Promise<void> | undefined
  let timer: { controller: AbortController; done: Promise<void>; at: number } | undefined

  async function write(): Promise<void> {
    const body = latest
    if (body === undefined || body === written) return
    const carried = weight
    weight = 'minor'
    try {
      if (ref) {
        await options.forge.updateComment(ref.id, body)
      } else {
        ref = await options.forge.createComment(options.issueNumber, body)
        options.onCreated?.(ref)
      }
      written = body
    } catch (error) {
      // Progress is a view of the run, not the run: a failed edit is logged and the next one retries it.
      options.logger.warning(`Could not update the progress comment: ${errorMessage(error)}`)
      if (carried === 'milestone') weight = 'milestone'
    } finally {
      lastWriteAt = options.clock.now()
    }
  }

  function cancelTimer(): void {
    timer?.controller.abort()
    timer = undefined
  }

  function pump(): void {
    if (inFlight || latest === undefined || latest === written) return
    const dueAt = lastWriteAt + (weight === 'milestone' ? interval : minorInterval)
    // A milestone arriving while a minor change waits brings the write forward.
    if (timer && timer.at <= dueAt) return
    cancelTimer()
    const wait = dueAt - options.clock.now()
    if (wait > 0) {
      const controller = new AbortController()
      const done = options.clock.sleep(wait, controller.signal).then(
        () => {
          timer = undefined
          pump()
        },
        () => undefined
      )
      timer = { controller, done, at: dueAt }
      return
    }
    inFlight = write().finally(() => {
      inFlight = undefined
      pump()
    })
  }

  return {
    update(body, nextWeight = 'milestone') {
      latest = body
      if (nextWeight === 'milestone') weight = 'milestone'
      pump()
    },
    async flush() {
      cancelTimer()
      while (inFlight) await inFlight
      cancelTimer()
      if (latest === undefined || latest === written) return
      // The last edit keeps the spacing too: at most one interval's wait, never a skipped state.
      const wait = lastWriteAt + interval - options.clock.now()
      if (wait > 0) await options.clock.sleep(wait)
      await write()
    },
    get ref() {
      return ref
    }
  }
}
