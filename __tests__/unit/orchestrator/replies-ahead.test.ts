import { describe, expect, it } from '@jest/globals'
import type { Model, ModelRequest, ModelResponse } from '../../../src/models/model.js'
import { RepliesAhead } from '../../../src/orchestrator/replies-ahead.js'

/** A model that answers each request when the test says so, recording what it was sent. */
function heldModel() {
  const sent: ModelRequest[] = []
  const pending: Array<{ resolve: (reply: ModelResponse) => void; reject: (error: unknown) => void }> = []
  const model: Model = {
    id: 'claude-test',
    provider: 'anthropic',
    complete: request => {
      sent.push(request)
      return new Promise<ModelResponse>((resolve, reject) => {
        pending.push({ resolve, reject })
        request.signal?.addEventListener('abort', () => reject(request.signal?.reason))
      })
    }
  }
  const answer = (index: number, text: string) =>
    pending[index]!.resolve({
      content: [{ type: 'text', text }],
      stopReason: 'end_turn',
      usage: { inputTokens: 100, outputTokens: 10, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
      model: 'claude-test'
    })
  return { model, sent, answer }
}

function request(text: string, signal?: AbortSignal): ModelRequest {
  return {
    system: [{ type: 'text', text: 'You are the backend developer.' }],
    messages: [{ role: 'user', content: [{ type: 'text', text }] }],
    maxTokens: 1000,
    ...(signal ? { signal } : {})
  }
}

function store() {
  const unused: Array<{ taskId: string; outputTokens: number }> = []
  const ahead = new RepliesAhead((taskId, _model, reply) =>
    unused.push({ taskId, outputTokens: reply.usage.outputTokens })
  )
  return { ahead, unused }
}

describe('RepliesAhead: a task’s first reply asked for before the task starts', () => {
  it('answers the session’s first request with the reply asked ahead, without a second call', async () => {
    const { model, sent, answer } = heldModel()
    const { ahead, unused } = store()

    ahead.ask('T2', model, request('Brief of T2'))
    expect(sent).toHaveLength(1)
    // The session sends the same request with its own signal: the signal is not part of the comparison.
    const session = ahead.serve('T2', model)
    const first = session.complete(request('Brief of T2', new AbortController().signal))
    answer(0, 'reply asked ahead')

    expect((await first).content).toEqual([{ type: 'text', text: 'reply asked ahead' }])
    expect(sent).toHaveLength(1)
    expect(ahead.size).toBe(0)
    expect(unused).toEqual([])
    // Later requests of the session go to the model.
    const second = session.complete(request('Brief of T2, turn 2'))
    answer(1, 'second reply')
    expect((await second).content).toEqual([{ type: 'text', text: 'second reply' }])
    expect(sent).toHaveLength(2)
  })

  it('sends a request that differs from the one asked ahead, and charges the reply nobody took', async () => {
    const { model, sent, answer } = heldModel()
    const { ahead, unused } = store()

    ahead.ask('T2', model, request('Brief of T2 with npm test'))
    const session = ahead.serve('T2', model)
    // A dependency changed the commands the task may run: its brief is not the one asked ahead.
    const first = session.complete(request('Brief of T2 with npm test and npm run lint'))
    expect(sent.map(r => r.messages[0]!.content)).toEqual([
      [{ type: 'text', text: 'Brief of T2 with npm test' }],
      [{ type: 'text', text: 'Brief of T2 with npm test and npm run lint' }]
    ])
    answer(1, 'the session’s own reply')
    expect((await first).content).toEqual([{ type: 'text', text: 'the session’s own reply' }])

    answer(0, 'asked ahead, not taken')
    await new Promise(resolve => setImmediate(resolve))
    expect(unused).toEqual([{ taskId: 'T2', outputTokens: 10 }])
  })

  it('charges a reply that came for a task that never started, when the run ends', async () => {
    const { model, answer } = heldModel()
    const { ahead, unused } = store()

    ahead.ask('T3', model, request('Brief of T3'))
    answer(0, 'asked ahead; T3 never started')
    await new Promise(resolve => setImmediate(resolve))
    expect(unused).toEqual([])
    ahead.close()
    await new Promise(resolve => setImmediate(resolve))

    expect(unused).toEqual([{ taskId: 'T3', outputTokens: 10 }])
  })

  it('aborts the replies still on their way when the run ends, and asks nothing more', async () => {
    const { model, sent } = heldModel()
    const { ahead, unused } = store()

    ahead.ask('T3', model, request('Brief of T3'))
    const signal = sent[0]!.signal!
    ahead.close()

    expect(signal.aborted).toBe(true)
    expect(ahead.size).toBe(0)
    ahead.ask('T4', model, request('Brief of T4'))
    expect(sent).toHaveLength(1)
    expect(unused).toEqual([])
  })

  it('asks once per task, and a task with nothing asked ahead goes straight to the model', async () => {
    const { model, sent, answer } = heldModel()
    const { ahead } = store()

    ahead.ask('T2', model, request('Brief of T2'))
    ahead.ask('T2', model, request('Brief of T2'))
    expect(sent).toHaveLength(1)
    expect(ahead.has('T2')).toBe(true)

    const other = ahead.serve('T5', model).complete(request('Brief of T5'))
    answer(1, 'T5 reply')
    expect((await other).content).toEqual([{ type: 'text', text: 'T5 reply' }])
    expect(ahead.has('T2')).toBe(true)
  })

  it('hands the session the failure of a reply asked ahead, as if it had asked itself', async () => {
    const sent: ModelRequest[] = []
    const failing: Model = {
      id: 'claude-test',
      complete: async r => {
        sent.push(r)
        throw new Error('overloaded_error after 4 attempts')
      }
    }
    const { ahead } = store()
    ahead.ask('T2', failing, request('Brief of T2'))
    await expect(ahead.serve('T2', failing).complete(request('Brief of T2'))).rejects.toThrow(
      'overloaded_error after 4 attempts'
    )
    expect(sent).toHaveLength(1)
  })
})
