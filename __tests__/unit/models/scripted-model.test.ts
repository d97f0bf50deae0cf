import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Message, ModelRequest, ModelResponse } from '../../../src/models/model.js'
import { ModelError } from '../../../src/models/model-error.js'
import { createTranscriptRecorder } from '../../../src/models/recording-model.js'
import { createScriptedModels, loadScriptedModels } from '../../../src/models/scripted-model.js'
import {
  exchangeKeyOf,
  parseTranscript,
  TRANSCRIPT_VERSION,
  type Exchange,
  type ExchangeKey,
  type Transcript
} from '../../../src/models/transcript.js'
import { fakeModel, textReply, toolUseReply } from '../../harness/fake-model.js'

/** A request on task `task` after `turn` assistant replies, as an agent session sends it. */
function sessionRequest(
  task: string,
  turn: number,
  opening = `# Your task: ${task} — Do ${task}`
): ModelRequest {
  const messages: Message[] = [{ role: 'user', content: [{ type: 'text', text: `${opening}\n\nDetails.` }] }]
  for (let i = 0; i < turn; i++) {
    messages.push({
      role: 'assistant',
      content: [{ type: 'tool_use', id: `t${i}`, name: 'read_file', input: {} }]
    })
    messages.push({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: `t${i}`, content: `result ${i}` }]
    })
  }
  return { system: [], messages, toolChoice: { type: 'auto' }, maxTokens: 1000 }
}

function planRequest(): ModelRequest {
  return {
    system: [],
    messages: [
      { role: 'user', content: [{ type: 'text', text: '<feature>\n# Greeting\n\nSay hi.\n</feature>' }] }
    ],
    toolChoice: { type: 'tool', name: 'submit_plan' },
    maxTokens: 1000
  }
}

function exchange(key: ExchangeKey, response: ModelResponse): Exchange {
  return { key, model: 'claude-sonnet-4-6', asked: '', response }
}

function transcriptOf(...exchanges: Exchange[]): Transcript {
  return { version: TRANSCRIPT_VERSION, exchanges }
}

const said = (response: ModelResponse): string =>
  response.content.map(block => (block.type === 'text' ? block.text : '')).join('')

describe('exchange keys', () => {
  it('files a plan call under its forced tool, with no task', () => {
    expect(exchangeKeyOf(planRequest())).toEqual({ tool: 'submit_plan', task: null, turn: 0 })
  })

  it('reads the task from an agent session, a merge integration, a fix round and a manager question', () => {
    expect(exchangeKeyOf(sessionRequest('T1', 2))).toEqual({ tool: 'auto', task: 'T1', turn: 2 })
    expect(exchangeKeyOf(sessionRequest('T2', 0, '# Integration: merging T2 — Banner')).task).toBe('T2')
    expect(
      exchangeKeyOf(sessionRequest('QA', 0, '# Fix: the checks fail after merging QA — Tests')).task
    ).toBe('QA')
    const question: ModelRequest = {
      system: [],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: '<plan>\n- T1 (dev): A\n</plan>\n\n<task id="T3" role="dev">\nC\n</task>' }
          ]
        }
      ],
      toolChoice: { type: 'tool', name: 'answer_blocker' },
      maxTokens: 100
    }
    expect(exchangeKeyOf(question)).toEqual({ tool: 'answer_blocker', task: 'T3', turn: 0 })
  })
})

