/**
 * The Model port. Messages follow the Anthropic Messages shape because it is the richest of the
 * providers we speak to (tool use, cache breakpoints); other adapters translate to and from it.
 */
export interface CacheControl {
  type: 'ephemeral'
}

export interface TextBlock {
  type: 'text'
  text: string
  cache_control?: CacheControl
}

export interface ToolUseBlock {
  type: 'tool_use'
  id: string
  name: string
  input: Record<string, unknown>
  /**
   * The arguments exactly as the model wrote them, when they were not a JSON object (a provider that sends
   * arguments as text may get them cut or broken). `input` is then empty; the call is answered with an
   * error the model can fix, and the text goes back to the provider as it was.
   */
  malformed_input?: string
}

export interface ToolResultBlock {
  type: 'tool_result'
  tool_use_id: string
  content: string
  is_error?: boolean
  cache_control?: CacheControl
}

export type ContentBlock = TextBlock | ToolUseBlock | ToolResultBlock

export interface Message {
  role: 'user' | 'assistant'
  content: ContentBlock[]
}

export interface ToolSpec {
  name: string
  description: string
  input_schema: Record<string, unknown>
  cache_control?: CacheControl
}

export type StopReason = 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence' | 'refusal' | 'pause_turn'

export interface Usage {
  inputTokens: number
  outputTokens: number
  cacheCreationInputTokens: number
  cacheReadInputTokens: number
}

export interface ModelRequest {
  system: TextBlock[]
  messages: Message[]
  tools?: ToolSpec[]
  /** Force a particular tool (structured output) or let the model choose. */
  toolChoice?: { type: 'auto' } | { type: 'any' } | { type: 'tool'; name: string }
  maxTokens: number
  temperature?: number
  /**
   * Nothing will continue this request or send its prefix again soon: it goes out without cache
   * breakpoints, since a cache write costs more than plain input (1.25 times) and nothing would read it.
   */
  singleShot?: boolean
  signal?: AbortSignal
}

export interface ModelResponse {
  content: ContentBlock[]
  stopReason: StopReason
  usage: Usage
  /** The model id that answered, for the pricing table. */
  model: string
}

export interface Model {
  /** The model id requests go to, e.g. `claude-sonnet-4-5`. */
  readonly id: string
  /** Whose API it calls (`anthropic`, `openai`), so the run can say what it spent on each; none for a replay. */
  readonly provider?: string
  complete(request: ModelRequest): Promise<ModelResponse>
}

export const zeroUsage: Usage = {
  inputTokens: 0,
  outputTokens: 0,
  cacheCreationInputTokens: 0,
  cacheReadInputTokens: 0
}

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheCreationInputTokens: a.cacheCreationInputTokens + b.cacheCreationInputTokens,
    cacheReadInputTokens: a.cacheReadInputTokens + b.cacheReadInputTokens
  }
}
