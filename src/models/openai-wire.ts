/**
 * Our Messages-shaped requests in the words of OpenAI's Chat Completions API, and its replies back.
 *
 * Why Chat Completions and not the Responses API: the engine sends the whole conversation on every turn
 * (stateless, so nothing is stored at the provider and a recorded run replays exactly), and Chat Completions
 * takes such a conversation as it is: assistant messages with `tool_calls`, then one `tool` message per
 * result. It is also what OpenAI-compatible endpoints (Azure OpenAI, gateways, local servers) speak, so
 * OPENAI_BASE_URL can point at any of them. What it lacks is the Responses API's carried-over reasoning
 * between turns; the agents' state lives in the conversation and the files, so a turn does not depend on it.
 */
import { createHash } from 'node:crypto'
import type OpenAI from 'openai'
import { MalformedReply } from './call-failure.js'
import type { ContentBlock, Message, ModelRequest, ModelResponse, StopReason } from './model.js'

export type ChatRequest = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming
type ChatMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam

/**
 * The request for `model`. Cache breakpoints are dropped: OpenAI caches every long prompt's prefix by
 * itself. `prompt_cache_key` names the conversation (its system prompt and first message), so the turns of
 * one session go to the same cache, and parallel sessions with the same prefix do not crowd one machine.
 */
export function toChatRequest(model: string, request: ModelRequest): ChatRequest {
  const messages: ChatMessage[] = []
  const system = request.system.map(block => block.text).join('\n\n')
  if (system !== '') messages.push({ role: 'system', content: system })
  for (const message of request.messages) messages.push(...toChatMessages(message))
  const wire: ChatRequest = { model, messages, max_completion_tokens: request.maxTokens }
  if (request.tools && request.tools.length > 0) {
    wire.tools = request.tools.map(tool => ({
      type: 'function',
      function: { name: tool.name, description: tool.description, parameters: tool.input_schema }
    }))
    const choice = request.toolChoice
    if (choice?.type === 'any') wire.tool_choice = 'required'
    else if (choice?.type === 'tool') wire.tool_choice = { type: 'function', function: { name: choice.name } }
    else if (choice?.type === 'auto') wire.tool_choice = 'auto'
  }
  if (!request.singleShot) wire.prompt_cache_key = sessionKey(model, system, request.messages[0])
  return wire
}

/** One of our messages as Chat Completions messages: tool results become `tool` messages, in call order. */
function toChatMessages(message: Message): ChatMessage[] {
  const text = message.content
    .filter(block => block.type === 'text')
    .map(block => block.text)
    .join('\n\n')
  if (message.role === 'assistant') {
    const calls = message.content.filter(block => block.type === 'tool_use')
    return [
      {
        role: 'assistant',
        // null only beside tool calls: an assistant message with neither is refused.
        content: text === '' && calls.length > 0 ? null : text,
        ...(calls.length > 0
          ? {
              tool_calls: calls.map(call => ({
                id: call.id,
                type: 'function' as const,
                function: { name: call.name, arguments: call.malformed_input ?? JSON.stringify(call.input) }
              }))
            }
          : {})
      }
    ]
  }
  const out: ChatMessage[] = []
  for (const block of message.content) {
    if (block.type !== 'tool_result') continue
    // Chat Completions has no error flag on a tool result: the text says it.
    const content = block.is_error ? `Error: ${block.content}` : block.content
    out.push({ role: 'tool', tool_call_id: block.tool_use_id, content })
  }
  // Text after the results (a nudge, the next brief) follows them, as the API wants tool messages first.
  if (text !== '') out.push({ role: 'user', content: text })
  return out
}

/** A short stable name for a conversation: the same model, system prompt and first message. */
function sessionKey(model: string, system: string, first: Message | undefined): string {
  const hash = createHash('sha256')
  // As sent: cache breakpoints come and go from turn to turn, and must not change the key.
  const opening = first ? JSON.stringify(toChatMessages(first)) : ''
  hash.update(`${model}\0${system}\0${opening}`)
  return `agent-team-${hash.digest('hex').slice(0, 32)}`
}

const FINISH_REASONS: Record<string, StopReason> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  function_call: 'tool_use',
  content_filter: 'refusal'
}

/** The API's reply as our ModelResponse; anything that is not a chat completion is a MalformedReply. */
export function fromChatCompletion(reply: unknown): ModelResponse {
  const body = reply as Partial<OpenAI.Chat.Completions.ChatCompletion> | null
  const choice = Array.isArray(body?.choices) ? body.choices[0] : undefined
  const usage = body?.usage
  if (!choice || typeof choice.message !== 'object' || choice.message === null) {
    throw new MalformedReply('the reply has no choices')
  }
  if (!usage || typeof usage.prompt_tokens !== 'number' || typeof usage.completion_tokens !== 'number') {
    throw new MalformedReply('the reply usage has no token counts')
  }
  const message = choice.message
  const content: ContentBlock[] = []
  if (typeof message.content === 'string' && message.content !== '') {
    content.push({ type: 'text', text: message.content })
  }
  if (typeof message.refusal === 'string' && message.refusal !== '') {
    content.push({ type: 'text', text: message.refusal })
  }
  for (const call of message.tool_calls ?? []) {
    if (call.type !== 'function') continue
    content.push(toolUseOf(call.id, call.function.name, call.function.arguments))
  }
  const calls = content.some(block => block.type === 'tool_use')
  let stopReason = FINISH_REASONS[choice.finish_reason ?? 'stop'] ?? 'end_turn'
  // Some compatible servers say `stop` after tool calls; the calls are what matters to the agent loop.
  if (calls && stopReason === 'end_turn') stopReason = 'tool_use'
  if (typeof message.refusal === 'string' && message.refusal !== '') stopReason = 'refusal'
  const cached = usage.prompt_tokens_details?.cached_tokens ?? 0
  return {
    content,
    stopReason,
    usage: {
      // OpenAI counts cached tokens inside prompt_tokens; ours are apart, as Anthropic reports them.
      inputTokens: Math.max(0, usage.prompt_tokens - cached),
      outputTokens: usage.completion_tokens,
      cacheCreationInputTokens: 0,
      cacheReadInputTokens: cached
    },
    model: typeof body?.model === 'string' ? body.model : ''
  }
}

/** A tool call; arguments that are not a JSON object are kept as text for the session to send back. */
function toolUseOf(id: string, name: string, args: string): ContentBlock {
  try {
    const input: unknown = JSON.parse(args === '' ? '{}' : args)
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
      return { type: 'tool_use', id, name, input: input as Record<string, unknown> }
    }
  } catch {
    // Broken JSON: kept below as it came.
  }
  return { type: 'tool_use', id, name, input: {}, malformed_input: args }
}
