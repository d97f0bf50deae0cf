import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FEATURE_BRANCH, GREETING_ISSUE, STATE_FILE, useE2e } from '../harness/e2e-fixture.js'
import { runGit } from '../harness/git-repo.js'
import { branchFiles } from '../harness/sample-project.js'
import { startFakeOpenAI, type FakeOpenAI } from '../harness/fake-openai.js'
import { startFakeCloudClaude, type FakeCloudClaude } from '../harness/fake-cloud-claude.js'
import {
  fourTaskPlan,
  GREETING_WORK,
  isPlanCall,
  planReply,
  scriptedAgent,
  taskIdOf
} from '../harness/scripted-team.js'
import { text } from '../harness/fake-anthropic.js'

const OPENAI_KEY = 'sk-proj-mixed-team-key-0123456789'

const AGENTS_ON_OPENAI = [
  'agents:',
  '  backend-dev:',
  '    base: backend',
  '    model: { provider: openai, model_name: gpt-5 }',
  '  frontend-dev:',
  '    base: frontend',
  '    model: { provider: openai, model_name: gpt-5-mini }',
  '  qa-tester:',
  '    base: qa',
  '    model: { provider: openai, model_name: gpt-5 }',
  ''
].join('\n')

const MANAGER_ON_OPENAI = [
  'agents:',
  '  manager:',
  '    base: manager',
  '    model: { provider: openai, model_name: gpt-5 }',
  '  backend-dev:',
  '    base: backend',
  '  frontend-dev:',
  '    base: frontend',
  '  qa-tester:',
  '    base: qa',
  ''
].join('\n')

interface StoredTask {
  id: string
  model?: string
  usage?: { cost_usd: number; input_tokens: number; cache_read_input_tokens: number }
}

/**
 * One team, two providers: the manager on one API and the agents on the other, through the built action.
 * The same scripted team answers on both fakes (the OpenAI fake hands its handler the request in the
 * Messages shape), so each request can be told apart and must reach the provider its role names.
 */
