import Anthropic from '@anthropic-ai/sdk'
import {
  failureOfStatus,
  MalformedReply,
  REQUEST_TIMED_OUT,
  StreamIdle,
  type CallFailure
} from './call-failure.js'
import type { ModelFailure } from './model-error.js'

const HINTS: Record<ModelFailure, string> = {
  'rate-limited':
    'The organisation is over its rate limit: lower max-parallel, or raise the limits in the Anthropic console.',
  overloaded: 'The Anthropic API is overloaded; re-run the workflow later.',
  server: 'The Anthropic API failed on its side; re-run the workflow later.',
  connection: 'Check that the runner can reach the Anthropic API (proxy, firewall, ANTHROPIC_BASE_URL).',
  timeout: 'The model did not answer in time; re-run, or lower max_tokens for the role.',
  malformed: 'The answer was not a Messages API response; check ANTHROPIC_BASE_URL and any proxy in between.',
  authentication: 'Check the anthropic_api_key secret: it is missing, mistyped or revoked.',
  rejected: 'The API refused the request; check the model id and its options in the team configuration.'
}

/** What a person should do about a failure. */
export function hintFor(failure: ModelFailure, status?: number): string {
  if (status === 404) return 'Check the model id in .ai-agents/config.yml or the `model` input.'
  if (status === 403) return 'The API key is not allowed to use this model or feature.'
  if (status === 413) return 'The prompt is too large for the API; trim the project context the role reads.'
  return HINTS[failure]
}

/** Classifies an error thrown by the SDK (or by reading its reply). Caller aborts are handled before this. */
export function classify(error: unknown): CallFailure {
  if (error instanceof Anthropic.APIConnectionTimeoutError) {
    return { failure: 'timeout', retryable: true, detail: REQUEST_TIMED_OUT }
  }
  if (error instanceof Anthropic.APIConnectionError) {
    const cause = messageOf(error.cause)
    const detail = cause ? `connection failed: ${cause}` : 'connection failed'
    return { failure: 'connection', retryable: true, detail }
  }
  if (error instanceof StreamIdle) return { failure: 'timeout', retryable: true, detail: error.message }
  if (error instanceof Anthropic.APIError && typeof error.status === 'number') return fromStatus(error)
  // An `error` event inside a stream: the HTTP status was 200 by then, so only the error type tells.
  if (error instanceof Anthropic.APIError && streamErrorType(error) !== undefined)
    return fromStreamEvent(error)
  // fetch parses JSON in Node's own realm, so a bad body is a SyntaxError by name, not by this realm's class.
  if (error instanceof MalformedReply || nameOf(error) === 'SyntaxError') {
    return { failure: 'malformed', retryable: true, detail: `malformed reply body (${messageOf(error)})` }
  }
  return { failure: 'rejected', retryable: false, detail: messageOf(error) ?? String(error) }
}

function nameOf(error: unknown): string | undefined {
  const name = (error as { name?: unknown } | null)?.name
  return typeof name === 'string' ? name : undefined
}

function messageOf(error: unknown): string | undefined {
  const message = (error as { message?: unknown } | null)?.message
  return typeof message === 'string' ? message : undefined
}

function streamErrorType(error: InstanceType<typeof Anthropic.APIError>): string | undefined {
  const body = (error.error ?? {}) as { error?: { type?: unknown } }
  return typeof body.error?.type === 'string' ? body.error.type : undefined
}

// The error types an `error` event may carry that a retry can help with; any other is not retried.
const STREAM_FAILURES: Record<string, { failure: ModelFailure; retryable: boolean }> = {
  overloaded_error: { failure: 'overloaded', retryable: true },
  rate_limit_error: { failure: 'rate-limited', retryable: true },
  api_error: { failure: 'server', retryable: true },
  timeout_error: { failure: 'timeout', retryable: true }
}

function fromStreamEvent(error: InstanceType<typeof Anthropic.APIError>): CallFailure {
  const errorType = streamErrorType(error)
  const body = (error.error ?? {}) as { error?: { message?: unknown } }
  const apiMessage = typeof body.error?.message === 'string' ? body.error.message : undefined
  const known = STREAM_FAILURES[errorType ?? '']
  const detail = ['error event in the reply stream:', errorType, apiMessage].filter(Boolean).join(' ')
  return { failure: known?.failure ?? 'rejected', retryable: known?.retryable ?? false, errorType, detail }
}

function fromStatus(error: InstanceType<typeof Anthropic.APIError>): CallFailure {
  const body = (error.error ?? {}) as { error?: { type?: unknown; message?: unknown } }
  return failureOfStatus(error.status as number, error.headers, {
    errorType: typeof body.error?.type === 'string' ? body.error.type : undefined,
    apiMessage: typeof body.error?.message === 'string' ? body.error.message : undefined
  })
}
