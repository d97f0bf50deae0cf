import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { countTokens, documentedMinimum, PromptCache, type WireUsage } from './fake-anthropic-cache.js'
import {
  defaultStopReason,
  wireId,
  type ErrorFault,
  type MessageReply,
  type Reply
} from './fake-anthropic-replies.js'
import type { MessagesRequest } from './fake-anthropic-request.js'
import {
  messageEvents,
  sendMalformedStream,
  sendStream,
  type WireMessageBody
} from './fake-anthropic-stream.js'
import { validateRequest } from './fake-anthropic-validate.js'
import { readBody } from './request-body.js'

export * from './fake-anthropic-replies.js'
export * from './fake-anthropic-request.js'
export { countTokens, type WireUsage } from './fake-anthropic-cache.js'

/**
 * A fake Anthropic Messages API over real HTTP on 127.0.0.1: `POST /v1/messages`, scripted or rule-driven
 * replies, request validation, prompt-cache usage, and injectable faults and latency. A request with
 * `stream: true` gets its answer as server-sent events (fake-anthropic-stream.ts). The real SDK talks to
 * it through `baseURL` (or `ANTHROPIC_BASE_URL`) set to `url`.
 */

/** Answers a request from its body; `index` counts every request the server received, retries included. */
export type Handler = (request: MessagesRequest, index: number) => Reply | Promise<Reply>

export interface FakeAnthropicOptions {
  /** Milliseconds every request waits before its answer, so tests can see calls overlap. */
  latencyMs?: number
  /** Smallest cacheable prefix in tokens (default: the documented minimum per model). Tests set it low. */
  minCacheableTokens?: number | ((model: string) => number)
  /** Lifetime of a 5-minute cache entry (default 5 minutes). */
  cacheTtlMs?: number
  /** Blocks a breakpoint looks back for an earlier hit (default 20). */
  lookbackBlocks?: number
  /** The cache's clock (default Date.now), so a test can expire entries without waiting. */
  now?: () => number
  /** When set, any other `x-api-key` gets 401. */
  apiKey?: string
  /** When set, any other model id gets 404 `not_found_error`. */
  models?: string[]
  handler?: Handler
}

export type Outcome = 'pending' | 'message' | 'error' | 'invalid' | 'malformed' | 'disconnected' | 'aborted'

/** One request the server received, and what became of it. */
export interface RecordedRequest {
  index: number
  headers: IncomingHttpHeaders
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown
  outcome: Outcome
  status?: number
  usage?: WireUsage
  /** When the request arrived (ms since the epoch), for timelines. */
  receivedAt: number
}

/** A request the real API would have refused (or that no reply was scripted for). */
export interface Violation {
  index: number
  message: string
}

export interface FakeAnthropic {
  /** Base URL for the SDK (`http://127.0.0.1:PORT`). */
  url: string
  readonly requests: RecordedRequest[]
  readonly violations: Violation[]
  /** Requests being answered now, and the most there ever were at once. */
  readonly inFlight: number
  readonly maxInFlight: number
  /** Replies to give, in order, before the handler is asked. */
  enqueue(...replies: Reply[]): void
  setHandler(handler: Handler | undefined): void
  /** Resolves once `count` requests have arrived. */
  waitForRequests(count: number): Promise<RecordedRequest[]>
  /** Resolves once request `index` has its outcome (answered, failed, aborted by the client). */
  settled(index: number): Promise<RecordedRequest>
  clearCache(): void
  close(): Promise<void>
}