describe.each([
  ['the manager on Anthropic, the agents on OpenAI', AGENTS_ON_OPENAI, 'agents'],
  ['the manager on OpenAI, the agents on Anthropic', MANAGER_ON_OPENAI, 'manager']
] as const)('a mixed team: %s (dist/index.js)', (_name, config, onOpenAI) => {
  const e2e = useE2e({ files: { '.ai-agents/config.yml': config } })
  let openai: FakeOpenAI

  beforeEach(async () => {
    openai = await startFakeOpenAI({ apiKey: OPENAI_KEY, minCacheableTokens: 16 })
  })
  afterEach(() => openai.close())

  it('builds the feature, each call on its role’s provider, with usage and cost per task and per provider', async () => {
    const agent = scriptedAgent(GREETING_WORK)
    const answer = (provider: 'anthropic' | 'openai') => (request: Parameters<typeof agent>[0]) => {
      const planCall = isPlanCall(request)
      // A call on the wrong provider gets an answer that ends the task, and the test below names it.
      const expected = planCall === (onOpenAI === 'manager') ? 'openai' : 'anthropic'
      if (provider !== expected) return text(`wrong provider: ${provider} for ${taskIdOf(request) ?? 'plan'}`)
      return planCall ? planReply(fourTaskPlan()) : agent(request)
    }
    e2e.anthropic.setHandler(answer('anthropic'))
    openai.setHandler(answer('openai'))
    const issue = e2e.github.addIssue(GREETING_ISSUE)

    const result = await e2e.label(issue, {
      inputs: { openai_api_key: OPENAI_KEY },
      env: { OPENAI_BASE_URL: openai.url }
    })

    expect([
      result.outputs.status,
      result.outputs.status === 'done' ? '' : result.stdout.slice(-3000)
    ]).toEqual(['done', ''])
    expect(await branchFiles(e2e.repo.origin, FEATURE_BRANCH)).toEqual(
      expect.arrayContaining([
        'src/greet.js',
        'src/banner.js',
        'src/greeting-banner.js',
        'test/greeting-banner.test.js'
      ])
    )
    const anthropicPlans = e2e.anthropic.requests.filter(r => r.body && isPlanCall(r.body as never)).length
    if (onOpenAI === 'agents') {
      expect(anthropicPlans).toBe(1)
      expect(e2e.anthropic.requests).toHaveLength(1)
      expect(openai.requests.length).toBeGreaterThanOrEqual(4 * 3)
    } else {
      expect(anthropicPlans).toBe(0)
      expect(openai.requests).toHaveLength(1)
      expect(e2e.anthropic.requests.length).toBeGreaterThanOrEqual(4 * 3)
    }
    expect(openai.violations).toEqual([])
    expect(e2e.anthropic.violations).toEqual([])
    // The key went to OpenAI only, and nowhere in the log but the runner's order to mask it.
    expect(openai.requests.every(r => r.headers.authorization === `Bearer ${OPENAI_KEY}`)).toBe(true)
    const lines = result.stdout.split('\n').filter(line => line.includes(OPENAI_KEY))
    expect(lines).toEqual([`::add-mask::${OPENAI_KEY}`])

    // Each task's record names its provider and model, with what it spent, priced from that provider's table.
    const state = JSON.parse(await runGit(e2e.repo.origin, 'show', STATE_FILE)) as { tasks: StoredTask[] }
    for (const task of state.tasks) {
      expect(task.model).toMatch(onOpenAI === 'agents' ? /^openai:gpt-5/ : /^anthropic:claude-/)
      expect(task.usage?.cost_usd).toBeGreaterThan(0)
    }
    if (onOpenAI === 'agents') {
      // OpenAI's cached prefix is counted as cache reads: a session's later turns read the earlier ones.
      expect(state.tasks.some(task => (task.usage?.cache_read_input_tokens ?? 0) > 0)).toBe(true)
    }
    const pull = e2e.github.pulls()[0]!
    const progress = e2e.github.comments(pull.number).find(c => c.body.includes('agent-team:progress'))!
    expect(progress.body).toContain(onOpenAI === 'agents' ? 'openai:gpt-5' : 'anthropic:claude-')
    expect(progress.body).toMatch(/OpenAI \$\d/)
    expect(progress.body).toMatch(/Anthropic \$\d/)
  })
})

const AWS = {
  accessKeyId: 'AKIAFAKEEXAMPLE00002',
  secretAccessKey: 'fake/runner/secret/key/0123456789abcdefgh',
  region: 'us-west-2'
}
const GOOGLE = {
  projectId: 'widgets-ci',
  region: 'us-east5',
  oidcRequestToken: 'oidc-request-token-for-tests-01'
}

const FOUR_PROVIDERS = [
  'agents:',
  '  backend-dev:',
  '    base: backend',
  '    model: { provider: bedrock, model_name: us.anthropic.claude-sonnet-4-6-v1:0 }',
  '  frontend-dev:',
  '    base: frontend',
  '    model: { provider: vertex, model_name: claude-haiku-4-5@20251001 }',
  '  qa-tester:',
  '    base: qa',
  '    model: { provider: openai, model_name: gpt-5-mini }',
  ''
].join('\n')

/**
 * Claude through the clouds: the backend role on Bedrock (requests signed with the AWS keys the runner's
 * environment holds, as aws-actions/configure-aws-credentials leaves them), the frontend role on Vertex AI
 * (a token from workload identity federation, as google-github-actions/auth sets it up), QA on OpenAI, and
 * the manager on Anthropic's own API: four providers in one run.
 */
