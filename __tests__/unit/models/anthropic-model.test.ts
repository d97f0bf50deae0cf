import { afterEach, describe, expect, it } from '@jest/globals'
import { createAnthropicModel, type AnthropicModelOptions } from '../../../src/models/anthropic-model.js'
import type { ModelRequest } from '../../../src/models/model.js'
import { ModelError } from '../../../src/models/model-error.js'
import { recordingLogger } from '../../harness/recording-logger.js'
import {
  apiError,
  disconnect,
  malformed,
  message,
  overloaded,
  rateLimited,
  serverError,
  startFakeAnthropic,
  text,
  toolUse,
  type FakeAnthropic
} from '../../harness/fake-anthropic.js'

const API_KEY = 'sk-ant-api03-secret-key-for-tests'
const MODEL = 'claude-sonnet-4-6'

const hello: ModelRequest = {
  system: [{ type: 'text', text: 'You are terse.' }],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
  maxTokens: 64
}

// Every behaviour holds for both ways a call can go: a plain request, and a stream (a large output budget).
const MODES: [string, Partial<AnthropicModelOptions>][] = [
  ['unstreamed', {}],
  ['streamed', { streamAboveTokens: 0 }]
]

describe.each(MODES)('createAnthropicModel, %s', (mode, modeOptions) => {
  let fake: FakeAnthropic | undefined

  afterEach(async () => {
    await fake?.close()
    fake = undefined
  })

  async function setup(options: Partial<AnthropicModelOptions> = {}) {
    fake = await startFakeAnthropic({ apiKey: API_KEY, minCacheableTokens: 50 })
    const logger = recordingLogger()
    const model = createAnthropicModel({
      apiKey: API_KEY,
      model: MODEL,
      baseURL: fake.url,
      retryBaseMs: 1,
      logger,
      ...modeOptions,
      ...options
    })
    return { fake, model, logger }
  }

  it('sends system, tools, a forced tool choice, tool results and breakpoints in Messages API shape', async () => {
    const { fake, model } = await setup()
    fake.enqueue(toolUse('submit_plan', { tasks: ['T1'] }, { id: 'toolu_01plan' }))
    const request: ModelRequest = {
      system: [{ type: 'text', text: 'You are the manager.', cache_control: { type: 'ephemeral' } }],
      tools: [{ name: 'submit_plan', description: 'Submit the plan.', input_schema: { type: 'object' } }],
      toolChoice: { type: 'tool', name: 'submit_plan' },
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Plan it.' }] },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 'toolu_01a', name: 'submit_plan', input: {} }]
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_01a', content: 'tasks: missing', is_error: true },
            { type: 'text', text: 'Try again.', cache_control: { type: 'ephemeral' } }
          ]
        }
      ],
      maxTokens: 2000
    }

    const response = await model.complete(request)

    expect(response).toEqual({
      content: [{ type: 'tool_use', id: 'toolu_01plan', name: 'submit_plan', input: { tasks: ['T1'] } }],
      stopReason: 'tool_use',
      usage: expect.objectContaining({ outputTokens: expect.any(Number) }),
      model: MODEL
    })
    expect(fake.requests[0]!.body).toEqual({
      model: MODEL,
      max_tokens: 2000,
      system: [{ type: 'text', text: 'You are the manager.', cache_control: { type: 'ephemeral' } }],
      tools: [{ name: 'submit_plan', description: 'Submit the plan.', input_schema: { type: 'object' } }],
      tool_choice: { type: 'tool', name: 'submit_plan' },
      // One breakpoint more, where the previous call of this conversation put its newest.
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Plan it.', cache_control: { type: 'ephemeral' } }] },
        ...request.messages.slice(1)
      ],
      ...(mode === 'streamed' ? { stream: true } : {})
    })
    expect(fake.violations).toEqual([])
    expect(model.id).toBe(MODEL)
  })

  it('reports cache writes and reads, and reads missing cache fields as zero', async () => {
    const { fake, model } = await setup()
    fake.enqueue(
      text('one'),
      text('two'),
      text('three', { usage: { cache_creation_input_tokens: null, cache_read_input_tokens: null } })
    )
    const cached: ModelRequest = {
      ...hello,
      system: [{ type: 'text', text: 'Project context. '.repeat(40), cache_control: { type: 'ephemeral' } }]
    }

    const first = await model.complete(cached)
    const second = await model.complete(cached)
    const third = await model.complete(cached)

    expect(first.usage.cacheCreationInputTokens).toBeGreaterThan(100)
    expect(second.usage).toMatchObject({
      cacheCreationInputTokens: 0,
      cacheReadInputTokens: first.usage.cacheCreationInputTokens
    })
    expect(third.usage).toMatchObject({ cacheCreationInputTokens: 0, cacheReadInputTokens: 0 })
  })

  it('keeps text and tool calls in order, drops blocks the port has no type for, and maps the stop reason', async () => {
    const { fake, model, logger } = await setup()
    fake.enqueue(
      message([
        { type: 'thinking', thinking: 'hmm', signature: 'sig' },
        text('Part one'),
        toolUse('read_file', { path: 'a' }, { id: 'toolu_01r' })
      ]),
      text('cut', { stopReason: 'model_context_window_exceeded' })
    )

    const first = await model.complete(hello)
    const second = await model.complete(hello)

    expect(first.content).toEqual([
      { type: 'text', text: 'Part one' },
      { type: 'tool_use', id: 'toolu_01r', name: 'read_file', input: { path: 'a' } }
    ])
    expect(logger.lines).toContain('debug: Anthropic reply: dropped a thinking block')
    expect(second.stopReason).toBe('max_tokens')
  })

  it('leaves temperature out, which the current API version refuses, and says so once', async () => {
    const { fake, model, logger } = await setup()
    fake.enqueue(text('a'), text('b'))
    await model.complete({ ...hello, temperature: 0.2 })
    await model.complete({ ...hello, temperature: 0.2 })
    expect(fake.requests[0]!.body).not.toHaveProperty('temperature')
    expect(fake.violations).toEqual([])
    expect(logger.lines.filter(line => line.startsWith('warning:'))).toHaveLength(1)
  })

  describe('retries', () => {
    it('retries 429, 529, 500, a dropped connection and a malformed body, logging each, then answers', async () => {
      const { fake, model, logger } = await setup({ maxRetries: 5 })
      fake.enqueue(
        rateLimited({ retryAfterSeconds: 0 }),
        overloaded(),
        serverError(),
        disconnect(),
        malformed(),
        text('at last')
      )

      const response = await model.complete(hello)

      expect(response.content).toEqual([{ type: 'text', text: 'at last' }])
      expect(fake.requests.map(r => r.outcome)).toEqual([
        'error',
        'error',
        'error',
        'disconnected',
        'malformed',
        'message'
      ])
      expect(logger.lines.filter(line => line.includes('retrying'))).toHaveLength(5)
      expect(logger.lines[1]).toMatch(/529 overloaded_error Overloaded; retrying in .* \(attempt 3 of 6\)/)
    })

    it("gives up after maxRetries with a typed error naming the status and Anthropic's message", async () => {
      const { fake, model } = await setup({ maxRetries: 2 })
      fake.setHandler(() => overloaded())

      const error = await model.complete(hello).catch((e: unknown) => e)

      expect(error).toBeInstanceOf(ModelError)
      expect(error).toMatchObject({
        failure: 'overloaded',
        status: 529,
        errorType: 'overloaded_error',
        attempts: 3
      })
      expect((error as Error).message).toMatch(
        /failed after 3 attempts: 529 overloaded_error Overloaded\. The Anthropic API is overloaded/
      )
      expect(fake.requests).toHaveLength(3)
    })

    it('defaults to four retries', async () => {
      const { fake, model } = await setup()
      fake.setHandler(() => serverError())
      await expect(model.complete(hello)).rejects.toMatchObject({ attempts: 5, failure: 'server' })
      expect(fake.requests).toHaveLength(5)
    })

    it('waits as long as retry-after-ms asks', async () => {
      const { fake, model } = await setup()
      fake.enqueue(rateLimited({ retryAfterMs: 150 }), text('ok'))
      const started = Date.now()
      await model.complete(hello)
      expect(Date.now() - started).toBeGreaterThanOrEqual(140)
    })

    it('does not retry a request the API refuses as invalid', async () => {
      const { fake, model } = await setup()
      fake.enqueue(text('never'))
      const error = await model
        .complete({ ...hello, toolChoice: { type: 'tool', name: 'missing' } })
        .catch((e: unknown) => e)
      expect(error).toMatchObject({
        failure: 'rejected',
        status: 400,
        errorType: 'invalid_request_error',
        attempts: 1
      })
      expect((error as Error).message).toContain("Tool 'missing' not found")
      expect(fake.requests).toHaveLength(1)
    })

    it('treats a malformed body that persists as a ModelError, not a crash', async () => {
      const { fake, model } = await setup({ maxRetries: 1 })
      fake.setHandler(() => malformed())
      await expect(model.complete(hello)).rejects.toMatchObject({
        name: 'ModelError',
        failure: 'malformed',
        attempts: 2
      })
    })
  })

  it('never puts the API key in an error message, even when the server echoes it', async () => {
    const { fake, model } = await setup()
    fake.enqueue(apiError(401, 'authentication_error', `invalid x-api-key: ${API_KEY}`))
    const error = await model.complete(hello).catch((e: unknown) => e)
    expect(error).toMatchObject({ failure: 'authentication', status: 401, attempts: 1 })
    expect((error as Error).message).not.toContain(API_KEY)
    expect((error as Error).message).toContain('[redacted]')
    expect((error as Error).message).toContain('anthropic_api_key')
  })

  it('names the model id on a 404 and suggests checking the configuration', async () => {
    fake = await startFakeAnthropic({ models: ['claude-sonnet-4-6'] })
    const model = createAnthropicModel({
      apiKey: API_KEY,
      model: 'claude-sonet-4-6',
      baseURL: fake.url,
      ...modeOptions
    })
    await expect(model.complete(hello)).rejects.toThrow(
      /model claude-sonet-4-6 failed: 404 not_found_error model: claude-sonet-4-6\. Check the model id/
    )
  })

  it('stops a slow call when the caller aborts, and the server sees the client go', async () => {
    const { fake, model } = await setup()
    fake.enqueue(text('too late', { delayMs: 30_000 }))
    const controller = new AbortController()
    const call = model.complete({ ...hello, signal: controller.signal })
    await fake.waitForRequests(1)
    controller.abort()

    await expect(call).rejects.toMatchObject({ name: 'AbortError' })
    expect((await fake.settled(0)).outcome).toBe('aborted')
    expect(fake.requests).toHaveLength(1)
  })

  it('times a call out after timeoutMs, retries it, and then gives up with a timeout error', async () => {
    const { fake, model } = await setup({ timeoutMs: 100, maxRetries: 1 })
    fake.setHandler(() => text('slow', { delayMs: 5_000 }))
    await expect(model.complete(hello)).rejects.toMatchObject({ failure: 'timeout', attempts: 2 })
    expect(fake.requests).toHaveLength(2)
  })

  it('reports a server it cannot reach as a connection failure naming the URL', async () => {
    const { fake, model } = await setup({ maxRetries: 1 })
    const url = fake.url
    await fake.close()
    const error = await model.complete(hello).catch((e: unknown) => e)
    expect(error).toMatchObject({ failure: 'connection', attempts: 2 })
    expect((error as Error).message).toContain(url)
  })
})
