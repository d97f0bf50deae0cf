/**
 * What each group of the forge's operations (octokit-forge.ts, octokit-comments.ts, octokit-reviews.ts)
 * shares: the client, the repository, who the token is, and the way a write is made exactly once.
 */
import type { Clock } from '../util/clock.js'
import type { Logger } from '../util/logger.js'
import { createOnce } from './applied-once.js'
import type { RepoRef } from './forge.js'
import type { OctokitClient } from './octokit-client.js'

export interface OctokitContext {
  octokit: OctokitClient
  repo: RepoRef
  /** The token's login, as GitHub records it on what it writes. */
  ownLogin: () => Promise<string | undefined>
  retries: number
  retryBaseMs: number
  clock: Clock
  logger: Logger
}

/**
 * Request options for a write that creates something: the retry plugin sends it once, and `writeOnce`
 * retries it after checking whether GitHub had applied the failed attempt.
 */
export const SEND_ONCE = { request: { retries: 0 } }

/** Makes `create` happen exactly once (applied-once.ts), with the forge's retries, clock and logger. */
export function writeOnce<T>(
  ctx: OctokitContext,
  what: string,
  create: () => Promise<T>,
  lookup: () => Promise<T | undefined>
): Promise<T> {
  const { retries, retryBaseMs: baseMs, clock, logger } = ctx
  return createOnce<T>({ what, create, lookup, retries, baseMs, clock, logger })
}

/**
 * Where to start looking for a write GitHub applied just before a failed answer: it was made after this
 * moment (a minute back, for the skew between our clock and GitHub's).
 */
export function lookbackStart(ctx: OctokitContext): string {
  return new Date(ctx.clock.now() - 60_000).toISOString()
}
