import Anthropic from '@anthropic-ai/sdk'
import { systemClock, type Clock } from '../util/clock.js'
import { silentLogger, type Logger } from '../util/logger.js'
import { classify, hintFor } from './anthropic-failure.js'
import { MalformedReply, type CallFailure } from './call-failure.js'
import type { AnthropicRoute } from './anthropic-routes.js'
import { streamMessage } from './anthropic-stream.js'
import { withCacheBreakpoints } from './cache-breakpoints.js'
import type { ContentBlock, Model, ModelRequest, ModelResponse, StopReason } from './model.js'
import type { ModelError } from './model-error.js'
import { createRateGate, type RateGate } from './rate-gate.js'
import { callError, callWithRetries, sdkDebugLogger } from './retrying-call.js'

type WireRequest = Anthropic.MessageCreateParamsNonStreaming
type WireBlockParam = Anthropic.ContentBlockParam

export interface AnthropicModelOptions {
  apiKey: string
  model: string
  /** Defaults to the public API; the action passes ANTHROPIC_BASE_URL, tests a fake server. */
  baseURL?: string
  /** Retries after the first call on 429, 529, 5xx, timeouts, connection errors and malformed replies. Default 4. */
  maxRetries?: number
  /**
   * Time an unstreamed call may take, in ms; for a streamed call, the wait until its reply starts.
   * Default 10 minutes.
   */
  timeoutMs?: number
  /** Longest silence in a streamed reply, in ms, before the call counts as timed out. Default 2 minutes. */
  idleTimeoutMs?: number
  /** Calls allowed more output tokens than this are streamed. Default 8192 (the default role budget). */
  streamAboveTokens?: number
  /**
   * The gate shared by every model of this API key, so that a 429 holds all of the run's calls back at
   * once. Default: a gate of this model's own.
   */
  rateGate?: RateGate
  /** First back-off wait in ms, doubled each retry (with jitter). Default 1000; tests set it low. */
  retryBaseMs?: number
  /**
   * Claude through a cloud (anthropic-routes.ts), given the call timeout: its client replaces the direct
   * API's, and `apiKey` is then only kept out of the log. Default: Anthropic's own API.
   */
  route?: (timeoutMs: number) => AnthropicRoute
  logger?: Logger
  clock?: Clock
}

const DEFAULT_BASE_URL = 'https://api.anthropic.com'
// A reply within the default budget takes a few minutes at most, so the whole-call timeout is a fair
// guard for it. A larger budget may run past any such limit: it is streamed and watched for silence.
const STREAM_ABOVE_TOKENS = 8192
const IDLE_TIMEOUT_MS = 2 * 60_000

/**
 * A Model that talks to the Anthropic Messages API through the official SDK. Our request and response
 * types already follow the Messages shape, so the mapping is field by field; the cache breakpoints are
 * completed for the API's lookback (cache-breakpoints.ts); replies with a large output budget are streamed.
 * The retry policy is ours (the SDK's is off) so that each retry is logged, its back-off can be shortened
 * in tests, and a 429 holds back every model that shares the rate gate.
 */
export function createAnthropicModel(options: AnthropicModelOptions): Model {
  const logger = options.logger ?? silentLogger
  const clock = options.clock ?? systemClock
  const maxRetries = Math.max(0, options.maxRetries ?? 4)
  const retryBaseMs = options.retryBaseMs ?? 1000
  const timeoutMs = options.timeoutMs ?? 10 * 60_000
  const idleMs = options.idleTimeoutMs ?? IDLE_TIMEOUT_MS
  const streamAbove = options.streamAboveTokens ?? STREAM_ABOVE_TOKENS
  const gate = options.rateGate ?? createRateGate(clock)
  const route = options.route?.(timeoutMs) ?? directRoute(options, timeoutMs, logger)
  const { api, baseURL, client } = route
  let warnedTemperature = false

  const site = { api, baseURL, model: options.model, apiKey: options.apiKey, timeoutMs }
  const giveUp = (failure: CallFailure, attempts: number): ModelError => {
    // A cloud answers 403 for credentials it refuses (a bad signature, a role without access).
    const cloudRefusal = failure.status === 403 ? route.hints.authentication : undefined
    const hint = cloudRefusal ?? route.hints[failure.failure] ?? hintFor(failure.failure, failure.status)
    return callError(site, failure, attempts, hint)
  }

  const policy = {
    api,
    apiKey: options.apiKey,
    maxRetries,
    retryBaseMs,
    gate,
    clock,
    logger,
    classify,
    giveUp
  }

  return {
    id: options.model,
    provider: route.provider,
    async complete(request: ModelRequest): Promise<ModelResponse> {
      const body = toWireRequest(options.model, withCacheBreakpoints(request))
      if (request.temperature !== undefined && !warnedTemperature) {
        warnedTemperature = true
        logger.warning(`The Anthropic API no longer takes a temperature; ${options.model} runs without it.`)
      }
      const { signal } = request
      const stream = route.streams && body.max_tokens > streamAbove
      // A reply that is not a Messages body is retried like any transient failure.
      return callWithRetries(policy, signal, async () =>
        fromWireReply(
          stream
            ? await streamMessage(await client(), body, { signal, idleMs })
            : await (await client()).messages.create(body, { signal, maxRetries: 0 }),
          logger
        )
      )
    }
  }
}

