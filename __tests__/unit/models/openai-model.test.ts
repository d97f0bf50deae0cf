import { afterEach, describe, expect, it } from '@jest/globals'
import { getEventListeners } from 'node:events'
import type { ModelRequest, ToolSpec } from '../../../src/models/model.js'
import { ModelError } from '../../../src/models/model-error.js'
import { createOpenAIModel } from '../../../src/models/openai-model.js'
import { createRateGate } from '../../../src/models/rate-gate.js'
import type { Logger } from '../../../src/util/logger.js'
import { recordingLogger } from '../../harness/recording-logger.js'
import {
  apiError,
  disconnect,
  malformed,
  message,
  rateLimited,
  serverError,
  text,
  toolUse
} from '../../harness/fake-anthropic.js'
import { startFakeOpenAI, type FakeOpenAI } from '../../harness/fake-openai.js'

const API_KEY = 'sk-proj-openai-secret-key-for-tests'
const MODEL = 'gpt-5'

const WRITE_FILE: ToolSpec = {
  name: 'write_file',
  description: 'Writes a file.',
  input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] }
}

const hello: ModelRequest = {
  system: [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } }],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
  tools: [WRITE_FILE],
  maxTokens: 64
}

describe('createOpenAIModel', () => {
  let fake: FakeOpenAI | undefined
  afterEach(async () => {
    await fake?.close()
    fake = undefined
  })

  async function start(options: Parameters<typeof startFakeOpenAI>[0] = {}) {
    fake = await startFakeOpenAI({ apiKey: API_KEY, ...options })
    return fake
  }

  const model = (logger: Logger = recordingLogger(), extra: { maxRetries?: number } = {}) =>
    createOpenAIModel({ apiKey: API_KEY, model: MODEL, baseURL: fake!.url, retryBaseMs: 1, logger, ...extra })

  it('sends the conversation as Chat Completions messages and reads tool calls back as tool_use blocks', async () => {
    await start()
    fake!.enqueue(toolUse('write_file', { path: 'src/a.js' }))

    const reply = await model().complete({ ...hello, toolChoice: { type: 'any' } })

    expect(reply.stopReason).toBe('tool_use')
    expect(reply.content).toEqual([
      {
        type: 'tool_use',
        id: expect.stringMatching(/^call_/),
        name: 'write_file',
        input: { path: 'src/a.js' }
      }
    ])
    expect(reply.model).toMatch(/^gpt-5/)
    const body = fake!.requests[0]!.body as Record<string, unknown>
    expect(body).toMatchObject({
      model: MODEL,
      max_completion_tokens: 64,
      tool_choice: 'required',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Hello' }
      ],
      tools: [{ type: 'function', function: { name: 'write_file', parameters: WRITE_FILE.input_schema } }]
    })
    expect(body.prompt_cache_key).toMatch(/^agent-team-[0-9a-f]{32}$/)
    expect(body).not.toHaveProperty('max_tokens')
    expect(fake!.requests[0]!.headers.authorization).toBe(`Bearer ${API_KEY}`)
    expect(fake!.violations).toEqual([])
  })

  it('answers each tool call with a tool message right after it, errors marked, and keeps one cache key per session', async () => {
    await start({ minCacheableTokens: 16 })
    fake!.enqueue(text('done'), text('done again'))
    const turn: ModelRequest = {
      ...hello,
      messages: [
        ...hello.messages,
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Writing both.' },
            { type: 'tool_use', id: 'call_1', name: 'write_file', input: { path: 'a' } },
            { type: 'tool_use', id: 'call_2', name: 'write_file', input: {} }
          ]
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'call_1', content: 'wrote a' },
            { type: 'tool_result', tool_use_id: 'call_2', content: '`path` is required.', is_error: true },
            { type: 'text', text: 'Keep going.' }
          ]
        }
      ]
    }

    const first = await model().complete(turn)
    const second = await model().complete({
      ...turn,
      messages: [
        ...turn.messages,
        { role: 'assistant', content: [{ type: 'text', text: 'done' }] },
        { role: 'user', content: [{ type: 'text', text: 'and?' }] }
      ]
    })

    expect(first.content).toEqual([{ type: 'text', text: 'done' }])
    expect(first.stopReason).toBe('end_turn')
    const sent = fake!.requests.map(r => r.body as { messages: unknown[]; prompt_cache_key: string })
    expect(sent[0]!.messages.slice(2)).toEqual([
      {
        role: 'assistant',
        content: 'Writing both.',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'write_file', arguments: '{"path":"a"}' } },
          { id: 'call_2', type: 'function', function: { name: 'write_file', arguments: '{}' } }
        ]
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'wrote a' },
      { role: 'tool', tool_call_id: 'call_2', content: 'Error: `path` is required.' },
      { role: 'user', content: 'Keep going.' }
    ])
    // The same session (system prompt and first message): the same key, so the second call reads the cache.
    expect(sent[1]!.prompt_cache_key).toBe(sent[0]!.prompt_cache_key)
    expect(second.usage.cacheReadInputTokens).toBeGreaterThan(0)
    expect(second.usage.inputTokens + second.usage.cacheReadInputTokens).toBe(
      fake!.requests[1]!.usage!.prompt_tokens
    )
    expect(second.usage.cacheCreationInputTokens).toBe(0)
    expect(fake!.violations).toEqual([])
  })

  it('keeps the cache key when the session moves its cache breakpoints off the first message', async () => {
    await start()
    fake!.enqueue(text('one'), text('two'))
    const marked: ModelRequest = {
      ...hello,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Hello', cache_control: { type: 'ephemeral' } }] }
      ]
    }

    await model().complete(marked)
    await model().complete({
      ...hello,
      messages: [
        ...hello.messages,
        { role: 'assistant', content: [{ type: 'text', text: 'one' }] },
        { role: 'user', content: [{ type: 'text', text: 'more' }] }
      ]
    })

    const keys = fake!.requests.map(r => (r.body as { prompt_cache_key: string }).prompt_cache_key)
    expect(keys[1]).toBe(keys[0])
  })

  it('leaves no listener on the run’s signal after a call, however many calls share it', async () => {
    await start()
    fake!.setHandler(() => text('ok'))
    const run = new AbortController()
    const shared = model()

    for (let i = 0; i < 12; i++) await shared.complete({ ...hello, signal: run.signal })

    expect(getEventListeners(run.signal, 'abort')).toHaveLength(0)
  })

  it('sends an assistant turn that said nothing and called nothing as empty text, which the API takes', async () => {
    await start()
    fake!.enqueue(text('go on'))

    await model().complete({
      ...hello,
      messages: [
        ...hello.messages,
        { role: 'assistant', content: [] },
        { role: 'user', content: [{ type: 'text', text: 'Well?' }] }
      ]
    })

    expect((fake!.requests[0]!.body as { messages: unknown[] }).messages[2]).toEqual({
      role: 'assistant',
      content: ''
    })
    expect(fake!.violations).toEqual([])
  })

  it('streams a reply with a large output budget and adds its chunks up: text, tool calls, usage', async () => {
    await start({ minCacheableTokens: 16 })
    fake!.enqueue(
      message([
        text('Writing two files.'),
        toolUse('write_file', { path: 'a.js', content: 'export const a = 1\n' }),
        toolUse('write_file', { path: 'b.js', content: 'export const b = 2\n' })
      ])
    )
    const streamed = createOpenAIModel({
      apiKey: API_KEY,
      model: MODEL,
      baseURL: fake!.url,
      streamAboveTokens: 32
    })

    const reply = await streamed.complete(hello)

    expect(reply.content).toEqual([
      { type: 'text', text: 'Writing two files.' },
      {
        type: 'tool_use',
        id: expect.stringMatching(/^call_/),
        name: 'write_file',
        input: { path: 'a.js', content: 'export const a = 1\n' }
      },
      {
        type: 'tool_use',
        id: expect.stringMatching(/^call_/),
        name: 'write_file',
        input: { path: 'b.js', content: 'export const b = 2\n' }
      }
    ])
    expect(reply.stopReason).toBe('tool_use')
    expect(reply.usage.outputTokens).toBe(fake!.requests[0]!.usage!.completion_tokens)
    expect(fake!.requests[0]!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } })
    expect(fake!.violations).toEqual([])
  })

  it('retries a streamed reply that stalls past the idle limit, and one cut off before its end', async () => {
    await start()
    fake!.enqueue(
      message([text('a stalled answer')], { stream: { gapMs: 1000 } }),
      message([text('a cut answer')], { stream: { breakAfter: 2 } }),
      text('in time')
    )
    const logger = recordingLogger()
    const streamed = createOpenAIModel({
      apiKey: API_KEY,
      model: MODEL,
      baseURL: fake!.url,
      streamAboveTokens: 0,
      idleTimeoutMs: 200,
      retryBaseMs: 1,
      logger
    })

    const reply = await streamed.complete(hello)

    expect(reply.content).toEqual([{ type: 'text', text: 'in time' }])
    const retries = logger.lines.filter(line => line.startsWith('info: OpenAI API:'))
    expect(retries).toEqual([
      expect.stringContaining('the reply stream sent nothing for 200 ms'),
      expect.stringContaining('connection failed')
    ])
  })

  it('fails a streamed call at once when the server sends no usage, saying how to avoid streaming', async () => {
    await start({ noStreamUsage: true })
    fake!.enqueue(text('no usage follows'))
    const streamed = createOpenAIModel({
      apiKey: API_KEY,
      model: MODEL,
      baseURL: fake!.url,
      streamAboveTokens: 0
    })

    const failure = await streamed.complete(hello).then(
      () => undefined as never,
      (error: unknown) => error as ModelError
    )

    expect(failure.attempts).toBe(1)
    expect(failure.message).toContain('the server does not take stream_options.include_usage')
    expect(failure.message).toContain('max_tokens of 8192 or less')
  })

  it('sends no cache key for a single-shot call, and forces a named tool as a function', async () => {
    await start()
    fake!.enqueue(toolUse('write_file', { path: 'x' }))

    await model().complete({ ...hello, singleShot: true, toolChoice: { type: 'tool', name: 'write_file' } })

    const body = fake!.requests[0]!.body as Record<string, unknown>
    expect(body).not.toHaveProperty('prompt_cache_key')
    expect(body.tool_choice).toEqual({ type: 'function', function: { name: 'write_file' } })
  })

  it('keeps arguments that are not JSON as malformed_input, and sends them back as they came', async () => {
    await start()
    fake!.enqueue({
      kind: 'message',
      content: [
        {
          type: 'tool_use',
          id: 'x',
          name: 'write_file',
          input: {},
          raw_arguments: '{"path": "a.js", "content": "unterminated'
        }
      ]
    })

    const reply = await model().complete(hello)

    expect(reply.content).toEqual([
      {
        type: 'tool_use',
        id: expect.any(String),
        name: 'write_file',
        input: {},
        malformed_input: '{"path": "a.js", "content": "unterminated'
      }
    ])
    fake!.enqueue(text('fixed'))
    await model().complete({
      ...hello,
      messages: [
        ...hello.messages,
        { role: 'assistant', content: reply.content },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: (reply.content[0] as { id: string }).id,
              content: 'not JSON',
              is_error: true
            }
          ]
        }
      ]
    })
    const resent = (
      fake!.requests[1]!.body as { messages: { tool_calls?: { function: { arguments: string } }[] }[] }
    ).messages[2]!
    expect(resent.tool_calls?.[0]?.function.arguments).toBe('{"path": "a.js", "content": "unterminated')
    expect(fake!.violations).toEqual([])
  })

  it('retries 429 (after retry-after), 5xx, a cut connection and a malformed body, logging each retry without the key', async () => {
    await start()
    fake!.enqueue(
      rateLimited({ retryAfterMs: 20 }),
      serverError(),
      disconnect(),
      malformed(),
      text('at last')
    )
    const logger = recordingLogger()

    const reply = await model(logger).complete(hello)

    expect(reply.content).toEqual([{ type: 'text', text: 'at last' }])
    expect(fake!.requests).toHaveLength(5)
    const retries = logger.lines.filter(line => line.startsWith('info: OpenAI API:'))
    expect(retries).toHaveLength(4)
    expect(retries[0]).toMatch(/429 .*retrying in 0\.0 s \(attempt 2 of 5\)/)
    expect(logger.lines.join('\n')).not.toContain(API_KEY)
  })

  it('fails at once on a refused key, an empty balance or a bad request, saying what to do and never the key', async () => {
    await start()
    const wrongKey = createOpenAIModel({ apiKey: 'sk-wrong-key-0000', model: MODEL, baseURL: fake!.url })
    const refused = await wrongKey.complete(hello).then(
      () => undefined as never,
      (error: unknown) => error as ModelError
    )
    expect(refused).toBeInstanceOf(ModelError)
    expect(refused.failure).toBe('authentication')
    expect(refused.message).toContain('openai_api_key')
    expect(refused.message).not.toContain('sk-wrong-key-0000')

    fake!.enqueue(apiError(429, 'insufficient_quota', 'You exceeded your current quota.'))
    const broke = await model()
      .complete(hello)
      .then(
        () => undefined as never,
        (error: unknown) => error as ModelError
      )
    expect(broke.attempts).toBe(1)
    expect(broke.message).toMatch(
      /OpenAI API call for model gpt-5 failed: 429 insufficient_quota You exceeded your current quota\. The OpenAI account is out of credit/
    )

    fake!.enqueue(apiError(404, 'model_not_found', 'The model `gpt-9` does not exist.'))
    const missing = await model()
      .complete(hello)
      .then(
        () => undefined as never,
        (error: unknown) => error as ModelError
      )
    expect(missing.failure).toBe('rejected')
    expect(missing.message).toContain('Check the model id')
  })

  it('gives up after the retries, and one 429 holds back every model sharing the gate', async () => {
    await start()
    fake!.enqueue(serverError(), serverError())
    const failed = await model(recordingLogger(), { maxRetries: 1 })
      .complete(hello)
      .then(
        () => undefined as never,
        (error: unknown) => error as ModelError
      )
    expect(failed.failure).toBe('server')
    expect(failed.attempts).toBe(2)
    expect(failed.message).toContain('after 2 attempts')

    const gate = createRateGate()
    const shared = () =>
      createOpenAIModel({ apiKey: API_KEY, model: MODEL, baseURL: fake!.url, rateGate: gate, retryBaseMs: 1 })
    fake!.setHandler((_request, index) => (index === 2 ? rateLimited({ retryAfterMs: 300 }) : text('ok')))
    const started = Date.now()
    await Promise.all([
      shared().complete(hello),
      new Promise(r => setTimeout(r, 50)).then(() => shared().complete(hello))
    ])
    // The second model's call waited for the hold the first one's 429 set.
    const second = fake!.requests.find(r => r.index === 4)
    expect(second).toBeDefined()
    expect(second!.receivedAt - started).toBeGreaterThanOrEqual(250)
  })
})
