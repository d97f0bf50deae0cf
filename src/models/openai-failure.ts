import OpenAI from 'openai'
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
    'The organisation is over its rate or token limit: lower max-parallel, or raise the limits in the OpenAI dashboard.',
  overloaded: 'The OpenAI API is overloaded; re-run the workflow later.',
  server: 'The OpenAI API failed on its side; re-run the workflow later.',
  connection: 'Check that the runner can reach the OpenAI API (proxy, firewall, OPENAI_BASE_URL).',
  timeout: 'The model did not answer in time; re-run, or lower max_tokens for the role.',
  malformed:
    'The answer was not a Chat Completions response; check OPENAI_BASE_URL and any proxy in between.',
  authentication: 'Check the openai_api_key secret: it is missing, mistyped or revoked.',
  rejected: 'The API refused the request; check the model id and its options in the team configuration.'
}

/** What a person should do about a failure of an OpenAI call. */
export function openaiHint(failure: ModelFailure, status?: number, errorType?: string): string {
  if (errorType === 'insufficient_quota') return 'The OpenAI account is out of credit: check its billing.'
  if (status === 404) return 'Check the model id in .ai-agents/config.yml or the `model` input.'
  if (status === 403) return 'The API key is not allowed to use this model (or from this region).'
  return HINTS[failure]
}

/** Classifies an error thrown by the OpenAI SDK (or by reading its reply). Caller aborts come before this. */
export function classifyOpenAI(error: unknown): CallFailure {
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return { failure: 'timeout', retryable: true, detail: REQUEST_TIMED_OUT }
  }
  if (error instanceof StreamIdle) return { failure: 'timeout', retryable: true, detail: error.message }
  if (error instanceof OpenAI.APIConnectionError) {
    const cause = messageOf(error.cause)
    return {
      failure: 'connection',
      retryable: true,
      detail: cause ? `connection failed: ${cause}` : 'connection failed'
    }
  }
  if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
    // The SDK keeps the body's `error` object: `{ message, type, code }`.
    const body = (error.error ?? {}) as { type?: unknown; code?: unknown; message?: unknown }
    const code = typeof body.code === 'string' ? body.code : undefined
    const type = typeof body.type === 'string' ? body.type : undefined
    const failure = failureOfStatus(error.status, error.headers, {
      errorType: code ?? type,
      apiMessage: typeof body.message === 'string' ? body.message : undefined
    })
    // A 429 for an empty balance will not pass by waiting.
    return code === 'insufficient_quota' ? { ...failure, retryable: false } : failure
  }
  if (error instanceof MalformedReply || (error as { name?: unknown } | null)?.name === 'SyntaxError') {
    return { failure: 'malformed', retryable: true, detail: `malformed reply body (${messageOf(error)})` }
  }
  return { failure: 'rejected', retryable: false, detail: messageOf(error) ?? String(error) }
}

function messageOf(error: unknown): string | undefined {
  const message = (error as { message?: unknown } | null)?.message
  return typeof message === 'string' ? message : undefined
}