/** Anthropic's own API, with the key. */
function directRoute(options: AnthropicModelOptions, timeoutMs: number, logger: Logger): AnthropicRoute {
  const baseURL = options.baseURL || DEFAULT_BASE_URL
  // An explicit timeout also keeps the SDK from refusing a large max_tokens unstreamed.
  const client = new Anthropic({
    apiKey: options.apiKey,
    baseURL,
    maxRetries: 0,
    timeout: timeoutMs,
    // What the SDK would print (an event it could not parse) goes to our debug log: the failure itself
    // reaches the user through the retry log and the ModelError.
    logger: sdkDebugLogger(logger, 'Anthropic', options.apiKey)
  })
  return {
    api: 'Anthropic API',
    provider: 'anthropic',
    baseURL,
    client: async () => client,
    streams: true,
    hints: {}
  }
}

/** Our request in the Messages API's words; fields are copied one by one so nothing else goes on the wire. */
export function toWireRequest(model: string, request: ModelRequest): WireRequest {
  const wire: WireRequest = {
    model,
    max_tokens: request.maxTokens,
    messages: request.messages.map(message => ({
      role: message.role,
      content: message.content.map(toWireBlock)
    }))
  }
  if (request.system.length > 0) {
    wire.system = request.system.map(block => ({ type: 'text', text: block.text, ...cacheControl(block) }))
  }
  if (request.tools && request.tools.length > 0) {
    wire.tools = request.tools.map(tool => ({
      name: tool.name,
      description: tool.description,
      input_schema: tool.input_schema as Anthropic.Tool.InputSchema,
      ...cacheControl(tool)
    }))
  }
  if (request.toolChoice) wire.tool_choice = request.toolChoice
  // `temperature` is left out on purpose: API version 2026-10-21, which this SDK speaks, refuses it.
  return wire
}

function toWireBlock(block: ContentBlock): WireBlockParam {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text, ...cacheControl(block) }
    case 'tool_use':
      return { type: 'tool_use', id: block.id, name: block.name, input: block.input }
    case 'tool_result':
      return {
        type: 'tool_result',
        tool_use_id: block.tool_use_id,
        content: block.content,
        ...(block.is_error === undefined ? {} : { is_error: block.is_error }),
        ...cacheControl(block)
      }
  }
}

function cacheControl(block: { cache_control?: { type: 'ephemeral' } }): {
  cache_control?: { type: 'ephemeral' }
} {
  return block.cache_control ? { cache_control: { type: 'ephemeral' } } : {}
}

const STOP_REASONS: Record<string, StopReason> = {
  end_turn: 'end_turn',
  tool_use: 'tool_use',
  max_tokens: 'max_tokens',
  stop_sequence: 'stop_sequence',
  refusal: 'refusal',
  pause_turn: 'pause_turn',
  // The context window ran out before max_tokens: to the agent loop it is the same truncation.
  model_context_window_exceeded: 'max_tokens'
}

/** The API's reply as our ModelResponse; anything that is not a Messages body is a MalformedReply. */
export function fromWireReply(reply: unknown, logger: Logger = silentLogger): ModelResponse {
  const body = reply as Partial<Anthropic.Message> | null
  if (
    !body ||
    typeof body !== 'object' ||
    !Array.isArray(body.content) ||
    !body.usage ||
    typeof body.usage !== 'object'
  ) {
    throw new MalformedReply('the reply has no content or usage')
  }
  const usage = body.usage
  if (typeof usage.input_tokens !== 'number' || typeof usage.output_tokens !== 'number') {
    throw new MalformedReply('the reply usage has no token counts')
  }
  const content: ContentBlock[] = []
  for (const block of body.content) {
    if (block.type === 'text') content.push({ type: 'text', text: block.text })
    else if (block.type === 'tool_use') {
      content.push({
        type: 'tool_use',
        id: block.id,
        name: block.name,
        input: (block.input ?? {}) as Record<string, unknown>
      })
    }
    // Thinking and server-tool blocks have no place in our port yet; the text and tool calls carry the turn.
    else logger.debug(`Anthropic reply: dropped a ${block.type} block`)
  }
  const stopReason = STOP_REASONS[body.stop_reason ?? 'end_turn'] ?? 'end_turn'
  return {
    content,
    stopReason,
    usage: {
      inputTokens: usage.input_tokens,
      outputTokens: usage.output_tokens,
      cacheCreationInputTokens: usage.cache_creation_input_tokens ?? 0,
      cacheReadInputTokens: usage.cache_read_input_tokens ?? 0
    },
    model: typeof body.model === 'string' ? body.model : ''
  }
}
