import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createAnthropicModel } from '../../../src/models/anthropic-model.js'
import { bedrockRoute, vertexRoute } from '../../../src/models/anthropic-routes.js'
import type { ModelRequest } from '../../../src/models/model.js'
import { ModelError } from '../../../src/models/model-error.js'
import {
  message,
  startFakeAnthropic,
  text,
  toolUse,
  type FakeAnthropic
} from '../../harness/fake-anthropic.js'
import { startFakeCloudClaude, type FakeCloudClaude } from '../../harness/fake-cloud-claude.js'

const AWS = {
  accessKeyId: 'AKIAFAKEEXAMPLE00001',
  secretAccessKey: 'fake/secret/access/key/0123456789abcdef',
  region: 'eu-west-1'
}
const GOOGLE = {
  projectId: 'widgets-prod',
  region: 'us-east5',
  oidcRequestToken: 'ghs-oidc-request-token-0123'
}
const BEDROCK_MODEL = 'eu.anthropic.claude-sonnet-4-6-v1:0'
const VERTEX_MODEL = 'claude-sonnet-4-6@20260115'

const hello: ModelRequest = {
  system: [{ type: 'text', text: 'You are terse.' }],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
  maxTokens: 64
}

/** The variables a runner has after the cloud's login step; restored after the tests. */
const CLOUD_ENV = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'GOOGLE_APPLICATION_CREDENTIALS'
]

