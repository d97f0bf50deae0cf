import Anthropic from '@anthropic-ai/sdk'
import type { MessagesClient } from './anthropic-routes.js'
import { MalformedReply, StreamIdle } from './call-failure.js'

/**
 * One Messages call made as a stream (`stream: true`), resolved with the whole message once it is complete.
 * The SDK assembles it from the events: content blocks from their deltas (`text_delta`,
 * `input_json_delta`), usage from `message_start` (input and cache tokens) and `message_delta` (output
 * tokens). A long reply then takes as long as it takes, while a stalled one is noticed after `idleMs`
 * without an event rather than after one limit on the whole call. (The SDK drops the API's `ping` events
 * before we see them, so the limit must stay above any pause the model makes between two deltas.)
 *
 * Errors: an HTTP status before the stream starts is the SDK's APIError with that status; an `error` event
 * in the stream is an APIError without one; an event that is not JSON is a MalformedReply; a stream that
 * stops before `message_stop` is an APIConnectionError; silence is a StreamIdle. All of them go through the
 * same classification as an unstreamed call's failures.
 */
export async function streamMessage(
  client: MessagesClient,
  body: Anthropic.MessageCreateParamsNonStreaming,
  options: { signal?: AbortSignal; idleMs: number }
): Promise<Anthropic.Message> {
  const stream = client.messages.stream(body, { signal: options.signal, maxRetries: 0 })
  let timer: ReturnType<typeof setTimeout> | undefined
  let idle = false
  // From the response headers on, the idle clock runs; until then the client's own timeout applies.
  const rearm = (): void => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      idle = true
      stream.abort()
    }, options.idleMs)
  }
  stream.on('connect', rearm)
  stream.on('streamEvent', rearm)
  try {
    // Resolves only once message_stop has arrived; a stream that ends before it rejects.
    return await stream.finalMessage()
  } catch (error) {
    if (idle) throw new StreamIdle(options.idleMs)
    if (error instanceof Anthropic.APIError) throw error
    // The SDK wraps what it cannot parse in an AnthropicError whose cause is the SyntaxError.
    const cause = (error as { cause?: unknown } | null)?.cause
    if (nameOf(error) === 'SyntaxError' || nameOf(cause) === 'SyntaxError') {
      throw new MalformedReply(`an event is not JSON: ${asError(error).message}`)
    }
    // Anything else stopped the stream half-way: the connection dropped, or the body ended too soon.
    throw new Anthropic.APIConnectionError({ message: 'the reply stream broke off', cause: asError(error) })
  } finally {
    clearTimeout(timer)
  }
}

// By name and shape, not by class: errors raised in Node's own realm (fetch, JSON) are not this realm's Error.
function nameOf(error: unknown): string | undefined {
  const name = (error as { name?: unknown } | null)?.name
  return typeof name === 'string' ? name : undefined
}

function asError(error: unknown): Error {
  const message = (error as { message?: unknown } | null)?.message
  return new Error(typeof message === 'string' ? message : String(error))
}
