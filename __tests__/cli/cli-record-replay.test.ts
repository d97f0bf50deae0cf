import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseTranscript } from '../../src/models/transcript.js'
import { startFakeAnthropic, type FakeAnthropic } from '../harness/fake-anthropic.js'
import { startFakeOpenAI } from '../harness/fake-openai.js'
import type { TempRepo } from '../harness/git-repo.js'
import { sampleRepo } from '../harness/sample-project.js'
import {
  GREETING_WORK,
  isPlanCall,
  planReply,
  fourTaskPlan,
  scriptedAgent
} from '../harness/scripted-team.js'
import { branches, cliEnv, runBuiltCli } from './cli-harness.js'

const API_KEY = 'sk-ant-test-key-0123456789'
const OPENAI_KEY = 'sk-proj-test-key-0123456789'

/**
 * A run recorded against the (fake) Anthropic API with --record replays with --model scripted:FILE and no
 * API at all, to the same result: the transcript is enough to reproduce a run, e.g. as a test fixture.
 */
describe('agent-team --record, then --model scripted: (dist/cli/index.js)', () => {
  let anthropic: FakeAnthropic
  let recorded: TempRepo
  let replayed: TempRepo

  beforeEach(async () => {
    // Latency makes the parallel tasks' calls interleave, as they do against the real API.
    anthropic = await startFakeAnthropic({ minCacheableTokens: 16, latencyMs: 100, apiKey: API_KEY })
    const agent = scriptedAgent(GREETING_WORK)
    anthropic.setHandler(request => (isPlanCall(request) ? planReply(fourTaskPlan()) : agent(request)))
    recorded = await sampleRepo()
    replayed = await sampleRepo()
  })
  afterEach(async () => {
    await Promise.all([anthropic.close(), recorded.cleanup(), replayed.cleanup()])
  })

  async function featureTree(repo: TempRepo): Promise<string> {
    const feature = (await branches(repo.work)).find(name =>
      /^agent-team\/req-.*-greeting-banner$/.test(name)
    )
    return repo.git(repo.work, 'rev-parse', `${feature}^{tree}`)
  }

  it('records every exchange without the API key, and the replay builds the same tree offline', async () => {
    const file = join(recorded.root, 'greeting.transcript.json')
    const first = await runBuiltCli(['run', 'Greeting banner', '--record', file], {
      cwd: recorded.work,
      env: cliEnv(recorded.root, { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: anthropic.url })
    })
    expect(first.stderr).not.toMatch(/warning|error/)
    expect(first.code).toBe(0)

    const text = await readFile(file, 'utf8')
    expect(text).not.toContain(API_KEY)
    const transcript = parseTranscript(text, file)
    expect(transcript.exchanges).toHaveLength(anthropic.requests.length)
    expect(transcript.exchanges[0]!.key).toEqual({ tool: 'submit_plan', task: null, turn: 0 })
    // T1 and T2 ran side by side: their calls are interleaved in the recording.
    const order = transcript.exchanges.map(exchange => exchange.key.task)
    expect(order.indexOf('T2')).toBeLessThan(order.lastIndexOf('T1'))
    await anthropic.close()

    const second = await runBuiltCli(['run', 'Greeting banner', '--model', `scripted:${file}`], {
      cwd: replayed.work,
      env: cliEnv(replayed.root)
    })

    expect(second.stderr).not.toMatch(/warning|error/)
    expect(second.code).toBe(0)
    expect(await featureTree(replayed)).toBe(await featureTree(recorded))
    // Same calls, same token counts: the summary's heading is the same line.
    expect(second.stdout.split('\n')[0]).toBe(first.stdout.split('\n')[0])
  })

  it('records a mixed team, manager on Anthropic and agents on OpenAI, and the replay builds the same tree', async () => {
    const config = {
      '.ai-agents/config.yml': [
        'agents:',
        '  backend-dev: { base: backend, model: { provider: openai, model_name: gpt-5 } }',
        '  frontend-dev: { base: frontend, model: { provider: openai, model_name: gpt-5-mini } }',
        '  qa-tester: { base: qa, model: { provider: openai, model_name: gpt-5 } }',
        ''
      ].join('\n')
    }
    const mixedRecorded = await sampleRepo(config)
    const mixedReplayed = await sampleRepo(config)
    const openai = await startFakeOpenAI({ apiKey: OPENAI_KEY, minCacheableTokens: 16 })
    const agent = scriptedAgent(GREETING_WORK)
    openai.setHandler(request => agent(request))
    try {
      const file = join(mixedRecorded.root, 'mixed.transcript.json')
      const first = await runBuiltCli(['run', 'Greeting banner', '--record', file], {
        cwd: mixedRecorded.work,
        env: cliEnv(mixedRecorded.root, {
          ANTHROPIC_API_KEY: API_KEY,
          ANTHROPIC_BASE_URL: anthropic.url,
          OPENAI_API_KEY: OPENAI_KEY,
          OPENAI_BASE_URL: openai.url
        })
      })
      expect(first.stderr).not.toMatch(/warning|error/)
      expect(first.code).toBe(0)

      const text = await readFile(file, 'utf8')
      expect(text).not.toContain(API_KEY)
      expect(text).not.toContain(OPENAI_KEY)
      const transcript = parseTranscript(text, file)
      // Every exchange of both providers, each under its own model.
      expect(transcript.exchanges).toHaveLength(anthropic.requests.length + openai.requests.length)
      expect(new Set(transcript.exchanges.map(exchange => exchange.model))).toEqual(
        new Set(['claude-sonnet-4-6', 'gpt-5', 'gpt-5-mini'])
      )
      await Promise.all([anthropic.close(), openai.close()])

      const second = await runBuiltCli(['run', 'Greeting banner', '--model', `scripted:${file}`], {
        cwd: mixedReplayed.work,
        env: cliEnv(mixedReplayed.root)
      })

      expect(second.stderr).not.toMatch(/warning|error/)
      expect(second.code).toBe(0)
      expect(await featureTree(mixedReplayed)).toBe(await featureTree(mixedRecorded))
      expect(second.stdout.split('\n')[0]).toBe(first.stdout.split('\n')[0])
    } finally {
      await Promise.all([openai.close(), mixedRecorded.cleanup(), mixedReplayed.cleanup()])
    }
  })
})
