import type { ServerResponse } from 'node:http'
import type { WireUsage } from './fake-anthropic-cache.js'
import { wireId, type StreamScript, type WireBlock } from './fake-anthropic-replies.js'

/**
 * A Messages API answer as server-sent events, for requests with `stream: true`, in the order and shapes
 * the streaming documentation gives: `message_start` (the message with empty content, and the input and
 * cache usage), a `ping`, per content block `content_block_start`, its deltas (`text_delta`,
 * `input_json_delta`) and `content_block_stop`, then `message_delta` (stop reason, output tokens) and
 * `message_stop`. Errors before the stream starts are HTTP statuses, as for an unstreamed call; an error
 * after it started is an `error` event.
 */

/** The body the fake answers an unstreamed request with. */
export interface WireMessageBody {
  id: string
  type: 'message'
  role: 'assistant'
  model: string
  content: WireBlock[]
  stop_reason: string
  stop_sequence: string | null
  usage: WireUsage
}

export interface StreamEvent {
  event: string
  data: unknown
}

// Small pieces, so that every block arrives in several deltas as a real stream's do.
const PIECE = 24

/** The events that stream `body`. */
export function messageEvents(body: WireMessageBody): StreamEvent[] {
  const { content, usage, stop_reason, stop_sequence, ...head } = body
  const events: StreamEvent[] = [
    {
      event: 'message_start',
      data: {
        type: 'message_start',
        message: {
          ...head,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          // Output is counted as it is generated: the start carries one token, message_delta the total.
          usage: { ...usage, output_tokens: 1 }
        }
      }
    },
    { event: 'ping', data: { type: 'ping' } }
  ]
  content.forEach((block, index) => {
    events.push(...blockEvents(block, index))
    events.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index } })
  })
  events.push(
    {
      event: 'message_delta',
      data: {
        type: 'message_delta',
        delta: { stop_reason, stop_sequence },
        usage: { output_tokens: usage.output_tokens }
      }
    },
    { event: 'message_stop', data: { type: 'message_stop' } }
  )
  return events
}

function blockEvents(block: WireBlock, index: number): StreamEvent[] {
  const start = (contentBlock: unknown): StreamEvent => ({
    event: 'content_block_start',
    data: { type: 'content_block_start', index, content_block: contentBlock }
  })
  const delta = (value: unknown): StreamEvent => ({
    event: 'content_block_delta',
    data: { type: 'content_block_delta', index, delta: value }
  })
  if (block.type === 'text' && typeof block.text === 'string') {
    return [
      start({ type: 'text', text: '' }),
      ...pieces(block.text).map(text => delta({ type: 'text_delta', text }))
    ]
  }
  if (block.type === 'tool_use') {
    const json = JSON.stringify(block.input ?? {})
    return [
      start({ type: 'tool_use', id: block.id, name: block.name, input: {} }),
      ...pieces(json).map(partial => delta({ type: 'input_json_delta', partial_json: partial }))
    ]
  }
  // Blocks the fake has no deltas for (thinking, server tools) arrive whole in their start event.
  return [start(block)]
}

function pieces(text: string): string[] {
  const out: string[] = []
  for (let i = 0; i < text.length; i += PIECE) out.push(text.slice(i, i + PIECE))
  return out
}

/** One event on the wire. */
export function encodeEvent({ event, data }: StreamEvent): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
}

export type StreamOutcome = 'message' | 'error' | 'disconnected' | 'aborted'

/**
 * Writes `events` to `res` as a 200 event stream, `script.gapMs` apart, stopping where the script breaks
 * the stream off. `wait` pauses and says whether the client is still there.
 */
export async function sendStream(
  res: ServerResponse,
  events: StreamEvent[],
  script: StreamScript,
  wait: (ms: number) => Promise<boolean>
): Promise<StreamOutcome> {
  if (res.destroyed) return 'aborted'
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'request-id': wireId('req')
  })
  const count = Math.min(events.length, script.breakAfter ?? events.length)
  for (let i = 0; i < count; i++) {
    if (i > 0 && !(await wait(script.gapMs ?? 0))) return 'aborted'
    if (res.destroyed) return 'aborted'
    // Flushed before the next step, so a connection cut below comes after what was already sent.
    await new Promise<void>(resolve => res.write(encodeEvent(events[i]!), () => resolve()))
  }
  if (count < events.length) {
    if (!script.error) {
      res.socket?.destroy()
      return 'disconnected'
    }
    res.end(encodeEvent({ event: 'error', data: { type: 'error', error: script.error } }))
    return 'error'
  }
  res.end()
  return 'message'
}

/** A stream whose first event is cut off in the middle of its JSON. */
export function sendMalformedStream(res: ServerResponse): void {
  if (res.destroyed) return
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'request-id': wireId('req') })
  res.end('event: message_start\ndata: {"type":"message_start","message":{"id":"msg_01trunc","ty\n\n')
}
