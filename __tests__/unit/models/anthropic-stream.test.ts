import { afterEach, describe, expect, it } from '@jest/globals'
import { createAnthropicModel, type AnthropicModelOptions } from '../../../src/models/anthropic-model.js'
import type { ModelRequest } from '../../../src/models/model.js'
import {
  message,
  overloaded,
  rateLimited,
  startFakeAnthropic,
  text,
  toolUse,
  type FakeAnthropic
} from '../../harness/fake-anthropic.js'

const API_KEY = 'sk-ant-api03-stream-tests'
const MODEL = 'claude-sonnet-4-6'

const ask = (maxTokens: number): ModelRequest => ({
  system: [{ type: 'text', text: 'Project context. '.repeat(40), cache_control: { type: 'ephemeral' } }],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Write the module.' }] }],
  maxTokens
})

describe('streamed replies', () => {
  let fake: FakeAnthropic | undefined

  afterEach(async () => {
    await fake?.close()
    fake = undefined
  })

  async function setup(options: Partial<AnthropicModelOptions> = {}) {
    fake = await startFakeAnthropic({ apiKey: API_KEY, minCacheableTokens: 50 })
    const model = createAnthropicModel({
      apiKey: API_KEY,
      model: MODEL,
      baseURL: fake.url,
      retryBaseMs: 1,
      ...options
    })
    return { fake, model }
  }

  it('streams a call whose output budget is above 8192 tokens, and sends a smaller one whole', async () => {
    const { fake, model } = await setup()
    fake.enqueue(text('small'), text('large'))
    await model.complete(ask(8192))
    await model.complete(ask(32_000))
    expect(fake.requests.map(request => (request.body as { stream?: boolean }).stream)).toEqual([
      undefined,
      true
    ])
    expect(fake.requests.map(request => request.outcome)).toEqual(['message', 'message'])
  })

  it('assembles text and tool calls from their deltas, with the usage of message_start and message_delta', async () => {
    const { fake, model } = await setup({ streamAboveTokens: 0 })
    const input = {
      path: 'src/banner.ts',
      content: 'export const banner = "hello"\n'.repeat(20),
      lines: [1, 2, 3]
    }
    fake.enqueue(
      message([
        text('I will write the banner module now, in one go.'),
        toolUse('write_file', input, { id: 'toolu_01w' })
      ]),
      text('Done.')
    )

    const first = await model.complete(ask(64))
    const second = await model.complete(ask(64))

    expect(first.content).toEqual([
      { type: 'text', text: 'I will write the banner module now, in one go.' },
      { type: 'tool_use', id: 'toolu_01w', name: 'write_file', input }
    ])
    expect(first.stopReason).toBe('tool_use')
    // The usage the fake counted for the whole message, with output tokens from message_delta.
    const counted = fake.requests[0]!.usage!
    expect(first.usage).toEqual({
      inputTokens: counted.input_tokens,
      outputTokens: counted.output_tokens,
      cacheCreationInputTokens: counted.cache_creation_input_tokens,
      cacheReadInputTokens: counted.cache_read_input_tokens
    })
    expect(first.usage.outputTokens).toBeGreaterThan(100)
    expect(first.usage.cacheCreationInputTokens).toBeGreaterThan(100)
    expect(second.usage.cacheReadInputTokens).toBe(first.usage.cacheCreationInputTokens)
    expect(fake.violations).toEqual([])
  })

  it('lets a reply run past timeoutMs while its events keep coming', async () => {
    const { fake, model } = await setup({ streamAboveTokens: 0, timeoutMs: 150, maxRetries: 0 })
    const long = 'A sentence of the long reply. '.repeat(12)
    fake.enqueue(text(long, { stream: { gapMs: 20 } }))
    const started = Date.now()
    const reply = await model.complete(ask(64))
    expect(Date.now() - started).toBeGreaterThan(150)
    expect(reply.content).toEqual([{ type: 'text', text: long }])
  })

  it('gives up on a stream that goes quiet for idleTimeoutMs, after retrying it, with a timeout error', async () => {
    const { fake, model } = await setup({ streamAboveTokens: 0, idleTimeoutMs: 100, maxRetries: 1 })
    fake.setHandler(() => text('stalls after its first events', { stream: { gapMs: 5_000 } }))
    const error = await model.complete(ask(64)).catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'ModelError', failure: 'timeout', attempts: 2 })
    expect((error as Error).message).toContain('the reply stream sent nothing for 100 ms')
    expect((await fake.settled(1)).outcome).toBe('aborted')
  })

  it('retries a stream that breaks off, and one that ends in an overloaded error event', async () => {
    const { fake, model } = await setup({ streamAboveTokens: 0, maxRetries: 2 })
    fake.enqueue(
      text('cut off half-way through', { stream: { breakAfter: 4 } }),
      text('overloaded half-way', {
        stream: { breakAfter: 3, error: { type: 'overloaded_error', message: 'Overloaded' } }
      }),
      text('whole')
    )
    const reply = await model.complete(ask(64))
    expect(reply.content).toEqual([{ type: 'text', text: 'whole' }])
    expect(fake.requests.map(request => request.outcome)).toEqual(['disconnected', 'error', 'message'])
  })

  it('does not retry an error event the API would not retry', async () => {
    const { fake, model } = await setup({ streamAboveTokens: 0 })
    fake.enqueue(
      text('refused', {
        stream: { breakAfter: 2, error: { type: 'invalid_request_error', message: 'bad input' } }
      })
    )
    await expect(model.complete(ask(64))).rejects.toMatchObject({
      failure: 'rejected',
      errorType: 'invalid_request_error',
      attempts: 1
    })
  })

  it('answers an HTTP error before the stream starts as an unstreamed call would', async () => {
    const { fake, model } = await setup({ streamAboveTokens: 0, maxRetries: 2 })
    fake.enqueue(rateLimited({ retryAfterMs: 1 }), overloaded(), text('ok'))
    await expect(model.complete(ask(64))).resolves.toMatchObject({ content: [{ type: 'text', text: 'ok' }] })
    expect(fake.requests.map(request => request.status)).toEqual([429, 529, 200])
  })

  it('stops a stream when the caller aborts, and the server sees the client go', async () => {
    const { fake, model } = await setup({ streamAboveTokens: 0 })
    fake.enqueue(text('slowly, very slowly', { stream: { gapMs: 30_000 } }))
    const controller = new AbortController()
    const call = model.complete({ ...ask(64), signal: controller.signal })
    await fake.waitForRequests(1)
    controller.abort()
    await expect(call).rejects.toMatchObject({ name: 'AbortError' })
    expect((await fake.settled(0)).outcome).toBe('aborted')
  })
})
