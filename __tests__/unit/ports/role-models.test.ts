import { describe, expect, it } from '@jest/globals'
import type { RoleConfig } from '../../../src/config/team-config.js'
import { cloudAccessFrom, roleModels, type CloudAccess } from '../../../src/ports/role-models.js'
import { silentLogger } from '../../../src/util/logger.js'

function role(name: string, provider: RoleConfig['model']['provider'], modelName: string): RoleConfig {
  return { name, model: { provider, modelName } } as RoleConfig
}

const KEYS = {
  anthropic: { name: 'input anthropic_api_key', howTo: 'Pass it.' },
  openai: { name: 'input openai_api_key', howTo: 'Pass it too.' }
}

const modelsWith = (cloud: CloudAccess, access = { anthropic: { apiKey: 'sk-ant-x' }, openai: {} }) =>
  roleModels({ access, keys: KEYS, cloud, override: 'the model input', logger: silentLogger })

describe('roleModels', () => {
  it('gives each role a model of its own provider, and says whose API it calls', () => {
    const modelFor = modelsWith(
      cloudAccessFrom({
        AWS_REGION: 'eu-west-1',
        AWS_WEB_IDENTITY_TOKEN_FILE: '/tmp/token',
        CLOUD_ML_REGION: 'us-east5',
        GOOGLE_CLOUD_PROJECT: 'widgets',
        GOOGLE_APPLICATION_CREDENTIALS: '/tmp/creds.json'
      }),
      { anthropic: { apiKey: 'sk-ant-x' }, openai: { apiKey: 'sk-proj-y' } }
    )

    const models = [
      modelFor(role('manager', 'anthropic', 'claude-sonnet-4-6')),
      modelFor(role('backend-dev', 'openai', 'gpt-5')),
      modelFor(role('frontend-dev', 'bedrock', 'eu.anthropic.claude-haiku-4-5-v1:0')),
      modelFor(role('qa-tester', 'vertex', 'claude-sonnet-4-6@20260115'))
    ]

    expect(models.map(model => [model.provider, model.id])).toEqual([
      ['anthropic', 'claude-sonnet-4-6'],
      ['openai', 'gpt-5'],
      ['bedrock', 'eu.anthropic.claude-haiku-4-5-v1:0'],
      ['vertex', 'claude-sonnet-4-6@20260115']
    ])
  })

  it('makes one model per provider and model name for the run: one client and one cloud token for all sessions', () => {
    const modelFor = modelsWith(
      cloudAccessFrom({
        CLOUD_ML_REGION: 'us-east5',
        GOOGLE_CLOUD_PROJECT: 'widgets',
        GOOGLE_APPLICATION_CREDENTIALS: '/tmp/creds.json'
      })
    )
    const backend = role('backend-dev', 'vertex', 'claude-sonnet-4-6@20260115')

    expect(modelFor(backend)).toBe(modelFor(backend))
    expect(modelFor(role('frontend-dev', 'vertex', 'claude-sonnet-4-6@20260115'))).toBe(modelFor(backend))
    expect(modelFor(role('manager', 'anthropic', 'claude-sonnet-4-6'))).not.toBe(modelFor(backend))
  })

  it('refuses a role whose provider has no key, naming the role, the model and the input', () => {
    const modelFor = modelsWith(cloudAccessFrom({}))

    expect(() => modelFor(role('backend-dev', 'openai', 'gpt-5'))).toThrow(
      `Role "backend-dev" uses OpenAI's gpt-5, and input openai_api_key is empty. Pass it too.`
    )
  })

  it('refuses Bedrock without a region or without credentials, saying which step sets them', () => {
    const bedrock = role('backend-dev', 'bedrock', 'us.anthropic.claude-sonnet-4-6-v1:0')

    expect(() =>
      modelsWith(cloudAccessFrom({ AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 's' }))(bedrock)
    ).toThrow(
      /^Role "backend-dev" uses Amazon Bedrock's us\.anthropic\.claude-sonnet-4-6-v1:0, and AWS_REGION is not set\. Run aws-actions\/configure-aws-credentials/
    )
    // A key id without its secret is no credential.
    expect(() =>
      modelsWith(cloudAccessFrom({ AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIA' }))(bedrock)
    ).toThrow(/and no AWS credentials were found .*permissions: id-token: write for OIDC\.$/)
    for (const env of [
      { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 's' },
      { AWS_DEFAULT_REGION: 'us-east-1', AWS_BEARER_TOKEN_BEDROCK: 'bedrock-key' },
      { AWS_REGION: 'us-east-1', AWS_PROFILE: 'ci' }
    ]) {
      expect(modelsWith(cloudAccessFrom(env))(bedrock).provider).toBe('bedrock')
    }
  })

  it('refuses Vertex AI without a region, a project or credentials, one at a time', () => {
    const vertex = role('manager', 'vertex', 'claude-opus-4-5@20251101')
    const full = {
      CLOUD_ML_REGION: 'global',
      ANTHROPIC_VERTEX_PROJECT_ID: 'widgets',
      GOOGLE_APPLICATION_CREDENTIALS: '/tmp/creds.json'
    }
    const without = (name: keyof typeof full) => cloudAccessFrom({ ...full, [name]: '' })

    expect(() => modelsWith(without('CLOUD_ML_REGION'))(vertex)).toThrow(/and CLOUD_ML_REGION is not set/)
    expect(() => modelsWith(without('ANTHROPIC_VERTEX_PROJECT_ID'))(vertex)).toThrow(
      /and no Google Cloud project is set\. Set ANTHROPIC_VERTEX_PROJECT_ID/
    )
    expect(() => modelsWith(without('GOOGLE_APPLICATION_CREDENTIALS'))(vertex)).toThrow(
      /and GOOGLE_APPLICATION_CREDENTIALS is not set\. Run google-github-actions\/auth/
    )
    expect(modelsWith(cloudAccessFrom(full))(vertex).provider).toBe('vertex')
  })

  it('refuses the scripted provider, which only the command line replays', () => {
    expect(() => modelsWith(cloudAccessFrom({}))(role('qa-tester', 'scripted', 'replay'))).toThrow(
      /^Role "qa-tester" asks for scripted's replay, .* with the model input/
    )
  })
})
