import { randomBytes } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { countTokens } from './fake-anthropic-cache.js'
import type { ErrorFault, Reply, StreamScript, WireBlock } from './fake-anthropic-replies.js'
import type { MessagesRequest } from './fake-anthropic-request.js'
import {
  asMessagesRequest,
  ChatPromptCache,
  validateChatRequest,
  type ChatWireRequest
} from './fake-openai-wire.js'
import { readBody } from './request-body.js'

export type { ChatWireRequest } from './fake-openai-wire.js'

/**
 * A fake OpenAI Chat Completions API over real HTTP on 127.0.0.1: `POST /v1/chat/completions`, with the
 * API's refusals (fake-openai-wire.ts), bearer-key authentication, automatic prompt caching reported as
 * `cached_tokens`, and injectable faults and latency. Replies are scripted with the same builders as the fake
 * Anthropic (`text`, `toolUse`, the faults), and handlers read the request in the Messages shape, so one
 * scripted team answers on either provider. A `tool_use` block may carry `raw_arguments`, sent as the call's
 * arguments instead of its input (a model that writes broken JSON).
 */
export type ChatHandler = (
  request: MessagesRequest,
  index: number,
  chat: ChatWireRequest
) => Reply | Promise<Reply>

export interface FakeOpenAIOptions {
  latencyMs?: number
  /** When set, any other bearer key gets 401. */
  apiKey?: string
  /** Smallest cached prefix in tokens (default 1024, as documented). */
  minCacheableTokens?: number
  /** A compatible server that ignores `stream_options.include_usage`: streams end without a usage chunk. */
  noStreamUsage?: boolean
  handler?: ChatHandler
}

export interface RecordedChatRequest {
  index: number
  headers: IncomingHttpHeaders
  body: unknown
  status?: number
  usage?: { prompt_tokens: number; completion_tokens: number; cached_tokens: number }
  receivedAt: number
}

