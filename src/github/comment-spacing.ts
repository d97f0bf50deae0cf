import type { Clock } from '../util/clock.js'

/** The least time between the end of one write of a comment and the start of the next. */
export const COMMENT_WRITE_GAP_MS = 3000

export interface CommentSpacing {
  /** Runs `edit` once the comment's previous write ended `gapMs` ago; edits of one comment go in turn. */
  edit<T>(commentId: number, edit: () => Promise<T>): Promise<T>
  /** Records that the comment was just made: its first edit waits as after any other write. */
  created(commentId: number): void
}

/**
 * Keeps the writes of each comment apart: GitHub's secondary rate limits punish bursts of writes to one
 * resource, and people watching a comment see it settle rather than flicker. The gap runs from the end of a
 * request (a throttled or retried one included) to the start of the next, whether the first succeeded or
 * not, since a failed answer may follow an applied write. Only the writer waits; other comments do not.
 */
export function createCommentSpacing(clock: Clock, gapMs = COMMENT_WRITE_GAP_MS): CommentSpacing {
  // Per comment, when its last write ended (a promise while that write is still on its way).
  const lastWriteEnd = new Map<number, Promise<number>>()
  const ended = (): number => clock.now()
  return {
    edit(commentId, edit) {
      const previous = lastWriteEnd.get(commentId)
      const turn = (async () => {
        if (previous) {
          const wait = (await previous) + gapMs - clock.now()
          if (wait > 0) await clock.sleep(wait)
        }
        return edit()
      })()
      lastWriteEnd.set(commentId, turn.then(ended, ended))
      return turn
    },
    created(commentId) {
      lastWriteEnd.set(commentId, Promise.resolve(clock.now()))
    }
  }
}
