import type OpenAI from 'openai'
import { canonical, countTokens } from './fake-anthropic-cache.js'
import type { MessagesRequest, WireMessage, WireRequestBlock } from './fake-anthropic-request.js'

/**
 * What the fake OpenAI server checks of a Chat Completions request, and how it reads one. The checks are
 * the refusals OpenAI documents or is known for (each one a 400 `invalid_request_error`), so a request the
 * real API would refuse fails here too; the shape is the SDK's own type.
 */
/** A request as the fake reads it: streamed or not. */
export type ChatWireRequest = Omit<
  OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming,
  'stream'
> & {
  stream?: boolean | null
  stream_options?: { include_usage?: boolean } | null
}

// The parameters the API takes (a subset that covers every one the SDK types); anything else is refused.
const KNOWN = new Set([
  'model',
  'messages',
  'max_completion_tokens',
  'max_tokens',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'temperature',
  'top_p',
  'stop',
  'stream',
  'stream_options',
  'prompt_cache_key',
  'prompt_cache_retention',
  'reasoning_effort',
  'response_format',
  'seed',
  'store',
  'metadata',
  'user',
  'safety_identifier',
  'service_tier',
  'n',
  'logprobs',
  'top_logprobs',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'verbosity',
  'modalities',
  'audio',
  'prediction',
  'web_search_options'
])

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool'])
const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/
// Reasoning models: no max_tokens, no temperature but 1.
const REASONING = /^(o\d|gpt-5)/

export type Validation =
  { ok: true; request: ChatWireRequest } | { ok: false; message: string; param?: string }

export function validateChatRequest(body: unknown): Validation {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, message: 'The request body must be a JSON object.' }
  }
  const request = body as Record<string, unknown>
  for (const key of Object.keys(request)) {
    if (!KNOWN.has(key))
      return { ok: false, message: `Unrecognized request argument supplied: ${key}`, param: key }
  }
  if (typeof request.model !== 'string' || request.model === '') {
    return { ok: false, message: 'you must provide a model parameter', param: 'model' }
  }
  const reasoning = REASONING.test(request.model)
  if (reasoning && request.max_tokens !== undefined) {
    return {
      ok: false,
      message:
        "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
      param: 'max_tokens'
    }
  }
  if (reasoning && request.temperature !== undefined && request.temperature !== 1) {
    return {
      ok: false,
      message:
        "Unsupported value: 'temperature' does not support this value with this model. Only the default (1) value is supported.",
      param: 'temperature'
    }
  }
  if (request.stream_options !== undefined && request.stream !== true) {
    return {
      ok: false,
      message: "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
      param: 'stream_options'
    }
  }
  const tokens = request.max_completion_tokens ?? request.max_tokens
  if (tokens !== undefined && (!Number.isInteger(tokens) || (tokens as number) < 1)) {
    return {
      ok: false,
      message: 'max_completion_tokens must be a positive integer',
      param: 'max_completion_tokens'
    }
  }
  if (request.prompt_cache_key !== undefined && typeof request.prompt_cache_key !== 'string') {
    return { ok: false, message: 'prompt_cache_key must be a string', param: 'prompt_cache_key' }
  }
  const tools = request.tools
  if (tools !== undefined) {
    if (!Array.isArray(tools) || tools.length === 0)
      return { ok: false, message: "'tools' must be a non-empty array", param: 'tools' }
    for (const [index, tool] of tools.entries()) {
      const fn = (tool as { type?: unknown; function?: { name?: unknown; parameters?: unknown } }).function
      if ((tool as { type?: unknown }).type !== 'function' || typeof fn !== 'object' || fn === null) {
        return {
          ok: false,
          message: `tools[${index}] must be {type: 'function', function: {...}}`,
          param: `tools[${index}]`
        }
      }
      if (typeof fn.name !== 'string' || !FUNCTION_NAME.test(fn.name)) {
        return {
          ok: false,
          message: `Invalid 'tools[${index}].function.name': string does not match pattern.`,
          param: `tools[${index}].function.name`
        }
      }
      if (
        fn.parameters !== undefined &&
        (typeof fn.parameters !== 'object' || (fn.parameters as { type?: unknown }).type !== 'object')
      ) {
        return {
          ok: false,
          message: `Invalid schema for function '${fn.name}': schema must be a JSON Schema of 'type: "object"'`,
          param: `tools[${index}].function.parameters`
        }
      }
    }
  }
  if (request.tool_choice !== undefined && tools === undefined) {
    return {
      ok: false,
      message: "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
      param: 'tool_choice'
    }
  }
  const forced = (request.tool_choice as { function?: { name?: unknown } } | undefined)?.function?.name
  if (
    forced !== undefined &&
    !(tools as { function: { name: string } }[]).some(tool => tool.function.name === forced)
  ) {
    return {
      ok: false,
      message: `Invalid value for 'tool_choice': function '${String(forced)}' is not among the tools.`,
      param: 'tool_choice'
    }
  }
  return checkMessages(request.messages, request as unknown as ChatWireRequest)
}