describe('a team on four providers: Anthropic, Bedrock, Vertex AI and OpenAI (dist/index.js)', () => {
  const e2e = useE2e({ files: { '.ai-agents/config.yml': FOUR_PROVIDERS } })
  let openai: FakeOpenAI
  let cloud: FakeCloudClaude
  let credentialsDir: string

  beforeEach(async () => {
    openai = await startFakeOpenAI({ apiKey: OPENAI_KEY, minCacheableTokens: 16 })
    cloud = await startFakeCloudClaude({ anthropicUrl: e2e.anthropic.url, aws: AWS, google: GOOGLE })
    credentialsDir = await mkdtemp(join(tmpdir(), 'gha-creds-'))
  })
  afterEach(async () => {
    await Promise.all([openai.close(), cloud.close(), rm(credentialsDir, { recursive: true, force: true })])
  })

  it('builds the feature with each role on its provider, signed and federated requests accepted', async () => {
    const credentials = join(credentialsDir, 'gha-creds-1234.json')
    await writeFile(credentials, JSON.stringify(cloud.googleCredentials()))
    const agent = scriptedAgent(GREETING_WORK)
    const routeOf = (index: number) => String(e2e.anthropic.requests[index]?.headers['x-api-key'])
    const seen: Record<string, Set<string>> = {}
    e2e.anthropic.setHandler((request, index) => {
      const route = routeOf(index).endsWith('-forwarded')
        ? routeOf(index).replace('-forwarded', '')
        : 'anthropic'
      ;(seen[route] ??= new Set()).add(isPlanCall(request) ? 'plan' : (taskIdOf(request) ?? '?'))
      return isPlanCall(request) ? planReply(fourTaskPlan()) : agent(request)
    })
    openai.setHandler(request => {
      ;(seen.openai ??= new Set()).add(taskIdOf(request) ?? '?')
      return agent(request)
    })
    const issue = e2e.github.addIssue(GREETING_ISSUE)

    const result = await e2e.label(issue, {
      inputs: { openai_api_key: OPENAI_KEY },
      env: {
        OPENAI_BASE_URL: openai.url,
        AWS_ACCESS_KEY_ID: AWS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: AWS.secretAccessKey,
        AWS_REGION: AWS.region,
        ANTHROPIC_BEDROCK_BASE_URL: cloud.bedrockUrl,
        GOOGLE_APPLICATION_CREDENTIALS: credentials,
        CLOUD_ML_REGION: GOOGLE.region,
        GOOGLE_CLOUD_PROJECT: GOOGLE.projectId,
        ANTHROPIC_VERTEX_BASE_URL: cloud.vertexUrl
      }
    })

    expect([
      result.outputs.status,
      result.outputs.status === 'done' ? '' : result.stdout.slice(-3000)
    ]).toEqual(['done', ''])
    expect(Object.fromEntries(Object.entries(seen).map(([route, ids]) => [route, [...ids].sort()]))).toEqual({
      anthropic: ['plan'],
      bedrock: ['T1', 'T3'],
      vertex: ['T2'],
      openai: ['QA']
    })
    expect(cloud.calls.filter(call => call.status !== 200)).toEqual([])
    expect(cloud.calls.filter(call => call.route === 'sts')).toHaveLength(1)
    expect(e2e.anthropic.violations).toEqual([])
    expect(openai.violations).toEqual([])
    expect(result.stdout).not.toContain(AWS.secretAccessKey)
    const state = JSON.parse(await runGit(e2e.repo.origin, 'show', STATE_FILE)) as {
      tasks: StoredTask[]
      cost_by_provider: Record<string, number>
    }
    expect(Object.fromEntries(state.tasks.map(task => [task.id, task.model]))).toEqual({
      T1: 'bedrock:us.anthropic.claude-sonnet-4-6-v1:0',
      T2: 'vertex:claude-haiku-4-5@20251001',
      T3: 'bedrock:us.anthropic.claude-sonnet-4-6-v1:0',
      QA: 'openai:gpt-5-mini'
    })
    expect(Object.keys(state.cost_by_provider).sort()).toEqual(['anthropic', 'bedrock', 'openai', 'vertex'])
  })
})
