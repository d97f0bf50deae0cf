import { randomBytes } from 'node:crypto'

/**
 * What the fake Anthropic server answers: a message (the Messages API body is built from it) or a fault.
 * Builders here are what tests script with: `text('…')`, `toolUse(name, input)`, `message(...)`, and the faults.
 */

/** A content block as the API returns it. Unknown shapes (thinking, server tools) pass through as they are. */
export type WireBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> }
  | { type: string; [field: string]: unknown }

export type WireStopReason =
  | 'end_turn'
  | 'tool_use'
  | 'max_tokens'
  | 'stop_sequence'
  | 'pause_turn'
  | 'refusal'
  | 'model_context_window_exceeded'

/** Usage fields a reply may pin instead of the computed ones; `null` is sent as null, as older API versions did. */
export interface UsageOverride {
  input_tokens?: number
  output_tokens?: number
  cache_creation_input_tokens?: number | null
  cache_read_input_tokens?: number | null
}

interface ReplyTiming {
  /** Milliseconds to wait before answering, on top of the server's latency. Aborted when the client disconnects. */
  delayMs?: number
}

/** How a streamed answer unfolds; used only when the request asks for `stream: true`. */
export interface StreamScript {
  /** Milliseconds between two events (cut short when the client goes away). */
  gapMs?: number
  /** Stops after this many events: with an `error` event when `error` is set, else by cutting the connection. */
  breakAfter?: number
  /** The error event's body, e.g. `{ type: 'overloaded_error', message: 'Overloaded' }`. */
  error?: { type: string; message: string }
}

/** A successful Messages API answer. */
export interface MessageReply extends ReplyTiming {
  kind: 'message'
  content: WireBlock[]
  /** Defaults to `tool_use` when a tool_use block is present, else `end_turn`. */
  stopReason?: WireStopReason
  stopSequence?: string | null
  usage?: UsageOverride
  stream?: StreamScript
}

/** An HTTP error with Anthropic's error body. */
export interface ErrorFault extends ReplyTiming {
  kind: 'error'
  status: number
  type: string
  message: string
  /** Seconds for `retry-after` (the header the API sends with 429). */
  retryAfterSeconds?: number
  /** Milliseconds for `retry-after-ms`, which the SDK prefers: lets tests retry without real waiting. */
  retryAfterMs?: number
  headers?: Record<string, string>
}

/** 200 with a body that is not JSON (for a streamed request: an event whose JSON is cut off). */
export interface MalformedFault extends ReplyTiming {
  kind: 'malformed'
}

/** The connection is cut before any response. */
export interface DisconnectFault extends ReplyTiming {
  kind: 'disconnect'
}

export type Fault = ErrorFault | MalformedFault | DisconnectFault
export type Reply = MessageReply | Fault

/** Options a message builder accepts. */
export interface MessageOptions extends ReplyTiming {
  stopReason?: WireStopReason
  stopSequence?: string | null
  usage?: UsageOverride
  stream?: StreamScript
}

/** An id shaped like the API's (`toolu_01…`, `msg_01…`): random, so two replies never share one. */
export function wireId(prefix: 'toolu' | 'msg' | 'req'): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  const chars = [...randomBytes(22)].map(byte => alphabet[byte % alphabet.length]).join('')
  return `${prefix}_01${chars}`
}

/** A reply with one text block. */
export function text(value: string, options: MessageOptions = {}): MessageReply {
  return message([{ type: 'text', text: value }], options)
}

/** A reply that calls one tool; the id is generated unless given. */
export function toolUse(
  name: string,
  input: Record<string, unknown>,
  options: MessageOptions & { id?: string } = {}
): MessageReply {
  const { id = wireId('toolu'), ...rest } = options
  return message([{ type: 'tool_use', id, name, input }], rest)
}

/**
 * A reply from several parts, in order: blocks, or other message replies whose content is appended
 * (`message([text('Reading'), toolUse('read_file', {...})])`).
 */
export function message(parts: (WireBlock | MessageReply)[], options: MessageOptions = {}): MessageReply {
  const content = parts.flatMap((part): WireBlock[] => (isMessageReply(part) ? part.content : [part]))
  return { kind: 'message', content, ...options }
}

function isMessageReply(part: WireBlock | MessageReply): part is MessageReply {
  return (part as MessageReply).kind === 'message' && Array.isArray((part as MessageReply).content)
}

/** 429 `rate_limit_error` with `retry-after` (seconds, default 1). */
export function rateLimited(options: Partial<Omit<ErrorFault, 'kind' | 'status' | 'type'>> = {}): ErrorFault {
  return apiError(
    429,
    'rate_limit_error',
    'Number of request tokens has exceeded your per-minute rate limit.',
    {
      retryAfterSeconds: 1,
      ...options
    }
  )
}

/** 529 `overloaded_error`. */
export function overloaded(options: Partial<Omit<ErrorFault, 'kind' | 'status' | 'type'>> = {}): ErrorFault {
  return apiError(529, 'overloaded_error', 'Overloaded', options)
}

/** 500 `api_error`. */
export function serverError(options: Partial<Omit<ErrorFault, 'kind' | 'status' | 'type'>> = {}): ErrorFault {
  return apiError(500, 'api_error', 'Internal server error', options)
}

/** Any status with Anthropic's error body. */
export function apiError(
  status: number,
  type: string,
  messageText: string,
  options: Partial<Omit<ErrorFault, 'kind' | 'status' | 'type' | 'message'>> = {}
): ErrorFault {
  return { kind: 'error', status, type, message: messageText, ...options }
}

/** 200 with a truncated JSON body. */
export function malformed(options: ReplyTiming = {}): MalformedFault {
  return { kind: 'malformed', ...options }
}

/** The socket is destroyed without a response. */
export function disconnect(options: ReplyTiming = {}): DisconnectFault {
  return { kind: 'disconnect', ...options }
}

/** The stop reason the API would give for this content. */
export function defaultStopReason(content: WireBlock[]): WireStopReason {
  return content.some(block => block.type === 'tool_use') ? 'tool_use' : 'end_turn'
}