/** The conversation's rules: every assistant tool call answered by a `tool` message right after it, and no other. */
function checkMessages(messages: unknown, request: ChatWireRequest): Validation {
  if (!Array.isArray(messages) || messages.length === 0) {
    return {
      ok: false,
      message: "Invalid 'messages': empty array. Expected an array with minimum length 1.",
      param: 'messages'
    }
  }
  let awaiting: Set<string> | undefined
  for (const [index, entry] of messages.entries()) {
    const message = entry as {
      role?: unknown
      content?: unknown
      tool_calls?: unknown
      tool_call_id?: unknown
    }
    if (typeof message.role !== 'string' || !ROLES.has(message.role)) {
      return {
        ok: false,
        message: `Invalid value for 'messages[${index}].role'.`,
        param: `messages[${index}].role`
      }
    }
    if (message.role === 'tool') {
      if (!awaiting || typeof message.tool_call_id !== 'string' || !awaiting.has(message.tool_call_id)) {
        return {
          ok: false,
          message:
            "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          param: `messages[${index}].role`
        }
      }
      if (typeof message.content !== 'string') {
        return {
          ok: false,
          message: `messages[${index}].content must be a string`,
          param: `messages[${index}].content`
        }
      }
      awaiting.delete(message.tool_call_id)
      continue
    }
    if (awaiting && awaiting.size > 0) {
      return {
        ok: false,
        message: `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...awaiting].join(', ')}`,
        param: 'messages'
      }
    }
    awaiting = undefined
    if (message.role === 'assistant' && Array.isArray(message.tool_calls) && message.tool_calls.length > 0) {
      awaiting = new Set()
      for (const call of message.tool_calls as {
        id?: unknown
        type?: unknown
        function?: { name?: unknown; arguments?: unknown }
      }[]) {
        if (
          typeof call.id !== 'string' ||
          call.type !== 'function' ||
          typeof call.function?.name !== 'string' ||
          typeof call.function.arguments !== 'string'
        ) {
          return {
            ok: false,
            message: `messages[${index}].tool_calls: each call needs id, type 'function', function.name and function.arguments (a string)`,
            param: `messages[${index}].tool_calls`
          }
        }
        awaiting.add(call.id)
      }
    } else if (typeof message.content !== 'string' && !Array.isArray(message.content)) {
      // An assistant message without tool calls needs content as much as any other.
      return {
        ok: false,
        message: `messages[${index}].content is required`,
        param: `messages[${index}].content`
      }
    }
  }
  if (awaiting && awaiting.size > 0) {
    return {
      ok: false,
      message: `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...awaiting].join(', ')}`,
      param: 'messages'
    }
  }
  return { ok: true, request }
}

/**
 * The request in the Messages shape the test harness reads (scripted-team.ts, fake-anthropic-request.ts):
 * so one scripted team answers on either provider. Tool results in a row become one user message.
 */
export function asMessagesRequest(chat: ChatWireRequest): MessagesRequest {
  const system: string[] = []
  const messages: WireMessage[] = []
  const push = (role: string, block: WireRequestBlock): void => {
    const last = messages.at(-1)
    if (last && last.role === role && Array.isArray(last.content)) last.content.push(block)
    else messages.push({ role, content: [block] })
  }
  for (const message of chat.messages) {
    const text = typeof message.content === 'string' ? message.content : ''
    if (message.role === 'system' || message.role === 'developer') system.push(text)
    else if (message.role === 'tool')
      push('user', { type: 'tool_result', tool_use_id: message.tool_call_id, content: text })
    else if (message.role === 'assistant') {
      if (text !== '') push('assistant', { type: 'text', text })
      for (const call of message.tool_calls ?? []) {
        if (call.type !== 'function') continue
        let input: unknown = {}
        try {
          input = JSON.parse(call.function.arguments)
        } catch {
          input = { unparsed: call.function.arguments }
        }
        push('assistant', { type: 'tool_use', id: call.id, name: call.function.name, input })
      }
    } else push('user', { type: 'text', text })
  }
  const choice = chat.tool_choice
  return {
    model: chat.model,
    max_tokens: chat.max_completion_tokens ?? chat.max_tokens ?? 0,
    messages,
    ...(system.length > 0 ? { system: system.join('\n\n') } : {}),
    ...(chat.tools
      ? {
          tools: chat.tools.flatMap(tool =>
            tool.type === 'function'
              ? [
                  {
                    name: tool.function.name,
                    description: tool.function.description,
                    input_schema: tool.function.parameters
                  }
                ]
              : []
          )
        }
      : {}),
    ...(choice === 'required'
      ? { tool_choice: { type: 'any' as const } }
      : typeof choice === 'object' && choice.type === 'function'
        ? { tool_choice: { type: 'tool' as const, name: choice.function.name } }
        : {})
  }
}

/**
 * OpenAI's automatic prompt caching, as documented: prompts of 1,024 tokens or more are cached by prefix,
 * and a hit covers the longest prefix seen before, in steps of 128 tokens past the first 1,024. Requests
 * with the same `prompt_cache_key` share entries; without one, entries are shared by prefix alone. The
 * prefix is the tools, then the messages in order; a change anywhere ends it.
 */
export class ChatPromptCache {
  private readonly seen = new Map<string, string[][]>()
  constructor(private readonly minimum: number) {}

  use(request: ChatWireRequest): { prompt: number; cached: number } {
    const segments = [canonical(request.tools ?? []), ...request.messages.map(message => canonical(message))]
    const sizes = segments.map(segment => countTokens(segment))
    const prompt = sizes.reduce((a, b) => a + b, 0)
    const bucket = `${request.model}\0${request.prompt_cache_key ?? ''}`
    const earlier = this.seen.get(bucket) ?? []
    let shared = 0
    for (const other of earlier) {
      let tokens = 0
      for (let i = 0; i < Math.min(other.length, segments.length) && other[i] === segments[i]; i++)
        tokens += sizes[i]!
      shared = Math.max(shared, tokens)
    }
    earlier.push(segments)
    this.seen.set(bucket, earlier)
    const step = 128
    const cached =
      shared < this.minimum ? 0 : this.minimum + Math.floor((shared - this.minimum) / step) * step
    return { prompt, cached: Math.min(cached, prompt) }
  }

  clear(): void {
    this.seen.clear()
  }
}
