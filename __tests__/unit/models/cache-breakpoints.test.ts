import { describe, expect, it } from '@jest/globals'
import { MAX_CACHE_BREAKPOINTS, withCacheBreakpoints } from '../../../src/models/cache-breakpoints.js'
import type { ContentBlock, Message, ModelRequest } from '../../../src/models/model.js'

const mark = { cache_control: { type: 'ephemeral' as const } }

function toolExchange(turn: number, calls: number): Message[] {
  const ids = Array.from({ length: calls }, (_, i) => `toolu_${turn}_${i}`)
  return [
    {
      role: 'assistant',
      content: [
        { type: 'text', text: `Turn ${turn}.` },
        ...ids.map(id => ({ type: 'tool_use' as const, id, name: 'read_file', input: { path: id } }))
      ]
    },
    {
      role: 'user',
      content: ids.map(id => ({
        type: 'tool_result' as const,
        tool_use_id: id,
        content: `contents of ${id}`
      }))
    }
  ]
}

/** An agent session's request as session.ts builds it: breakpoints on the last tool, the system and the newest block. */
function sessionRequest(messages: Message[]): ModelRequest {
  const last = messages[messages.length - 1]!
  const content = last.content.map((block, i) =>
    i === last.content.length - 1 ? ({ ...block, ...mark } as ContentBlock) : block
  )
  return {
    system: [{ type: 'text', text: 'You are the backend engineer.', ...mark }],
    tools: [{ name: 'read_file', description: 'Read a file.', input_schema: { type: 'object' }, ...mark }],
    messages: [...messages.slice(0, -1), { ...last, content }],
    maxTokens: 1000
  }
}

function markedPlaces(request: ModelRequest): string[] {
  return request.messages.flatMap((message, i) =>
    message.content.flatMap((block, j) =>
      'cache_control' in block && block.cache_control ? [`${i}.${j}`] : []
    )
  )
}

const task: Message = { role: 'user', content: [{ type: 'text', text: '# task: T1 — Add a banner' }] }

describe('withCacheBreakpoints', () => {
  it('marks the end of the previous user turn, where the last call put its newest breakpoint', () => {
    const request = sessionRequest([task, ...toolExchange(1, 10)])
    const placed = withCacheBreakpoints(request)
    // The task message (0.0) is 21 blocks before the newest breakpoint (2.9): beyond the API's lookback.
    expect(markedPlaces(placed)).toEqual(['0.0', '2.9'])
  })

  it('marks the last tool result of the previous turn, deeper in a session', () => {
    const request = sessionRequest([task, ...toolExchange(1, 2), ...toolExchange(2, 10)])
    expect(markedPlaces(withCacheBreakpoints(request))).toEqual(['2.1', '4.9'])
  })

  it('adds nothing to a first call, or to a conversation the caller did not mark', () => {
    const first = sessionRequest([task])
    expect(withCacheBreakpoints(first)).toEqual(first)
    const unmarked: ModelRequest = { ...first, messages: [task, ...toolExchange(1, 3)] }
    expect(withCacheBreakpoints(unmarked)).toEqual(unmarked)
  })

  it('never goes past the four breakpoints the API allows', () => {
    const request = sessionRequest([task, ...toolExchange(1, 10)])
    const full: ModelRequest = {
      ...request,
      system: [{ type: 'text', text: 'Role.', ...mark }, ...request.system]
    }
    expect(withCacheBreakpoints(full)).toEqual(full)
    const placed = withCacheBreakpoints(request)
    const count =
      placed.system.filter(block => block.cache_control).length +
      (placed.tools ?? []).filter(tool => tool.cache_control).length +
      markedPlaces(placed).length
    expect(count).toBe(MAX_CACHE_BREAKPOINTS)
  })

  it('leaves the caller’s request and transcript untouched', () => {
    const request = sessionRequest([task, ...toolExchange(1, 10)])
    const before = JSON.stringify(request)
    withCacheBreakpoints(request)
    expect(JSON.stringify(request)).toBe(before)
  })

  it('takes every breakpoint off a single-shot request', () => {
    const request = { ...sessionRequest([task, ...toolExchange(1, 1)]), singleShot: true }
    const placed = withCacheBreakpoints(request)
    expect(JSON.stringify(placed)).not.toContain('cache_control')
    expect(placed.messages.map(message => message.content.length)).toEqual([1, 2, 1])
  })
})