describe('Claude on Amazon Bedrock and Vertex AI, against fakes of their endpoints', () => {
  let anthropic: FakeAnthropic
  let cloud: FakeCloudClaude
  let dir: string
  const saved = Object.fromEntries(CLOUD_ENV.map(name => [name, process.env[name]]))

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cloud-claude-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })
  beforeEach(async () => {
    anthropic = await startFakeAnthropic({ minCacheableTokens: 16 })
    cloud = await startFakeCloudClaude({ anthropicUrl: anthropic.url, aws: AWS, google: GOOGLE })
    for (const name of CLOUD_ENV) delete process.env[name]
  })
  afterEach(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
    await Promise.all([cloud.close(), anthropic.close()])
  })

  const bedrock = () =>
    createAnthropicModel({
      apiKey: '',
      model: BEDROCK_MODEL,
      retryBaseMs: 1,
      maxRetries: 1,
      route: timeoutMs => bedrockRoute({ region: AWS.region, baseURL: cloud.bedrockUrl, timeoutMs })
    })

  it('signs a Bedrock call with the AWS credentials of the environment; the fake checks the signature', async () => {
    process.env.AWS_ACCESS_KEY_ID = AWS.accessKeyId
    process.env.AWS_SECRET_ACCESS_KEY = AWS.secretAccessKey
    anthropic.enqueue(text('Hi from Bedrock'))

    const reply = await bedrock().complete(hello)

    expect(reply.content).toEqual([{ type: 'text', text: 'Hi from Bedrock' }])
    expect(cloud.calls.map(call => [call.route, call.status])).toEqual([['bedrock', 200]])
    expect((anthropic.requests[0]!.body as { model: string }).model).toBe(BEDROCK_MODEL)
    expect(anthropic.violations).toEqual([])
  })

  it('streams a long Bedrock reply through invoke-with-response-stream, in AWS event-stream frames', async () => {
    process.env.AWS_ACCESS_KEY_ID = AWS.accessKeyId
    process.env.AWS_SECRET_ACCESS_KEY = AWS.secretAccessKey
    anthropic.enqueue(
      message([text('A long answer, '), toolUse('write_file', { path: 'a.js', content: 'x' })])
    )
    const model = createAnthropicModel({
      apiKey: '',
      model: BEDROCK_MODEL,
      streamAboveTokens: 0,
      route: timeoutMs => bedrockRoute({ region: AWS.region, baseURL: cloud.bedrockUrl, timeoutMs })
    })

    const reply = await model.complete(hello)

    expect(reply.content).toEqual([
      { type: 'text', text: 'A long answer, ' },
      { type: 'tool_use', id: expect.any(String), name: 'write_file', input: { path: 'a.js', content: 'x' } }
    ])
    expect(reply.usage.outputTokens).toBeGreaterThan(0)
    expect(cloud.calls.map(call => [call.route, call.status, call.path.split('/').at(-1)])).toEqual([
      ['bedrock', 200, 'invoke-with-response-stream']
    ])
    expect(anthropic.violations).toEqual([])
  })

  it('refuses a Bedrock call signed with another secret, as AWS does, and says to check the AWS credentials', async () => {
    process.env.AWS_ACCESS_KEY_ID = AWS.accessKeyId
    process.env.AWS_SECRET_ACCESS_KEY = 'not/the/right/secret/0000000000000000'

    const failure = await bedrock()
      .complete(hello)
      .then(
        () => undefined as never,
        (error: unknown) => error as ModelError
      )

    expect(failure).toBeInstanceOf(ModelError)
    expect(failure.status).toBe(403)
    expect(failure.message).toMatch(
      /^Amazon Bedrock call for model eu\.anthropic\.claude-sonnet-4-6-v1:0 failed: 403/
    )
    expect(failure.message).toContain('Check the AWS credentials')
    expect(failure.message).not.toContain('not/the/right/secret')
    expect(anthropic.requests).toHaveLength(0)
  })

  /** Vertex AI with the credentials file google-github-actions/auth would write, named by the variable. */
  async function vertex(file: string, options: { streamAboveTokens?: number } = {}) {
    const credentials = join(dir, file)
    await writeFile(credentials, JSON.stringify(cloud.googleCredentials()))
    process.env.GOOGLE_APPLICATION_CREDENTIALS = credentials
    return createAnthropicModel({
      apiKey: '',
      model: VERTEX_MODEL,
      retryBaseMs: 1,
      maxRetries: 1,
      ...options,
      route: timeoutMs =>
        vertexRoute({
          region: GOOGLE.region,
          projectId: GOOGLE.projectId,
          baseURL: cloud.vertexUrl,
          timeoutMs
        })
    })
  }

  it('calls Vertex AI with a token from workload identity federation, as google-github-actions/auth sets it up', async () => {
    anthropic.enqueue(text('Hi from Vertex'), text('again'))
    const model = await vertex('gha-creds.json')

    const reply = await model.complete(hello)
    await model.complete(hello)

    expect(reply.content).toEqual([{ type: 'text', text: 'Hi from Vertex' }])
    // One token exchange, then the token is reused.
    expect(cloud.calls.map(call => `${call.route} ${call.status}`)).toEqual([
      'oidc 200',
      'sts 200',
      'vertex 200',
      'vertex 200'
    ])
    expect((anthropic.requests[0]!.body as { model: string }).model).toBe(VERTEX_MODEL)
    expect(anthropic.violations).toEqual([])
  })

  it('exchanges the credentials once for calls that start together (a wave of first replies)', async () => {
    anthropic.enqueue(text('one'), text('two'), text('three'))
    const model = await vertex('gha-creds-together.json')

    await Promise.all([model.complete(hello), model.complete(hello), model.complete(hello)])

    expect(cloud.calls.filter(call => call.route === 'sts')).toHaveLength(1)
    expect(cloud.calls.filter(call => call.route === 'vertex')).toHaveLength(3)
  })

  it('streams a long Vertex reply through streamRawPredict', async () => {
    anthropic.enqueue(text('a long answer'))
    const model = await vertex('gha-creds-stream.json', { streamAboveTokens: 0 })

    const reply = await model.complete(hello)

    expect(reply.content).toEqual([{ type: 'text', text: 'a long answer' }])
    expect(cloud.calls.find(call => call.route === 'vertex')?.path).toMatch(/:streamRawPredict$/)
  })
})
