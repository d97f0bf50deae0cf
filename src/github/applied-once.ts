import type { Clock } from '../util/clock.js'
import { errorMessage } from '../util/errors.js'
import type { Logger } from '../util/logger.js'

/**
 * A write that must happen exactly once. GitHub can apply a POST and still answer 502 or drop the
 * connection (its gateway timed out, not the write), so blindly sending it again makes a second comment or
 * a second pull request. After such a failure the caller's `lookup` asks GitHub whether the first attempt
 * landed, and only when it did not is the request sent again, after a growing pause.
 *
 * Answers that say the request was refused (4xx) are final and thrown at once: they were not applied.
 */
export async function createOnce<T>(options: {
  what: string
  create: () => Promise<T>
  lookup: () => Promise<T | undefined>
  retries: number
  baseMs: number
  clock: Pick<Clock, 'sleep'>
  logger: Logger
}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await options.create()
    } catch (error) {
      if (!mayHaveApplied(error) || attempt > options.retries) throw error
      const found = await options.lookup().catch(() => undefined)
      if (found !== undefined) {
        options.logger.info(`${options.what}: ${describeFailure(error)}, but had applied it`)
        return found
      }
      const waitMs = options.baseMs * attempt * attempt
      options.logger.info(
        `${options.what} failed (${describeFailure(error)}); retrying in ${(waitMs / 1000).toFixed(1)} s ` +
          `(attempt ${attempt + 1} of ${options.retries + 1})`
      )
      await options.clock.sleep(waitMs)
    }
  }
}

/** A server error or a lost connection: GitHub may or may not have done the write. */
export function mayHaveApplied(error: unknown): boolean {
  const status = statusOf(error)
  return status === undefined || status >= 500
}

/** The HTTP status of an Octokit error, if it has one. */
export function statusOf(error: unknown): number | undefined {
  const status = typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : NaN
  return Number.isFinite(status) ? status : undefined
}

/**
 * An error as a person can act on it: for a GitHub API answer, the status and the request it answered
 * (Octokit's own message is only GitHub's reason phrase and a link to the docs).
 */
export function describeFailure(error: unknown): string {
  const status = statusOf(error)
  const request = (error as { request?: { method?: string; url?: string } } | undefined)?.request
  if (status === undefined || !request?.method || !request.url) return errorMessage(error)
  const path = request.url.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '')
  const reason = errorMessage(error).replace(/ - https:\/\/docs\.github\.com\S*$/, '')
  return `GitHub answered ${status} (${reason}) to ${request.method} ${path}`
}
