/**
 * The Messages API request as it arrives on the wire, loosely typed (the fake validates it), and the small
 * readers rule-driven tests use to tell calls apart: the manager's plan call, an agent's turn on task T2, …
 */

export interface WireCacheControl {
  type: string
  ttl?: string
}

export interface WireRequestBlock {
  type: string
  text?: string
  id?: string
  name?: string
  input?: unknown
  tool_use_id?: string
  content?: unknown
  is_error?: boolean
  cache_control?: WireCacheControl
  [field: string]: unknown
}

export interface WireMessage {
  role: string
  content: string | WireRequestBlock[]
}

export interface WireTool {
  name: string
  type?: string
  description?: string
  input_schema?: Record<string, unknown>
  cache_control?: WireCacheControl
  [field: string]: unknown
}

export type WireToolChoice =
  | { type: 'auto' | 'any' | 'none'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }

/** A request body after it passed validation. */
export interface MessagesRequest {
  model: string
  max_tokens: number
  messages: WireMessage[]
  system?: string | WireRequestBlock[]
  tools?: WireTool[]
  tool_choice?: WireToolChoice
  temperature?: number
  stop_sequences?: string[]
  [field: string]: unknown
}

/** The system prompt as one string (blocks joined by blank lines). */
export function systemText(request: MessagesRequest): string {
  if (request.system === undefined) return ''
  if (typeof request.system === 'string') return request.system
  return request.system.map(block => block.text ?? '').join('\n\n')
}

/** The tool the request forces with `tool_choice: { type: 'tool' }`, if any. */
export function forcedToolName(request: MessagesRequest): string | undefined {
  return request.tool_choice?.type === 'tool' ? request.tool_choice.name : undefined
}

/** Names of the tools the request offers. */
export function toolNames(request: MessagesRequest): string[] {
  return (request.tools ?? []).map(tool => tool.name)
}

/** Blocks of one message, with string content read as one text block. */
export function blocksOf(message: WireMessage): WireRequestBlock[] {
  return typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content
}

/** The text of the last user message (text blocks and string tool results), joined by newlines. */
export function lastUserText(request: MessagesRequest): string {
  const last = [...request.messages].reverse().find(entry => entry.role === 'user')
  if (!last) return ''
  return blocksOf(last)
    .map(block =>
      block.type === 'text' ? (block.text ?? '') : typeof block.content === 'string' ? block.content : ''
    )
    .filter(Boolean)
    .join('\n')
}

/** The tool results the last message carries (an agent's turn after tool calls). */
export function toolResults(request: MessagesRequest): WireRequestBlock[] {
  const last = request.messages[request.messages.length - 1]
  return last ? blocksOf(last).filter(block => block.type === 'tool_result') : []
}
