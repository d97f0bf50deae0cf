import { afterEach, describe, expect, it } from '@jest/globals'
import { createAnthropicModel } from '../../../src/models/anthropic-model.js'
import type { Message, ModelRequest, ToolResultBlock } from '../../../src/models/model.js'
import { startFakeAnthropic, text, type FakeAnthropic } from '../../harness/fake-anthropic.js'

const API_KEY = 'sk-ant-api03-cache-tests'
const MODEL = 'claude-sonnet-4-6'
const mark = { cache_control: { type: 'ephemeral' as const } }

const system = [{ type: 'text' as const, text: 'You are the backend engineer. '.repeat(30), ...mark }]
const TASK = 'Add the banner. '.repeat(20)

/** The opening message; session.ts marks it only while it is the newest. */
function task(marked: boolean): Message {
  return { role: 'user', content: [{ type: 'text', text: TASK, ...(marked ? mark : {}) }] }
}

/** A reply with `calls` tool calls and the user turn that answers them, its last result marked as session.ts does. */
function exchange(calls: number): Message[] {
  const ids = Array.from({ length: calls }, (_, i) => `toolu_01read${i}`)
  const results: ToolResultBlock[] = ids.map(id => ({
    type: 'tool_result',
    tool_use_id: id,
    content: `contents of ${id}`
  }))
  results[results.length - 1] = { ...results[results.length - 1]!, ...mark }
  return [
    {
      role: 'assistant',
      content: [
        { type: 'text', text: 'Reading every module.' },
        ...ids.map(id => ({ type: 'tool_use' as const, id, name: 'read_file', input: { path: id } }))
      ]
    },
    { role: 'user', content: results }
  ]
}

describe('prompt caching through the Anthropic adapter', () => {
  let fake: FakeAnthropic | undefined

  afterEach(async () => {
    await fake?.close()
    fake = undefined
  })

  async function setup() {
    // The fake's cache follows the API: a breakpoint looks back 20 blocks for an earlier entry.
    fake = await startFakeAnthropic({ apiKey: API_KEY, minCacheableTokens: 50 })
    return { fake, model: createAnthropicModel({ apiKey: API_KEY, model: MODEL, baseURL: fake.url }) }
  }

  it('reads the whole previous call from the cache even after a reply with 10 tool calls', async () => {
    const { fake, model } = await setup()
    fake.enqueue(text('first'), text('second'))
    const first = await model.complete({ system, messages: [task(true)], maxTokens: 1000 })
    // The previous breakpoint is 21 blocks before the newest one: out of the newest one's lookback.
    const second = await model.complete({ system, messages: [task(false), ...exchange(10)], maxTokens: 1000 })

    const firstPrompt =
      first.usage.inputTokens + first.usage.cacheCreationInputTokens + first.usage.cacheReadInputTokens
    expect(second.usage.cacheReadInputTokens).toBe(firstPrompt)
    const wire = fake.requests[1]!.body as { messages: { content: { cache_control?: unknown }[] }[] }
    expect(wire.messages[0]!.content[0]!.cache_control).toEqual({ type: 'ephemeral' })
    expect(fake.violations).toEqual([])
  })

  it('sends a single-shot call without breakpoints, so it writes nothing to the cache', async () => {
    const { fake, model } = await setup()
    fake.enqueue(text('plan'))
    const request: ModelRequest = {
      system,
      tools: [{ name: 'submit_plan', description: 'Submit.', input_schema: { type: 'object' }, ...mark }],
      toolChoice: { type: 'tool', name: 'submit_plan' },
      messages: [task(true)],
      maxTokens: 1000,
      singleShot: true
    }
    const reply = await model.complete(request)
    expect(JSON.stringify(fake.requests[0]!.body)).not.toContain('cache_control')
    expect(reply.usage.cacheCreationInputTokens).toBe(0)
    expect(reply.usage.inputTokens).toBeGreaterThan(100)
  })
})
