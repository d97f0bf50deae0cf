import { format } from 'node:util'
import type { Clock } from '../util/clock.js'
import type { Logger } from '../util/logger.js'
import { REQUEST_TIMED_OUT, type CallFailure } from './call-failure.js'
import { ModelError } from './model-error.js'
import type { RateGate } from './rate-gate.js'

const MAX_BACKOFF_MS = 30_000
// A server may ask for a longer wait than our own back-off, but not for longer than this.
const MAX_RETRY_AFTER_MS = 60_000

/** How one provider's calls are retried; every adapter keeps the same policy. */
export interface RetryPolicy {
  /** How the log names the API, e.g. `Anthropic API`. */
  api: string
  /** Kept out of every line this writes. */
  apiKey: string
  /** Retries after the first call. */
  maxRetries: number
  /** First back-off wait in ms, doubled each retry (with jitter). */
  retryBaseMs: number
  /** Shared by every model of the provider's account: a 429 holds them all back. */
  gate: RateGate
  clock: Clock
  logger: Logger
  /** What the SDK threw, in the retry policy's words. */
  classify(error: unknown): CallFailure
  /** The error a failure ends the call with, after `attempts` calls. */
  giveUp(failure: CallFailure, attempts: number): ModelError
}

/**
 * Makes `call` until it answers, a failure is not retryable, or the retries are spent. Each retry is
 * logged; a rate limit holds the shared gate (every session of the account waits it out together, not in
 * lock-step); a caller's abort ends the wait at once with the abort's reason.
 */
export async function callWithRetries<T>(
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  call: () => Promise<T>
): Promise<T> {
  const { gate, clock, logger } = policy
  for (let attempt = 1; ; attempt++) {
    await gate.pass(signal)
    try {
      return await call()
    } catch (error) {
      if (signal?.aborted) throw signal.reason ?? error
      const failure = policy.classify(error)
      if (!failure.retryable || attempt > policy.maxRetries) throw policy.giveUp(failure, attempt)
      const waitMs = backoff(failure, attempt, policy.retryBaseMs)
      logger.info(
        redact(
          `${policy.api}: ${failure.detail}; retrying in ${(waitMs / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${policy.maxRetries + 1})`,
          policy.apiKey
        )
      )
      // The limit is the account's: every call through the gate waits with this one.
      if (failure.failure === 'rate-limited') gate.hold(waitMs)
      else await clock.sleep(waitMs, signal)
    }
  }
}

/** Exponential back-off with jitter, unless the server said how long to wait. */
function backoff(failure: CallFailure, attempt: number, baseMs: number): number {
  if (failure.retryAfterMs !== undefined) return Math.min(failure.retryAfterMs, MAX_RETRY_AFTER_MS)
  const ceiling = Math.min(baseMs * 2 ** (attempt - 1), MAX_BACKOFF_MS)
  // Jitter keeps parallel agents that failed together from retrying together.
  return ceiling * (0.75 + Math.random() * 0.25)
}

/** What a call that failed for good was: the API, where it was sent, the model, and what it may not print. */
export interface CallSite {
  api: string
  baseURL: string
  model: string
  apiKey: string
  timeoutMs: number
}

/** The error a call ends with: what was called, after how many attempts, what went wrong, and `hint`. */
export function callError(site: CallSite, failure: CallFailure, attempts: number, hint: string): ModelError {
  const tries = attempts > 1 ? ` after ${attempts} attempts` : ''
  const detail =
    failure.detail === REQUEST_TIMED_OUT
      ? `${failure.detail} (${site.timeoutMs} ms)`
      : failure.detail.replace(/\.$/, '')
  const where = failure.failure === 'connection' ? ` to ${site.baseURL}` : ''
  const message = `${site.api} call${where} for model ${site.model} failed${tries}: ${detail}. ${hint}`
  return new ModelError(
    redact(message, site.apiKey),
    failure.failure,
    attempts,
    failure.status,
    failure.errorType
  )
}

/** `text` without `secret` (a key of four characters or more). */
export function redact(text: string, secret: string): string {
  return secret.length >= 4 ? text.split(secret).join('[redacted]') : text
}

/** An SDK's own logger, sent to our debug log with the key redacted: the failure itself reaches the user. */
export function sdkDebugLogger(
  logger: Logger,
  sdk: string,
  apiKey: string
): Record<'error' | 'warn' | 'info' | 'debug', (...parts: unknown[]) => void> {
  const log = (...parts: unknown[]): void => logger.debug(redact(`${sdk} SDK: ${format(...parts)}`, apiKey))
  return { error: log, warn: log, info: log, debug: log }
}
