import { afterEach, describe, expect, it } from '@jest/globals'
import { createAnthropicModel } from '../../../src/models/anthropic-model.js'
import type { ModelRequest } from '../../../src/models/model.js'
import { createRateGate } from '../../../src/models/rate-gate.js'
import { silentLogger } from '../../../src/util/logger.js'
import { rateLimited, startFakeAnthropic, text, type FakeAnthropic } from '../../harness/fake-anthropic.js'
import { manualClock } from '../../harness/manual-clock.js'

describe('rate gate', () => {
  it('lets calls through at once while nothing holds it', async () => {
    const clock = manualClock(1000)
    await expect(createRateGate(clock).pass()).resolves.toBeUndefined()
    expect(clock.pending()).toBe(0)
  })

  it('keeps every waiting call back until the hold ends', async () => {
    const clock = manualClock(1000)
    const gate = createRateGate(clock)
    gate.hold(500)
    const passed: string[] = []
    const calls = ['a', 'b'].map(name => gate.pass().then(() => passed.push(name)))
    await clock.advance(499)
    expect(passed).toEqual([])
    await clock.advance(1)
    await Promise.all(calls)
    expect(passed).toEqual(['a', 'b'])
  })

  it('extends a hold for a longer wait and never shortens it for a shorter one', async () => {
    const clock = manualClock()
    const gate = createRateGate(clock)
    gate.hold(300)
    let passed = false
    const call = gate.pass().then(() => (passed = true))
    await clock.advance(100)
    gate.hold(500) // now ends at 600
    gate.hold(50) // would end at 150: changes nothing
    await clock.advance(200) // 300: the first hold's end
    expect(passed).toBe(false)
    await clock.advance(300)
    await call
    expect(passed).toBe(true)
  })

  it('stops waiting when the caller aborts', async () => {
    const clock = manualClock()
    const gate = createRateGate(clock)
    gate.hold(10_000)
    const controller = new AbortController()
    const call = gate.pass(controller.signal)
    controller.abort(new Error('cancelled'))
    await expect(call).rejects.toThrow('cancelled')
  })
})

describe('models sharing a rate gate', () => {
  let fake: FakeAnthropic | undefined

  afterEach(async () => {
    await fake?.close()
    fake = undefined
  })

  it('holds every model back for as long as a 429 asked one of them to wait', async () => {
    fake = await startFakeAnthropic()
    const arrivals: number[] = []
    fake.setHandler((_request, index) => {
      arrivals[index] = Date.now()
      return index === 0 ? rateLimited({ retryAfterMs: 400 }) : text('ok')
    })
    const gate = createRateGate()
    const options = { apiKey: 'sk-ant-shared', model: 'claude-sonnet-4-6', baseURL: fake.url, rateGate: gate }
    // The first model logs its retry in the same step as it holds the gate.
    let limited!: () => void
    const retrying = new Promise<void>(resolve => (limited = resolve))
    const logger = { ...silentLogger, info: () => limited() }
    const [first, second] = [createAnthropicModel({ ...options, logger }), createAnthropicModel(options)]
    const hello: ModelRequest = {
      system: [],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      maxTokens: 16
    }

    const firstCall = first.complete(hello)
    await retrying
    const limitedAt = Date.now()
    // The second session had no 429 of its own, yet it waits for the first one's retry-after.
    const secondCall = second.complete(hello)
    await Promise.all([firstCall, secondCall])

    expect(fake.requests.map(request => request.status)).toEqual([429, 200, 200])
    expect(Math.min(arrivals[1]!, arrivals[2]!) - limitedAt).toBeGreaterThanOrEqual(350)
  })

  it('lets a model with a gate of its own go on while another one waits', async () => {
    fake = await startFakeAnthropic()
    fake.setHandler((_request, index) => (index === 0 ? rateLimited({ retryAfterMs: 400 }) : text('ok')))
    const options = { apiKey: 'sk-ant-other', model: 'claude-sonnet-4-6', baseURL: fake.url }
    const hello: ModelRequest = {
      system: [],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      maxTokens: 16
    }

    const firstCall = createAnthropicModel(options).complete(hello)
    await fake.settled(0)
    const started = Date.now()
    await createAnthropicModel(options).complete(hello)
    expect(Date.now() - started).toBeLessThan(350)
    await firstCall
  })
})
