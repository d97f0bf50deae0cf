import OpenAI from 'openai'
import { systemClock, type Clock } from '../util/clock.js'
import { silentLogger, type Logger } from '../util/logger.js'
import type { CallFailure } from './call-failure.js'
import type { Model, ModelRequest, ModelResponse } from './model.js'
import type { ModelError } from './model-error.js'
import { classifyOpenAI, openaiHint } from './openai-failure.js'
import { streamCompletion } from './openai-stream.js'
import { fromChatCompletion, toChatRequest } from './openai-wire.js'
import { createRateGate, type RateGate } from './rate-gate.js'
import { callError, callWithRetries, sdkDebugLogger } from './retrying-call.js'

export interface OpenAIModelOptions {
  apiKey: string
  model: string
  /** Defaults to the public API (`https://api.openai.com/v1`); OPENAI_BASE_URL, a gateway, or a test server. */
  baseURL?: string
  /** Retries after the first call on 429, 5xx, timeouts, connection errors and malformed replies. Default 4. */
  maxRetries?: number
  /** Time an unstreamed call may take, in ms; for a streamed call, the wait until its reply starts. Default 10 minutes. */
  timeoutMs?: number
  /** Longest silence in a streamed reply, in ms, before the call counts as timed out. Default 2 minutes. */
  idleTimeoutMs?: number
  /** Calls allowed more output tokens than this are streamed. Default 8192 (the default role budget). */
  streamAboveTokens?: number
  /** Shared by every OpenAI model of the run, so a 429 holds all of its sessions back at once. */
  rateGate?: RateGate
  /** First back-off wait in ms, doubled each retry (with jitter). Default 1000; tests set it low. */
  retryBaseMs?: number
  logger?: Logger
  clock?: Clock
}

const DEFAULT_BASE_URL = 'https://api.openai.com/v1'
// As for Anthropic (anthropic-model.ts): the default role budget goes whole, a larger one is streamed.
const STREAM_ABOVE_TOKENS = 8192
const IDLE_TIMEOUT_MS = 2 * 60_000

/**
 * A Model that talks to OpenAI's Chat Completions API through the official SDK (openai-wire.ts says why
 * that API, and how the conversation maps). The retry policy is the one every adapter shares
 * (retrying-call.ts): the SDK's own is off.
 */
export function createOpenAIModel(options: OpenAIModelOptions): Model {
  const logger = options.logger ?? silentLogger
  const clock = options.clock ?? systemClock
  const maxRetries = Math.max(0, options.maxRetries ?? 4)
  const timeoutMs = options.timeoutMs ?? 10 * 60_000
  const baseURL = options.baseURL || DEFAULT_BASE_URL
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL,
    maxRetries: 0,
    timeout: timeoutMs,
    logger: sdkDebugLogger(logger, 'OpenAI', options.apiKey)
  })
  let warnedTemperature = false

  const site = { api: 'OpenAI API', baseURL, model: options.model, apiKey: options.apiKey, timeoutMs }
  const giveUp = (failure: CallFailure, attempts: number): ModelError =>
    callError(site, failure, attempts, openaiHint(failure.failure, failure.status, failure.errorType))
  const policy = {
    api: site.api,
    apiKey: options.apiKey,
    maxRetries,
    retryBaseMs: options.retryBaseMs ?? 1000,
    gate: options.rateGate ?? createRateGate(clock),
    clock,
    logger,
    classify: classifyOpenAI,
    giveUp
  }

  return {
    id: options.model,
    provider: 'openai',
    async complete(request: ModelRequest): Promise<ModelResponse> {
      if (request.temperature !== undefined && !warnedTemperature) {
        // Reasoning models (gpt-5, o-series) refuse any temperature but the default.
        warnedTemperature = true
        logger.warning(
          `${options.model} runs without the configured temperature: OpenAI's reasoning models refuse it.`
        )
      }
      const body = toChatRequest(options.model, request)
      const { signal } = request
      const stream = request.maxTokens > (options.streamAboveTokens ?? STREAM_ABOVE_TOKENS)
      const idleMs = options.idleTimeoutMs ?? IDLE_TIMEOUT_MS
      // A reply that is not a chat completion is retried like any transient failure.
      return callWithRetries(policy, signal, () =>
        withOwnSignal(signal, async (own, abort) =>
          fromChatCompletion(
            stream
              ? await streamCompletion(client, body, { signal: own, abort, idleMs })
              : await client.chat.completions.create(body, { signal: own, maxRetries: 0 })
          )
        )
      )
    }
  }
}

/**
 * Runs `call` with a signal of its own that follows `outer`. The OpenAI SDK leaves a listener on the signal
 * it is given after the call; the run's one signal, handed to every call of every session, would gather
 * one per call. A signal per call takes them with it, and ours is removed when the call ends.
 */
async function withOwnSignal<T>(
  outer: AbortSignal | undefined,
  call: (signal: AbortSignal, abort: () => void) => Promise<T>
) {
  const own = new AbortController()
  const follow = (): void => own.abort(outer?.reason)
  if (outer?.aborted) follow()
  else outer?.addEventListener('abort', follow, { once: true })
  try {
    return await call(own.signal, () => own.abort())
  } finally {
    outer?.removeEventListener('abort', follow)
  }
}