export interface FakeOpenAI {
  /** Base URL for the SDK, `/v1` included (`http://127.0.0.1:PORT/v1`). */
  url: string
  readonly requests: RecordedChatRequest[]
  /** Requests the real API would have refused, or that no reply was scripted for. */
  readonly violations: { index: number; message: string }[]
  enqueue(...replies: Reply[]): void
  setHandler(handler: ChatHandler | undefined): void
  close(): Promise<void>
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const cache = new ChatPromptCache(options.minCacheableTokens ?? 1024)
  const requests: RecordedChatRequest[] = []
  const violations: { index: number; message: string }[] = []
  const queue: Reply[] = []
  let handler = options.handler

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req)
    const path = (req.url ?? '').split('?')[0]
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      violations.push({ index: -1, message: `${req.method} ${path}: no such endpoint` })
      return sendError(res, 404, 'invalid_request_error', `Invalid URL (${req.method} ${path})`)
    }
    let body: unknown = raw
    try {
      body = JSON.parse(raw)
    } catch {
      // Kept as text; refused below.
    }
    const record: RecordedChatRequest = {
      index: requests.length,
      headers: req.headers,
      body,
      receivedAt: Date.now()
    }
    requests.push(record)
    const refuse = (
      status: number,
      type: string,
      message: string,
      violation: boolean,
      code?: string
    ): void => {
      if (violation) violations.push({ index: record.index, message })
      record.status = status
      sendError(res, status, type, message, code)
    }
    if (options.latencyMs) await sleep(options.latencyMs, res)
    const auth = req.headers.authorization
    if (!auth?.startsWith('Bearer ')) {
      return refuse(401, 'invalid_request_error', "You didn't provide an API key.", true)
    }
    if (options.apiKey !== undefined && auth !== `Bearer ${options.apiKey}`) {
      return refuse(401, 'invalid_request_error', 'Incorrect API key provided.', false, 'invalid_api_key')
    }
    if (typeof body !== 'object')
      return refuse(400, 'invalid_request_error', 'We could not parse the JSON body of your request.', true)
    const validation = validateChatRequest(body)
    if (!validation.ok) return refuse(400, 'invalid_request_error', validation.message, true)
    const chat = validation.request

    let reply: Reply | undefined
    try {
      reply = queue.shift() ?? (await handler?.(asMessagesRequest(chat), record.index, chat))
    } catch (error) {
      return refuse(500, 'server_error', `fake-openai: the handler threw: ${String(error)}`, true)
    }
    if (!reply)
      return refuse(500, 'server_error', `fake-openai: no reply scripted for request ${record.index}`, true)
    if (reply.delayMs) await sleep(reply.delayMs, res)
    if (res.destroyed) return
    switch (reply.kind) {
      case 'message': {
        const { prompt, cached } = cache.use(chat)
        const completion = Math.max(1, countTokens(reply.content))
        record.usage = { prompt_tokens: prompt, completion_tokens: completion, cached_tokens: cached }
        record.status = 200
        const body = completionBody(chat.model, reply.content, reply.stopReason, record.usage)
        if (chat.stream === true) {
          const withUsage = chat.stream_options?.include_usage === true && !options.noStreamUsage
          return sendChunks(res, body, withUsage, reply.stream ?? {})
        }
        return send(res, 200, body)
      }
      case 'error':
        record.status = reply.status
        return sendError(
          res,
          reply.status,
          errorTypeOf(reply),
          reply.message,
          reply.type,
          faultHeaders(reply)
        )
      case 'malformed':
        record.status = 200
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end('{"id":"chatcmpl-trunc","object":"chat.completion","choices":[{"index":0,"mess')
        return
      case 'disconnect':
        req.socket.destroy()
        return
    }
  }

  const server = createServer((req, res) => {
    answer(req, res).catch(error => {
      if (!res.headersSent) sendError(res, 500, 'server_error', `fake-openai: ${String(error)}`)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  let closing: Promise<void> | undefined
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    violations,
    enqueue: (...replies) => void queue.push(...replies),
    setHandler: next => void (handler = next),
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close(error => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
      return closing
    }
  }
}

const FINISH: Record<string, string> = {
  end_turn: 'stop',
  tool_use: 'tool_calls',
  max_tokens: 'length',
  refusal: 'content_filter',
  stop_sequence: 'stop'
}

function completionBody(
  model: string,
  content: WireBlock[],
  stopReason: string | undefined,
  usage: { prompt_tokens: number; completion_tokens: number; cached_tokens: number }
) {
  const blocks = content as { type: string; [field: string]: unknown }[]
  const text = blocks
    .filter(block => block.type === 'text')
    .map(block => String(block.text))
    .join('\n')
  const calls = blocks
    .filter(block => block.type === 'tool_use')
    .map(block => ({
      id: `call_${randomBytes(12).toString('hex')}`,
      type: 'function',
      function: {
        name: String(block.name),
        arguments:
          typeof block.raw_arguments === 'string' ? block.raw_arguments : JSON.stringify(block.input ?? {})
      }
    }))
  const finish = FINISH[stopReason ?? (calls.length > 0 ? 'tool_use' : 'end_turn')] ?? 'stop'
  return {
    id: `chatcmpl-${randomBytes(12).toString('hex')}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: `${model}-2026-08-07`,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text === '' ? null : text,
          refusal: null,
          annotations: [],
          ...(calls.length > 0 ? { tool_calls: calls } : {})
        },
        logprobs: null,
        finish_reason: finish
      }
    ],
    usage: {
      prompt_tokens: usage.prompt_tokens,
      completion_tokens: usage.completion_tokens,
      total_tokens: usage.prompt_tokens + usage.completion_tokens,
      prompt_tokens_details: { cached_tokens: usage.cached_tokens, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0
      }
    },
    service_tier: 'default',
    system_fingerprint: null
  }
}

/**
 * A completion as the API streams it: a first chunk with the role, the text in two pieces, each tool call's
 * id and name and then its arguments in two pieces (by index), a chunk with the finish reason, the usage in a
 * last chunk with no choices when asked for, and `[DONE]`. `script.gapMs` waits between chunks (a stall);
 * `script.breakAfter` cuts the connection after that many chunks.
 */
async function sendChunks(
  res: ServerResponse,
  body: ReturnType<typeof completionBody>,
  withUsage: boolean,
  script: StreamScript
): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream' })
  const base = { id: body.id, object: 'chat.completion.chunk', created: body.created, model: body.model }
  const events: unknown[] = []
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    events.push({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })
  const message = body.choices[0]!.message as {
    content: string | null
    tool_calls?: { id: string; function: { name: string; arguments: string } }[]
  }
  const half = (value: string) => [
    value.slice(0, Math.ceil(value.length / 2)),
    value.slice(Math.ceil(value.length / 2))
  ]
  chunk({ role: 'assistant', content: '' })
  for (const piece of half(message.content ?? '')) if (piece !== '') chunk({ content: piece })
  ;(message.tool_calls ?? []).forEach((call, index) => {
    chunk({
      tool_calls: [
        { index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }
      ]
    })
    for (const piece of half(call.function.arguments)) {
      if (piece !== '') chunk({ tool_calls: [{ index, function: { arguments: piece } }] })
    }
  })
  chunk({}, body.choices[0]!.finish_reason)
  if (withUsage) events.push({ ...base, choices: [], usage: body.usage })
  for (const [index, event] of events.entries()) {
    if (script.breakAfter !== undefined && index >= script.breakAfter) {
      res.socket?.destroy()
      return
    }
    if (index > 0 && script.gapMs) await sleep(script.gapMs, res)
    if (res.destroyed) return
    res.write(`data: ${JSON.stringify(event)}\n\n`)
  }
  res.end('data: [DONE]\n\n')
}

/** OpenAI's error types by status (the fault's `type` is sent as the error's `code`). */
function errorTypeOf(fault: ErrorFault): string {
  if (fault.status === 429) return fault.type === 'insufficient_quota' ? 'insufficient_quota' : 'requests'
  if (fault.status >= 500) return 'server_error'
  return 'invalid_request_error'
}

function faultHeaders(fault: ErrorFault): Record<string, string> {
  return {
    ...(fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {}),
    ...(fault.retryAfterMs !== undefined ? { 'retry-after-ms': String(fault.retryAfterMs) } : {}),
    ...fault.headers
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-request-id': `req_${randomBytes(8).toString('hex')}`,
    ...headers
  })
  res.end(JSON.stringify(body))
}

function sendError(
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
  code?: string,
  headers: Record<string, string> = {}
): void {
  send(res, status, { error: { message, type, param: null, code: code ?? null } }, headers)
}

/** Waits `ms`, or less when the client goes away. */
function sleep(ms: number, res: ServerResponse): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(done, ms)
    function done(): void {
      clearTimeout(timer)
      res.off('close', done)
      resolve()
    }
    res.once('close', done)
  })
}
