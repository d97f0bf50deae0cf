import Anthropic from '@anthropic-ai/sdk'
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  apiError,
  forcedToolName,
  malformed,
  message,
  overloaded,
  rateLimited,
  serverError,
  startFakeAnthropic,
  systemText,
  text,
  toolResults,
  toolUse,
  type FakeAnthropic,
  type FakeAnthropicOptions
} from './fake-anthropic.js'

const MODEL = 'claude-sonnet-4-6'
const LONG_SYSTEM = 'You are the backend developer of a small team. '.repeat(40)
const readFileTool = {
  name: 'read_file',
  description: 'Read a file of the repository.',
  input_schema: { type: 'object' as const, properties: { path: { type: 'string' } }, required: ['path'] }
}

describe('fake Anthropic server', () => {
  let fake: FakeAnthropic | undefined

  afterEach(async () => {
    await fake?.close()
    fake = undefined
  })

  async function start(
    options: FakeAnthropicOptions = {}
  ): Promise<{ fake: FakeAnthropic; client: Anthropic }> {
    fake = await startFakeAnthropic(options)
    return { fake, client: new Anthropic({ apiKey: 'sk-ant-test', baseURL: fake.url, maxRetries: 0 }) }
  }

  it('plays a tool-use round trip with the real SDK, in Messages API shape', async () => {
    const { fake, client } = await start()
    fake.enqueue(message([text('Reading it.'), toolUse('read_file', { path: 'README.md' })]), text('Done.'))

    const first = await client.messages.create({
      model: MODEL,
      max_tokens: 1024,
      tools: [readFileTool],
      messages: [{ role: 'user', content: 'What does the README say?' }]
    })
    expect(first).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: MODEL,
      stop_reason: 'tool_use',
      stop_sequence: null
    })
    expect(first.id).toMatch(/^msg_01/)
    const call = first.content[1]!
    expect(call).toMatchObject({ type: 'tool_use', name: 'read_file', input: { path: 'README.md' } })
    if (call.type !== 'tool_use') throw new Error('expected a tool call')
    expect(call.id).toMatch(/^toolu_01/)

    const second = await client.messages.create({
      model: MODEL,
      max_tokens: 1024,
      tools: [readFileTool],
      messages: [
        { role: 'user', content: 'What does the README say?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '# Hello' }] }
      ]
    })
    expect(second.stop_reason).toBe('end_turn')
    expect(second.content).toEqual([{ type: 'text', text: 'Done.' }])
    expect(second.usage.output_tokens).toBeGreaterThan(0)
    expect(fake.violations).toEqual([])
    expect(fake.requests.map(r => r.outcome)).toEqual(['message', 'message'])
  })

  it('answers by rule, telling a forced plan call from an agent turn', async () => {
    const { fake, client } = await start({
      handler: request => {
        if (forcedToolName(request) === 'submit_plan') return toolUse('submit_plan', { tasks: [] })
        if (systemText(request).includes('task T2'))
          return text(`T2 got ${toolResults(request).length} results`)
        return text('other')
      }
    })
    const plan = await client.messages.create({
      model: MODEL,
      max_tokens: 100,
      system: 'You are the manager.',
      tools: [{ name: 'submit_plan', input_schema: { type: 'object' } }],
      tool_choice: { type: 'tool', name: 'submit_plan' },
      messages: [{ role: 'user', content: 'Plan it.' }]
    })
    const turn = await client.messages.create({
      model: MODEL,
      max_tokens: 100,
      system: [{ type: 'text', text: 'You work on task T2.' }],
      messages: [{ role: 'user', content: 'Go.' }]
    })

    expect(plan.content[0]).toMatchObject({ type: 'tool_use', name: 'submit_plan' })
    expect(turn.content).toEqual([{ type: 'text', text: 'T2 got 0 results' }])
    expect(fake.requests.map(r => r.index)).toEqual([0, 1])
  })

  it('gives an explicit stop reason and pinned usage when a reply asks for them', async () => {
    const { fake, client } = await start()
    fake.enqueue(
      text('cut sh', { stopReason: 'max_tokens', usage: { output_tokens: 7, cache_read_input_tokens: null } })
    )
    const reply = await client.messages.create({
      model: MODEL,
      max_tokens: 7,
      messages: [{ role: 'user', content: 'Hi' }]
    })
    expect(reply.stop_reason).toBe('max_tokens')
    expect(reply.usage).toMatchObject({ output_tokens: 7, cache_read_input_tokens: null })
  })

  describe('prompt cache', () => {
    const cachedRequest = (question: string): Anthropic.MessageCreateParamsNonStreaming => ({
      model: MODEL,
      max_tokens: 100,
      tools: [readFileTool],
      system: [{ type: 'text', text: LONG_SYSTEM, cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: question }]
    })

    it('writes the prefix up to a breakpoint, then reads it when the prefix repeats', async () => {
      const { fake, client } = await start({ minCacheableTokens: 100 })
      fake.setHandler(() => text('ok'))

      const first = await client.messages.create(cachedRequest('First question?'))
      const second = await client.messages.create(cachedRequest('Second, longer question here?'))

      expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(400)
      expect(first.usage.cache_read_input_tokens).toBe(0)
      expect(second.usage.cache_creation_input_tokens).toBe(0)
      expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens)
      // Only what follows the cached prefix is fresh input.
      expect(second.usage.input_tokens).toBeGreaterThan(first.usage.input_tokens)
      expect(second.usage.input_tokens).toBeLessThan(30)
    })

    it('does not cache a prefix shorter than the minimum, and counts it all as input', async () => {
      const { fake, client } = await start({ minCacheableTokens: 100_000 })
      fake.setHandler(() => text('ok'))
      await client.messages.create(cachedRequest('Q?'))
      const second = await client.messages.create(cachedRequest('Q?'))
      expect(second.usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 0 })
      expect(second.usage.input_tokens).toBeGreaterThan(400)
    })

    it('reads an earlier entry through a later breakpoint within the lookback, but not beyond it', async () => {
      const { fake, client } = await start({ minCacheableTokens: 1, lookbackBlocks: 3 })
      fake.setHandler(() => text('ok'))
      const turns = (n: number, marked: number): Anthropic.MessageParam[] =>
        Array.from({ length: n }, (_, i) => ({
          role: i % 2 === 0 ? ('user' as const) : ('assistant' as const),
          content: [
            {
              type: 'text' as const,
              text: `turn ${i}`,
              ...(i === marked ? { cache_control: { type: 'ephemeral' as const } } : {})
            }
          ]
        }))

      const seed = await client.messages.create({ model: MODEL, max_tokens: 10, messages: turns(1, 0) })
      const near = await client.messages.create({ model: MODEL, max_tokens: 10, messages: turns(3, 2) })
      fake.clearCache()
      await client.messages.create({ model: MODEL, max_tokens: 10, messages: turns(1, 0) })
      const far = await client.messages.create({ model: MODEL, max_tokens: 10, messages: turns(5, 4) })

      expect(near.usage.cache_read_input_tokens).toBe(seed.usage.cache_creation_input_tokens)
      expect(far.usage.cache_read_input_tokens).toBe(0)
      expect(far.usage.cache_creation_input_tokens).toBeGreaterThan(0)
    })

    it('forgets entries after their TTL, on the server clock', async () => {
      let now = 1_000_000
      const { fake, client } = await start({ minCacheableTokens: 1, cacheTtlMs: 60_000, now: () => now })
      fake.setHandler(() => text('ok'))
      await client.messages.create(cachedRequest('Q?'))
      now += 59_000
      const warm = await client.messages.create(cachedRequest('Q?'))
      now += 59_000 // the read above refreshed the entry
      const stillWarm = await client.messages.create(cachedRequest('Q?'))
      now += 61_000
      const cold = await client.messages.create(cachedRequest('Q?'))

      expect(warm.usage.cache_read_input_tokens).toBeGreaterThan(0)
      expect(stillWarm.usage.cache_read_input_tokens).toBeGreaterThan(0)
      expect(cold.usage.cache_read_input_tokens).toBe(0)
      expect(cold.usage.cache_creation_input_tokens).toBeGreaterThan(0)
    })
  })

  describe('validation', () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['a missing max_tokens', { max_tokens: undefined }, /max_tokens: Field required/],
      [
        'a conversation that starts with the assistant',
        { messages: [{ role: 'assistant', content: 'Hi' }] },
        /first message/
      ],
      [
        'two user turns in a row',
        {
          messages: [
            { role: 'user', content: 'a' },
            { role: 'user', content: 'b' }
          ]
        },
        /roles must alternate/
      ],
      [
        'a tool_result that answers no tool_use',
        {
          messages: [
            { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_x', content: 'x' }] }
          ]
        },
        /unexpected `tool_use_id`/
      ],
      [
        'a tool_use left unanswered',
        {
          messages: [
            { role: 'user', content: 'a' },
            {
              role: 'assistant',
              content: [{ type: 'tool_use', id: 'toolu_1', name: 'read_file', input: {} }]
            },
            { role: 'user', content: 'never mind' }
          ],
          tools: [readFileTool]
        },
        /without `tool_result` blocks immediately after: toolu_1/
      ],
      [
        'a forced tool that is not offered',
        { tool_choice: { type: 'tool', name: 'nope' } },
        /Tool 'nope' not found/
      ],
      [
        'five cache breakpoints',
        {
          system: Array.from({ length: 5 }, (_, i) => ({
            type: 'text',
            text: `s${i}`,
            cache_control: { type: 'ephemeral' }
          }))
        },
        /maximum of 4 blocks with cache_control/
      ],
      ['an unknown field', { temprature: 0.5 }, /temprature: Extra inputs are not permitted/],
      [
        'a temperature, which API version 2026-10-21 removed',
        { temperature: 1 },
        /temperature: Extra inputs are not permitted/
      ],
      ['a stream flag that is not a boolean', { stream: 'yes' }, /stream: Input should be a valid boolean/]
    ]

    it.each(cases)(
      'refuses %s with 400 invalid_request_error and records it',
      async (_name, change, problem) => {
        const { fake, client } = await start()
        fake.enqueue(text('never sent'))
        const body = { model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }], ...change }

        const error = await client.messages.create(body as never).catch((e: unknown) => e)

        expect(error).toBeInstanceOf(Anthropic.BadRequestError)
        expect((error as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({
          type: 'error',
          error: { type: 'invalid_request_error', message: expect.stringMatching(problem) }
        })
        expect(fake.violations).toEqual([{ index: 0, message: expect.stringMatching(problem) }])
        // The scripted reply is still there for a valid request.
        await expect(
          client.messages.create({
            model: MODEL,
            max_tokens: 10,
            messages: [{ role: 'user', content: 'Hi' }]
          })
        ).resolves.toMatchObject({
          content: [{ text: 'never sent' }]
        })
      }
    )

    it('still takes a temperature under anthropic-version 2023-06-01', async () => {
      const { fake } = await start({ handler: () => text('ok') })
      const response = await fetch(`${fake.url}/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
        body: JSON.stringify({
          model: MODEL,
          max_tokens: 5,
          temperature: 0.2,
          messages: [{ role: 'user', content: 'x' }]
        })
      })
      expect(response.status).toBe(200)
      expect(fake.violations).toEqual([])
    })

    it('answers 404 with the error body for any other endpoint, and 401 for a wrong key', async () => {
      const { fake } = await start({ apiKey: 'sk-right' })
      const notFound = await fetch(`${fake.url}/v1/complete`, { method: 'POST', body: '{}' })
      expect(notFound.status).toBe(404)
      expect(await notFound.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } })

      const wrong = new Anthropic({ apiKey: 'sk-wrong', baseURL: fake.url, maxRetries: 0 })
      await expect(
        wrong.messages.create({ model: MODEL, max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })
      ).rejects.toBeInstanceOf(Anthropic.AuthenticationError)
    })
  })

  describe('faults', () => {
    it('lets the SDK retry 429, 529 and 500 and then answers', async () => {
      const { fake } = await start()
      const client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: fake.url, maxRetries: 3 })
      fake.enqueue(
        rateLimited({ retryAfterMs: 1 }),
        overloaded({ retryAfterMs: 1 }),
        serverError({ retryAfterMs: 1 }),
        text('finally')
      )

      const reply = await client.messages.create({
        model: MODEL,
        max_tokens: 10,
        messages: [{ role: 'user', content: 'Hi' }]
      })

      expect(reply.content).toEqual([{ type: 'text', text: 'finally' }])
      expect(fake.requests.map(r => r.status)).toEqual([429, 529, 500, 200])
    })

    it('sends retry-after with 429 and the overloaded_error body with 529', async () => {
      const { fake } = await start()
      fake.enqueue(rateLimited({ retryAfterSeconds: 7 }), overloaded())
      const post = () =>
        fetch(`${fake.url}/v1/messages`, {
          method: 'POST',
          headers: {
            'x-api-key': 'k',
            'anthropic-version': '2023-06-01',
            'content-type': 'application/json'
          },
          body: JSON.stringify({ model: MODEL, max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })
        })
      const limited = await post()
      const busy = await post()
      expect(limited.headers.get('retry-after')).toBe('7')
      expect(await limited.json()).toMatchObject({ error: { type: 'rate_limit_error' } })
      expect(busy.status).toBe(529)
      expect(await busy.json()).toMatchObject({
        type: 'error',
        error: { type: 'overloaded_error', message: 'Overloaded' }
      })
    })

    it('answers 200 with a body that is not JSON, which the SDK cannot parse', async () => {
      const { fake, client } = await start()
      fake.enqueue(malformed())
      await expect(
        client.messages.create({ model: MODEL, max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })
      ).rejects.toMatchObject({
        // fetch parses in Node's own realm, so the error is a SyntaxError by name, not by this realm's class.
        name: 'SyntaxError',
        message: expect.stringContaining('JSON')
      })
    })

    it('cuts a slow reply short when the client disconnects', async () => {
      const { fake, client } = await start()
      fake.enqueue(text('too late', { delayMs: 30_000 }))
      const controller = new AbortController()
      const call = client.messages.create(
        { model: MODEL, max_tokens: 5, messages: [{ role: 'user', content: 'x' }] },
        { signal: controller.signal }
      )
      await fake.waitForRequests(1)
      controller.abort()

      await expect(call).rejects.toBeInstanceOf(Anthropic.APIUserAbortError)
      expect((await fake.settled(0)).outcome).toBe('aborted')
    })

    it('holds every request for the global latency, so parallel calls overlap', async () => {
      const { fake, client } = await start({ latencyMs: 150, handler: () => text('ok') })
      const call = () =>
        client.messages.create({ model: MODEL, max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })
      await Promise.all([call(), call(), call()])
      expect(fake.maxInFlight).toBe(3)
      expect(fake.inFlight).toBe(0)
    })

    it('is an api_error and a violation when nothing was scripted', async () => {
      const { fake, client } = await start()
      await expect(
        client.messages.create({ model: MODEL, max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })
      ).rejects.toBeInstanceOf(Anthropic.InternalServerError)
      expect(fake.violations).toEqual([{ index: 0, message: expect.stringContaining('no reply scripted') }])
    })

    it('turns a handler that throws into a 500 and a violation', async () => {
      const { fake, client } = await start({
        handler: () => {
          throw new Error('rule bug')
        }
      })
      await expect(
        client.messages.create({ model: MODEL, max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })
      ).rejects.toBeInstanceOf(Anthropic.InternalServerError)
      expect(fake.violations).toEqual([{ index: 0, message: expect.stringContaining('rule bug') }])
    })

    it('passes any status and error type through apiError', async () => {
      const { fake, client } = await start()
      fake.enqueue(apiError(413, 'request_too_large', 'Request exceeds the maximum allowed number of bytes.'))
      await expect(
        client.messages.create({ model: MODEL, max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })
      ).rejects.toMatchObject({
        status: 413,
        error: { error: { type: 'request_too_large' } }
      })
    })
  })

  describe('streaming', () => {
    /** A raw `stream: true` call, its events parsed from the wire. */
    async function streamRaw(fake: FakeAnthropic, body: Record<string, unknown> = {}) {
      const response = await fetch(`${fake.url}/v1/messages`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': 'sk-ant-test',
          'anthropic-version': '2026-10-21'
        },
        body: JSON.stringify({
          model: MODEL,
          max_tokens: 64,
          stream: true,
          system: [{ type: 'text', text: LONG_SYSTEM, cache_control: { type: 'ephemeral' } }],
          messages: [{ role: 'user', content: 'Read the README.' }],
          tools: [readFileTool],
          ...body
        })
      })
      const raw = await response.text()
      if (!response.headers.get('content-type')?.startsWith('text/event-stream'))
        return { response, events: [] }
      const events = raw
        .split('\n\n')
        .filter(chunk => chunk.trim() !== '')
        .map(chunk => {
          const [eventLine, dataLine] = chunk.split('\n')
          return {
            event: eventLine!.replace(/^event: /, ''),
            data: JSON.parse(dataLine!.replace(/^data: /, ''))
          }
        })
      return { response, events }
    }

    it('streams a reply as server-sent events, in the order and shapes the API documents', async () => {
      const { fake } = await start({ minCacheableTokens: 100 })
      fake.enqueue(
        message([text('I will read the README first.'), toolUse('read_file', { path: 'README.md' })])
      )

      const { response, events } = await streamRaw(fake)

      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
      const names = events.map(e => e.event)
      expect(names[0]).toBe('message_start')
      expect(names.slice(-2)).toEqual(['message_delta', 'message_stop'])
      expect(names.filter(name => name === 'content_block_start')).toHaveLength(2)
      expect(names.filter(name => name === 'content_block_stop')).toHaveLength(2)
      for (const e of events) expect(e.data.type).toBe(e.event)
      const deltas = events.filter(e => e.event === 'content_block_delta').map(e => e.data)
      const textOf = deltas.filter(d => d.index === 0).map(d => d.delta.text)
      const jsonOf = deltas.filter(d => d.index === 1).map(d => d.delta.partial_json)
      expect(textOf.length).toBeGreaterThan(1)
      expect(textOf.join('')).toBe('I will read the README first.')
      expect(JSON.parse(jsonOf.join(''))).toEqual({ path: 'README.md' })
      // Input and cache usage come with message_start, the output tokens with message_delta.
      const usage = fake.requests[0]!.usage!
      expect(events[0]!.data.message).toMatchObject({
        content: [],
        stop_reason: null,
        usage: {
          input_tokens: usage.input_tokens,
          cache_creation_input_tokens: usage.cache_creation_input_tokens,
          cache_read_input_tokens: 0
        }
      })
      expect(usage.cache_creation_input_tokens).toBeGreaterThan(0)
      expect(events.at(-2)?.data).toEqual({
        type: 'message_delta',
        delta: { stop_reason: 'tool_use', stop_sequence: null },
        usage: { output_tokens: usage.output_tokens }
      })
      expect(fake.requests[0]!.outcome).toBe('message')
    })

    it('gives the SDK the same message streamed as unstreamed', async () => {
      const { fake, client } = await start()
      const reply = message([
        text('Here it is.'),
        toolUse('read_file', { path: 'a.md' }, { id: 'toolu_01same' })
      ])
      fake.enqueue(reply, reply)
      const request = {
        model: MODEL,
        max_tokens: 64,
        tools: [readFileTool],
        messages: [{ role: 'user' as const, content: 'Read a.md' }]
      }
      const whole = await client.messages.create(request)
      const streamed = await client.messages.stream(request).finalMessage()
      expect({ ...streamed, id: whole.id }).toMatchObject(whole)
      expect(fake.violations).toEqual([])
    })

    it('breaks a stream off with an error event, or by cutting the connection', async () => {
      const { fake } = await start()
      fake.enqueue(
        text('overloaded half-way', {
          stream: { breakAfter: 3, error: { type: 'overloaded_error', message: 'Overloaded' } }
        }),
        text('cut half-way', { stream: { breakAfter: 3 } })
      )
      const { events } = await streamRaw(fake)
      expect(events.map(e => e.event)).toEqual(['message_start', 'ping', 'content_block_start', 'error'])
      expect(events[3]!.data).toEqual({
        type: 'error',
        error: { type: 'overloaded_error', message: 'Overloaded' }
      })
      await expect(streamRaw(fake)).rejects.toThrow()
      expect(fake.requests.map(r => r.outcome)).toEqual(['error', 'disconnected'])
    })

    it('answers a fault before the stream with its HTTP status, as the API does', async () => {
      const { fake } = await start()
      fake.enqueue(overloaded())
      const { response } = await streamRaw(fake)
      expect(response.status).toBe(529)
      expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    })
  })

  it('is reached through ANTHROPIC_BASE_URL', async () => {
    fake = await startFakeAnthropic({ handler: () => text('from env') })
    const saved = process.env.ANTHROPIC_BASE_URL
    process.env.ANTHROPIC_BASE_URL = fake.url
    try {
      const client = new Anthropic({ apiKey: 'sk-ant-test', maxRetries: 0 })
      const reply = await client.messages.create({
        model: MODEL,
        max_tokens: 5,
        messages: [{ role: 'user', content: 'x' }]
      })
      expect(reply.content).toEqual([{ type: 'text', text: 'from env' }])
    } finally {
      if (saved === undefined) delete process.env.ANTHROPIC_BASE_URL
      else process.env.ANTHROPIC_BASE_URL = saved
    }
  })
})
