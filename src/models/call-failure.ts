import type { ModelFailure } from './model-error.js'

/** What went wrong with one model call, read from whatever the provider's SDK threw. */
export interface CallFailure {
  failure: ModelFailure
  retryable: boolean
  status?: number
  errorType?: string
  /** One line: status, the provider's error type and message, or the connection problem. */
  detail: string
  /** Wait the server asked for, in ms. */
  retryAfterMs?: number
}

/** The detail of a call the client's own timeout stopped. */
export const REQUEST_TIMED_OUT = 'the request timed out'

/** The reply arrived but is not the API's response body (or a streamed event is not JSON). */
export class MalformedReply extends Error {
  override name = 'MalformedReply'
}

/**
 * A failure the API answered with an HTTP status: 429 is the rate limit, 529 Anthropic's overload, 5xx the
 * provider's side, 401 the key. The API may say outright whether a retry can help (`x-should-retry`);
 * otherwise the usual transient statuses are retried, after the wait the server asked for.
 */
export function failureOfStatus(
  status: number,
  headers: Headers | undefined,
  said: { errorType?: string; apiMessage?: string }
): CallFailure {
  const { errorType, apiMessage } = said
  const detail = [String(status), errorType, apiMessage].filter(Boolean).join(' ')
  const failure: ModelFailure =
    status === 429
      ? 'rate-limited'
      : status === 529
        ? 'overloaded'
        : status >= 500
          ? 'server'
          : status === 401
            ? 'authentication'
            : status === 408
              ? 'timeout'
              : 'rejected'
  const should = headers?.get('x-should-retry')
  const retryable =
    should === 'true' ? true : should === 'false' ? false : [408, 409, 429].includes(status) || status >= 500
  return { failure, retryable, status, errorType, detail, retryAfterMs: retryAfter(headers) }
}

/** A streamed reply sent nothing for longer than the idle limit. */
export class StreamIdle extends Error {
  override name = 'StreamIdle'
  constructor(readonly idleMs: number) {
    super(`the reply stream sent nothing for ${idleMs} ms`)
  }
}

/** `retry-after-ms`, else `retry-after` in seconds or as an HTTP date; undefined when absent or not positive. */
export function retryAfter(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '')
  if (ms > 0) return ms
  const value = headers.get('retry-after')
  if (!value) return undefined
  const seconds = Number.parseFloat(value)
  if (!Number.isNaN(seconds)) return seconds > 0 ? seconds * 1000 : undefined
  const until = Date.parse(value) - Date.now()
  return until > 0 ? until : undefined
}