/** Starts a fake on a free port of 127.0.0.1. Close it in afterEach. */
export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const minimum = options.minCacheableTokens ?? documentedMinimum
  const cache = new PromptCache({
    minCacheableTokens: typeof minimum === 'number' ? () => minimum : minimum,
    ttlMs: options.cacheTtlMs ?? 5 * 60_000,
    lookbackBlocks: options.lookbackBlocks ?? 20,
    now: options.now ?? Date.now
  })
  const requests: RecordedRequest[] = []
  const violations: Violation[] = []
  const queue: Reply[] = []
  let handler = options.handler
  let inFlight = 0
  let maxInFlight = 0
  const arrivals: (() => void)[] = []
  const settlements = new Map<number, { promise: Promise<RecordedRequest>; resolve: () => void }>()

  const settlement = (index: number) => {
    let entry = settlements.get(index)
    if (!entry) {
      let resolve!: () => void
      const promise = new Promise<void>(r => (resolve = r)).then(() => requests[index]!)
      entry = { promise, resolve }
      settlements.set(index, entry)
    }
    return entry
  }

  const finish = (record: RecordedRequest, outcome: Outcome, status?: number): void => {
    record.outcome = outcome
    record.status = status
    settlement(record.index).resolve()
  }

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req)
    const path = (req.url ?? '').split('?')[0]
    if (req.method !== 'POST' || path !== '/v1/messages') {
      violations.push({ index: -1, message: `${req.method} ${path}: no such endpoint` })
      return sendError(res, 404, 'not_found_error', `${req.method} ${path} not found`)
    }
    const parsed = parseJson(raw)
    const body = parsed.ok ? parsed.value : raw
    const record: RecordedRequest = {
      index: requests.length,
      headers: req.headers,
      body,
      outcome: 'pending',
      receivedAt: Date.now()
    }
    requests.push(record)
    arrivals.splice(0).forEach(check => check())

    const refuse = (status: number, type: string, message: string, violation: boolean): void => {
      if (violation) violations.push({ index: record.index, message })
      sendError(res, status, type, message)
      finish(record, status === 400 ? 'invalid' : 'error', status)
    }
    if (!(await pause(options.latencyMs ?? 0, res))) return finish(record, 'aborted')

    const key = req.headers['x-api-key'] ?? req.headers.authorization
    if (!key) return refuse(401, 'authentication_error', 'x-api-key header is required', true)
    if (options.apiKey !== undefined && key !== options.apiKey && key !== `Bearer ${options.apiKey}`) {
      return refuse(401, 'authentication_error', 'invalid x-api-key', false)
    }
    const apiVersion = req.headers['anthropic-version']
    if (typeof apiVersion !== 'string' || apiVersion === '') {
      return refuse(400, 'invalid_request_error', 'anthropic-version: header is required', true)
    }
    if (!parsed.ok) return refuse(400, 'invalid_request_error', 'The request body is not valid JSON', true)
    const validation = validateRequest(record.body, apiVersion)
    if (!validation.ok) return refuse(400, 'invalid_request_error', validation.message, true)
    const request = validation.request
    if (options.models && !options.models.includes(request.model)) {
      return refuse(404, 'not_found_error', `model: ${request.model}`, false)
    }

    let reply: Reply | undefined
    try {
      reply = queue.shift() ?? (await handler?.(request, record.index))
    } catch (error) {
      return refuse(500, 'api_error', `fake-anthropic: the handler threw: ${String(error)}`, true)
    }
    if (!reply) {
      return refuse(500, 'api_error', `fake-anthropic: no reply scripted for request ${record.index}`, true)
    }
    if (!(await pause(reply.delayMs ?? 0, res))) return finish(record, 'aborted')
    switch (reply.kind) {
      case 'message': {
        const body = messageBody(request, reply, cache)
        record.usage = body.usage
        if (request.stream !== true) {
          send(res, 200, body)
          return finish(record, 'message', 200)
        }
        const outcome = await sendStream(res, messageEvents(body), reply.stream ?? {}, ms => pause(ms, res))
        return finish(record, outcome, 200)
      }
      case 'error':
        sendError(res, reply.status, reply.type, reply.message, faultHeaders(reply))
        return finish(record, 'error', reply.status)
      case 'malformed':
        if (request.stream === true) sendMalformedStream(res)
        else {
          res.writeHead(200, { 'content-type': 'application/json', 'request-id': wireId('req') })
          res.end('{"id":"msg_01trunc","type":"message","content":[{"type":"te')
        }
        return finish(record, 'malformed', 200)
      case 'disconnect':
        req.socket.destroy()
        return finish(record, 'disconnected')
    }
  }

  const server = createServer((req, res) => {
    inFlight++
    maxInFlight = Math.max(maxInFlight, inFlight)
    answer(req, res)
      .catch(error => {
        if (!res.headersSent) sendError(res, 500, 'api_error', `fake-anthropic: ${String(error)}`)
      })
      .finally(() => inFlight--)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  let closing: Promise<void> | undefined

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    violations,
    get inFlight() {
      return inFlight
    },
    get maxInFlight() {
      return maxInFlight
    },
    enqueue: (...replies) => void queue.push(...replies),
    setHandler: next => void (handler = next),
    waitForRequests: count =>
      new Promise(resolve => {
        const check = (): void => {
          if (requests.length >= count) resolve(requests.slice(0, count))
          else arrivals.push(check)
        }
        check()
      }),
    settled: index => settlement(index).promise,
    clearCache: () => cache.clear(),
    close: () => {
      // Idempotent, so a test may close early to make the server unreachable and afterEach still close it.
      closing ??= new Promise<void>((resolve, reject) => {
        server.close(error => (error ? reject(error) : resolve()))
        // Keep-alive sockets and slow replies would hold close() open.
        server.closeAllConnections()
      })
      return closing
    }
  }
}

function messageBody(request: MessagesRequest, reply: MessageReply, cache: PromptCache): WireMessageBody {
  const pinned = reply.usage ?? {}
  const usage: WireUsage = {
    ...cache.use(request),
    output_tokens: Math.max(1, countTokens(reply.content)),
    service_tier: 'standard',
    ...pinned
  } as WireUsage
  return {
    id: wireId('msg'),
    type: 'message' as const,
    role: 'assistant' as const,
    model: request.model,
    content: reply.content,
    stop_reason: reply.stopReason ?? defaultStopReason(reply.content),
    stop_sequence: reply.stopSequence ?? null,
    usage
  }
}

function faultHeaders(fault: ErrorFault): Record<string, string> {
  const headers: Record<string, string> = { ...fault.headers }
  if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds)
  if (fault.retryAfterMs !== undefined) {
    headers['retry-after-ms'] = String(fault.retryAfterMs)
    headers['retry-after'] ??= String(Math.ceil(fault.retryAfterMs / 1000))
  }
  return headers
}

/** Waits `ms`; false when the client went away first (the wait is then cut short). */
function pause(ms: number, res: ServerResponse): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false)
  if (ms <= 0) return Promise.resolve(true)
  return new Promise(resolve => {
    const onClose = (): void => {
      clearTimeout(timer)
      resolve(false)
    }
    const timer = setTimeout(() => {
      res.off('close', onClose)
      resolve(true)
    }, ms)
    res.once('close', onClose)
  })
}

function parseJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw) as unknown }
  } catch {
    return { ok: false }
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  if (res.destroyed) return
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': wireId('req'), ...headers })
  res.end(JSON.stringify(body))
}

/** Anthropic's error body: `{ type: 'error', error: { type, message }, request_id }`. */
function sendError(
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {}
): void {
  const requestId = wireId('req')
  send(
    res,
    status,
    { type: 'error', error: { type, message }, request_id: requestId },
    { ...headers, 'request-id': requestId }
  )
}
