import OpenAI from 'openai'
import { StreamIdle } from './call-failure.js'
import type { ChatRequest } from './openai-wire.js'

type Completion = OpenAI.Chat.Completions.ChatCompletion
type ToolCall = OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall

/**
 * One Chat Completions call made as a stream, resolved with the completion its chunks add up to: the text
 * from the content deltas, each tool call from its deltas (the id and name first, the arguments in pieces,
 * by index), the finish reason, and the usage from the last chunk (`stream_options.include_usage`). A long
 * reply takes as long as it takes; one that stalls is noticed after `idleMs` without a chunk (StreamIdle). A
 * stream that ends without a finish reason broke off: an APIConnectionError, retried like one. One without
 * usage comes from a server that does not send it, which no retry changes.
 */
export async function streamCompletion(
  client: OpenAI,
  body: ChatRequest,
  options: { signal: AbortSignal; abort: () => void; idleMs: number }
): Promise<Completion> {
  let idle = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const rearm = (): void => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      idle = true
      options.abort()
    }, options.idleMs)
  }
  try {
    const stream = await client.chat.completions.create(
      { ...body, stream: true, stream_options: { include_usage: true } },
      { signal: options.signal, maxRetries: 0 }
    )
    rearm()
    let id = ''
    let model = ''
    let text = ''
    let finish: Completion['choices'][number]['finish_reason'] | undefined
    let usage: Completion['usage'] | undefined
    const calls: ToolCall[] = []
    for await (const chunk of stream) {
      rearm()
      id ||= chunk.id
      model ||= chunk.model
      if (chunk.usage) usage = chunk.usage
      const choice = chunk.choices[0]
      if (!choice) continue
      if (choice.finish_reason) finish = choice.finish_reason
      if (choice.delta.content) text += choice.delta.content
      for (const delta of choice.delta.tool_calls ?? []) {
        const call = (calls[delta.index] ??= {
          id: '',
          type: 'function',
          function: { name: '', arguments: '' }
        })
        if (delta.id) call.id = delta.id
        if (delta.function?.name) call.function.name += delta.function.name
        if (delta.function?.arguments) call.function.arguments += delta.function.arguments
      }
    }
    if (finish === undefined) {
      throw new OpenAI.APIConnectionError({ message: 'the reply stream ended before its finish' })
    }
    // Without usage the budget cannot count the call; waiting and retrying would not bring it.
    if (usage === undefined) {
      throw new Error(
        'the reply stream sent no usage: the server does not take stream_options.include_usage; give the role ' +
          'a max_tokens of 8192 or less so its calls are not streamed'
      )
    }
    return {
      id,
      object: 'chat.completion',
      created: 0,
      model,
      choices: [
        {
          index: 0,
          finish_reason: finish,
          logprobs: null,
          message: {
            role: 'assistant',
            content: text === '' ? null : text,
            refusal: null,
            ...(calls.length > 0 ? { tool_calls: calls.filter(Boolean) } : {})
          }
        }
      ],
      usage
    }
  } catch (error) {
    if (idle) throw new StreamIdle(options.idleMs)
    throw error
  } finally {
    clearTimeout(timer)
  }
}
