import type {
  ContentBlock,
  Model,
  ModelRequest,
  ModelResponse,
  StopReason,
  Usage
} from '../../src/models/model.js'

/** A reply the fake gives, or a function of the request that builds one. */
export type ScriptedReply = ModelResponse | ((request: ModelRequest) => ModelResponse)

/** An in-memory Model: answers from a script, in order, and keeps a copy of every request it got. */
export interface FakeModel extends Model {
  /** Requests as they were at call time (later changes by the caller do not show). */
  readonly requests: ModelRequest[]
}

/** A Model that plays `replies` in order and throws when asked for more than the script holds. */
export function fakeModel(replies: readonly ScriptedReply[], id = 'fake-model'): FakeModel {
  const requests: ModelRequest[] = []
  return {
    id,
    requests,
    async complete(request: ModelRequest): Promise<ModelResponse> {
      // AbortSignal cannot be cloned; keep it by reference and deep-copy the rest.
      const { signal, ...rest } = request
      requests.push({ ...structuredClone(rest), signal })
      const reply = replies[requests.length - 1]
      if (reply === undefined) throw new Error(`fake model: no scripted reply for call ${requests.length}`)
      return typeof reply === 'function' ? reply(request) : structuredClone(reply)
    }
  }
}

/** Usage with the given counts; the rest zero. */
export function usage(counts: Partial<Usage> = {}): Usage {
  return { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0, ...counts }
}

let nextId = 1

/** A reply that calls one tool, as a model answering a forced tool choice does. */
export function toolUseReply(
  name: string,
  input: Record<string, unknown>,
  counts: Partial<Usage> = {}
): ModelResponse {
  return reply(
    [{ type: 'tool_use', id: `toolu_${String(nextId++).padStart(4, '0')}`, name, input }],
    'tool_use',
    counts
  )
}

/** A reply with text only. */
export function textReply(
  text: string,
  counts: Partial<Usage> = {},
  stopReason: StopReason = 'end_turn'
): ModelResponse {
  return reply([{ type: 'text', text }], stopReason, counts)
}

/** Any reply, from its content blocks. */
export function reply(
  content: ContentBlock[],
  stopReason: StopReason,
  counts: Partial<Usage> = {}
): ModelResponse {
  return { content, stopReason, usage: usage(counts), model: 'fake-model' }
}