describe('scripted model', () => {
  it('answers parallel tasks by their own conversation, whatever order their calls arrive in', async () => {
    const models = createScriptedModels(
      transcriptOf(
        exchange({ tool: 'auto', task: 'T1', turn: 0 }, textReply('T1 first')),
        exchange({ tool: 'auto', task: 'T1', turn: 1 }, textReply('T1 second')),
        exchange({ tool: 'auto', task: 'T2', turn: 0 }, textReply('T2 first')),
        exchange({ tool: 'auto', task: 'T2', turn: 1 }, textReply('T2 second'))
      )
    )
    const model = models.model('claude-sonnet-4-6')

    expect(said(await model.complete(sessionRequest('T2', 0)))).toBe('T2 first')
    expect(said(await model.complete(sessionRequest('T1', 0)))).toBe('T1 first')
    expect(said(await model.complete(sessionRequest('T2', 1)))).toBe('T2 second')
    expect(said(await model.complete(sessionRequest('T1', 1)))).toBe('T1 second')
    expect(models.unplayed).toBe(0)
  })

  it('replays calls with the same key in recorded order, as a retried session makes them', async () => {
    const key = { tool: 'auto', task: 'T1', turn: 0 }
    const model = createScriptedModels(
      transcriptOf(exchange(key, textReply('first attempt')), exchange(key, textReply('second attempt')))
    ).model('m')

    expect(said(await model.complete(sessionRequest('T1', 0)))).toBe('first attempt')
    expect(said(await model.complete(sessionRequest('T1', 0)))).toBe('second attempt')
  })

  it('answers as the model id it was asked for, with the recorded usage, and hands out copies', async () => {
    const recorded = toolUseReply('submit_plan', { summary: 's' }, { inputTokens: 1200, outputTokens: 300 })
    const models = createScriptedModels(
      transcriptOf(exchange({ tool: 'submit_plan', task: null, turn: 0 }, recorded))
    )
    const model = models.model('claude-opus-4-5')

    const reply = await model.complete(planRequest())

    expect(model.id).toBe('claude-opus-4-5')
    expect(reply).toEqual(recorded)
    expect(reply).not.toBe(recorded)
  })

  it('fails a request with nothing recorded under its key, naming the call, the task, the turn and what was asked', async () => {
    const model = createScriptedModels(
      transcriptOf(exchange({ tool: 'auto', task: 'T1', turn: 0 }, textReply('hi'))),
      'run.json'
    ).model('claude-sonnet-4-6')

    const failure = model.complete(sessionRequest('T1', 3))

    await expect(failure).rejects.toBeInstanceOf(ModelError)
    await expect(failure).rejects.toThrow(
      /run\.json has no recorded reply for turn 3 of task T1 \(tool choice auto\) to claude-sonnet-4-6, which asked: "result 2"/
    )
  })

  it('replays a recorded failure as a failure', async () => {
    const model = createScriptedModels(
      transcriptOf({
        key: { tool: 'submit_plan', task: null, turn: 0 },
        model: 'm',
        asked: '',
        error: 'overloaded'
      })
    ).model('m')

    await expect(model.complete(planRequest())).rejects.toThrow('overloaded')
  })
})

describe('transcript files', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'agent-team-transcript-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('records every exchange, secrets redacted, in the layout the scripted model replays', async () => {
    const path = join(dir, 'run.json')
    const secret = 'sk-ant-secret-value-42'
    const recorder = createTranscriptRecorder({ path, secrets: [secret] })
    const real = fakeModel(
      [
        toolUseReply('submit_plan', { summary: `uses ${secret}` }),
        textReply('T1 looked'),
        textReply('T2 looked')
      ],
      'claude-sonnet-4-6'
    )
    const recorded = recorder.wrap(real)
    await recorded.complete(planRequest())
    await Promise.all([
      recorded.complete(sessionRequest('T1', 0)),
      recorded.complete(sessionRequest('T2', 0))
    ])
    await recorder.flush()

    const text = await readFile(path, 'utf8')
    expect(text).not.toContain(secret)
    expect(text).toContain('uses ***')
    const replay = (await loadScriptedModels(path)).model('claude-sonnet-4-6')
    expect(said(await replay.complete(sessionRequest('T2', 0)))).toBe('T2 looked')
    expect(said(await replay.complete(sessionRequest('T1', 0)))).toBe('T1 looked')
    const plan = await replay.complete(planRequest())
    expect(plan.content[0]).toMatchObject({
      type: 'tool_use',
      name: 'submit_plan',
      input: { summary: 'uses ***' }
    })
  })

  it('records a failed call, so that the replay fails the same way', async () => {
    const path = join(dir, 'run.json')
    const recorder = createTranscriptRecorder({ path, secrets: [] })
    const failing = recorder.wrap({
      id: 'm',
      complete: async () => {
        throw new ModelError('Anthropic API call failed: overloaded', 'overloaded', 5, 529)
      }
    })

    await expect(failing.complete(planRequest())).rejects.toThrow('overloaded')
    await recorder.flush()

    const replay = (await loadScriptedModels(path)).model('m')
    await expect(replay.complete(planRequest())).rejects.toThrow('Anthropic API call failed: overloaded')
  })

  it('refuses a file that is not a transcript, saying what is wrong and how to make one', async () => {
    expect(() => parseTranscript('{"version":1,"exchanges":[{"key":{}}]}', 'bad.json')).toThrow(
      /bad\.json is not an agent-team transcript[\s\S]*exchanges\.0[\s\S]*--record FILE/
    )
    expect(() => parseTranscript('not json', 'bad.json')).toThrow(/bad\.json is not JSON/)
    await writeFile(join(dir, 'x.json'), '[]')
    await expect(loadScriptedModels(join(dir, 'x.json'))).rejects.toThrow(/not an agent-team transcript/)
    await expect(loadScriptedModels(join(dir, 'missing.json'))).rejects.toThrow(
      /Cannot read the transcript .*missing\.json \(ENOENT\)/
    )
  })
})
