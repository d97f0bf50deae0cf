import type { CacheControl, ContentBlock, ModelRequest } from './model.js'

/** Most blocks with `cache_control` the Messages API takes in one request. */
export const MAX_CACHE_BREAKPOINTS = 4

/**
 * The request with the cache breakpoints it should go out with.
 *
 * A single-shot request gets none: nothing would read what it writes, and a write costs 1.25 times plain
 * input.
 *
 * Any other request keeps the caller's breakpoints and, when its conversation carries one and a slot is
 * free, gets one more: at the end of the user turn before the marked one, which is where the previous call
 * of the same conversation put its newest breakpoint. The API looks for an earlier cache entry only at a
 * breakpoint and in the 20 blocks before it, and every tool call and every tool result is a block of its
 * own; a reply with ten tool calls and their ten results puts the previous entry out of reach of the newest
 * breakpoint, and the call would read only the system prompt and tools. The extra breakpoint sits exactly
 * on the previous entry, so the call reads it whatever the exchange in between holds. It costs nothing:
 * a hit there is a hit the lookback would have found, and a miss writes tokens the newest breakpoint would
 * have written anyway.
 */
export function withCacheBreakpoints(request: ModelRequest): ModelRequest {
  if (request.singleShot) return withoutBreakpoints(request)
  const { messages } = request
  const marked =
    (request.tools ?? []).filter(marks).length +
    request.system.filter(marks).length +
    messages.reduce((count, message) => count + message.content.filter(marks).length, 0)
  if (marked >= MAX_CACHE_BREAKPOINTS) return request

  const newest = messages.findLastIndex(message => message.content.some(marks))
  if (newest < 0) return request
  const previous = messages.slice(0, newest).findLastIndex(message => message.role === 'user')
  if (previous < 0) return request
  const target = messages[previous]
  if (target === undefined) return request
  const content = target.content
  const at = content.findLastIndex(block => block.type !== 'tool_use')
  const block = content[at]
  if (block === undefined || marks(block)) return request
  const blocks = content.map((block, i) => (i === at ? mark(block) : block))
  return {
    ...request,
    messages: messages.map((message, i) => (i === previous ? { ...message, content: blocks } : message))
  }
}

function withoutBreakpoints(request: ModelRequest): ModelRequest {
  return {
    ...request,
    system: request.system.map(unmark),
    ...(request.tools ? { tools: request.tools.map(unmark) } : {}),
    messages: request.messages.map(message => ({ ...message, content: message.content.map(unmark) }))
  }
}

function marks(item: object): boolean {
  return (item as { cache_control?: CacheControl }).cache_control !== undefined
}

function mark(block: ContentBlock): ContentBlock {
  return block.type === 'tool_use' ? block : { ...block, cache_control: { type: 'ephemeral' } }
}

function unmark<T extends object>(item: T): T {
  if (!marks(item)) return item
  const { cache_control: _dropped, ...rest } = item as T & { cache_control?: CacheControl }
  return rest as T
}
