import type { CommentRef, Forge } from '../github/forge.js'
import type { Clock } from '../util/clock.js'
import { errorMessage } from '../util/errors.js'
import type { Logger } from '../util/logger.js'

export interface CoalescedComment {
  /** Asks for the comment to show `body`. Returns at once; the edit happens within the interval. */
  update(body: string): void
  /** Writes the newest body now (if not yet written) and waits for it. The last state is always written. */
  flush(): Promise<void>
  /** The comment once it exists. */
  readonly ref: CommentRef | undefined
}

/**
 * A comment that many parts of a run update often (every tool call can change the progress view) but
 * that GitHub sees edited at most once per `minIntervalMs`: a burst of updates becomes one edit carrying
 * the newest body. Keeps the run clear of secondary rate limits and the PR timeline readable.
 */
export function createCoalescedComment(options: {
  forge: Pick<Forge, 'createComment' | 'updateComment'>
  issueNumber: number
  /** An existing comment to edit (a resumed run), else the first write creates one. */
  existing?: CommentRef
  clock: Clock
  logger: Logger
  minIntervalMs?: number
  onCreated?: (ref: CommentRef) => void
}): CoalescedComment {
  const interval = options.minIntervalMs ?? 3000
  let ref = options.existing
  let latest: string | undefined
  let written: string | undefined
  let lastWriteAt = -Infinity
  let inFlight: Promise<void> | undefined
  let timer: { controller: AbortController; done: Promise<void> } | undefined

  async function write(): Promise<void> {
    const body = latest
    if (body === undefined || body === written) return
    lastWriteAt = options.clock.now()
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
    }
  }

  function pump(): void {
    if (inFlight || timer) return
    const wait = lastWriteAt + interval - options.clock.now()
    if (wait > 0) {
      const controller = new AbortController()
      const done = options.clock.sleep(wait, controller.signal).then(
        () => {
          timer = undefined
          pump()
        },
        () => undefined
      )
      timer = { controller, done }
      return
    }
    inFlight = write().finally(() => {
      inFlight = undefined
      if (latest !== written) pump()
    })
  }

  return {
    update(body) {
      latest = body
      pump()
    },
    async flush() {
      if (timer) {
        timer.controller.abort()
        timer = undefined
      }
      while (inFlight) await inFlight
      if (timer) {
        ;(timer as { controller: AbortController }).controller.abort()
        timer = undefined
      }
      await write()
    },
    get ref() {
      return ref
    }
  }
}
