import { PROVIDER_NAMES, type ModelProvider, type RoleConfig } from '../config/team-config.js'
import { unsupportedProvider } from '../config/provider-support.js'
import { createAnthropicModel } from '../models/anthropic-model.js'
import { bedrockRoute, vertexRoute } from '../models/anthropic-routes.js'
import type { Model } from '../models/model.js'
import type { OpenAIModelOptions } from '../models/openai-model.js'
import { createRateGate, type RateGate } from '../models/rate-gate.js'
import { AgentTeamError } from '../util/errors.js'
import type { Logger } from '../util/logger.js'

/** The providers a run can call over the network. */
export type ApiProvider = Exclude<ModelProvider, 'scripted'>

/** What it takes to call Anthropic or OpenAI: a key, and where the API is (empty: the public one). */
export interface ProviderAccess {
  apiKey?: string
  baseURL?: string
}

/** What it takes to call Claude in a cloud, read from the environment the cloud's login step leaves. */
export interface CloudAccess {
  bedrock: { region?: string; baseURL?: string; credentials?: string }
  vertex: { region?: string; projectId?: string; baseURL?: string; credentials?: string }
}

/** How the person running us gives a provider its key: an action input, or an environment variable. */
export interface KeySource {
  /** Where the key goes, for the message: `input openai_api_key`, `OPENAI_API_KEY`. */
  name: string
  /** How to set it, one sentence. */
  howTo: string
}

/**
 * Bedrock and Vertex as the environment sets them up: the variables aws-actions/configure-aws-credentials
 * and google-github-actions/auth export (or a profile, a container role, a credentials file). `credentials`
 * names what was found, so a run with none fails before it spends anything.
 */
export function cloudAccessFrom(env: NodeJS.ProcessEnv): CloudAccess {
  const set = (name: string): string | undefined => (env[name]?.trim() ? name : undefined)
  return {
    bedrock: {
      region: env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || undefined,
      baseURL: env.ANTHROPIC_BEDROCK_BASE_URL?.trim() || undefined,
      credentials:
        set('AWS_BEARER_TOKEN_BEDROCK') ??
        (set('AWS_ACCESS_KEY_ID') && set('AWS_SECRET_ACCESS_KEY')) ??
        set('AWS_WEB_IDENTITY_TOKEN_FILE') ??
        set('AWS_PROFILE') ??
        set('AWS_CONTAINER_CREDENTIALS_FULL_URI') ??
        set('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI')
    },
    vertex: {
      region: env.CLOUD_ML_REGION?.trim() || undefined,
      projectId:
        env.ANTHROPIC_VERTEX_PROJECT_ID?.trim() ||
        env.GOOGLE_CLOUD_PROJECT?.trim() ||
        env.CLOUDSDK_CORE_PROJECT?.trim() ||
        undefined,
      baseURL: env.ANTHROPIC_VERTEX_BASE_URL?.trim() || undefined,
      credentials: set('GOOGLE_APPLICATION_CREDENTIALS')
    }
  }
}

/**
 * Each role's model, by the provider its configuration names: Anthropic's API, OpenAI's Chat Completions,
 * or Claude on Bedrock or Vertex AI, side by side in one team (the manager on one, the agents on another).
 * One rate gate per provider, shared by all of that provider's sessions, so a 429 holds them back together.
 * A role whose provider lacks what it needs fails at once, naming the role, its model, and what to set; the
 * run asks for every role's model before it plans, so this costs nothing.
 */
export function roleModels(options: {
  access: Record<'anthropic' | 'openai', ProviderAccess>
  keys: Record<'anthropic' | 'openai', KeySource>
  cloud: CloudAccess
  /** The input or flag that sets every role's model, for the refusal of a provider we cannot call. */
  override: string
  logger: Logger
  retryBaseMs?: number
}): (role: RoleConfig) => Model {
  const gates = new Map<ApiProvider, RateGate>()
  const gateOf = (provider: ApiProvider): RateGate => {
    let gate = gates.get(provider)
    if (!gate) gates.set(provider, (gate = createRateGate()))
    return gate
  }
  // One model per provider and model name for the whole run: its client, connections and cloud token serve
  // every session (and the first replies asked ahead), instead of a token exchange per session.
  const models = new Map<string, Model>()
  return role => {
    const key = `${role.model.provider}:${role.model.modelName}`
    let model = models.get(key)
    if (!model) models.set(key, (model = modelOf(role)))
    return model
  }

  function modelOf(role: RoleConfig): Model {
    const provider = role.model.provider
    if (provider === 'scripted') throw unsupportedProvider(role, options.override)
    const missing = (what: string): AgentTeamError =>
      new AgentTeamError(
        `Role "${role.name}" uses ${PROVIDER_NAMES[provider]}'s ${role.model.modelName}, and ${what}`
      )
    const common = {
      model: role.model.modelName,
      logger: options.logger,
      rateGate: gateOf(provider),
      retryBaseMs: options.retryBaseMs
    }
    if (provider === 'bedrock') {
      const { region, baseURL, credentials } = options.cloud.bedrock
      if (!region) throw missing(BEDROCK_REGION)
      if (!credentials) throw missing(BEDROCK_CREDENTIALS)
      return createAnthropicModel({
        ...common,
        apiKey: '',
        route: timeoutMs => bedrockRoute({ region, baseURL, timeoutMs })
      })
    }
    if (provider === 'vertex') {
      const { region, projectId, baseURL, credentials } = options.cloud.vertex
      if (!region) throw missing(VERTEX_REGION)
      if (!projectId) throw missing(VERTEX_PROJECT)
      if (!credentials) throw missing(VERTEX_CREDENTIALS)
      return createAnthropicModel({
        ...common,
        apiKey: '',
        route: timeoutMs => vertexRoute({ region, projectId, baseURL, timeoutMs })
      })
    }
    const access = options.access[provider]
    const apiKey = access.apiKey?.trim()
    if (!apiKey) {
      const key = options.keys[provider]
      throw missing(`${key.name} is empty. ${key.howTo}`)
    }
    const direct = { ...common, apiKey, baseURL: access.baseURL || undefined }
    return provider === 'openai' ? openAIModelOnFirstCall(direct) : createAnthropicModel(direct)
  }
}

/**
 * An OpenAI model whose SDK is loaded on its first call: a run whose roles all use Claude never loads it,
 * and every run starts without it (it is a tenth of what the engine loads before its first model call).
 */
function openAIModelOnFirstCall(options: OpenAIModelOptions): Model {
  let made: Promise<Model> | undefined
  return {
    id: options.model,
    provider: 'openai',
    async complete(request) {
      made ??= import('../models/openai-model.js').then(loaded => loaded.createOpenAIModel(options))
      return (await made).complete(request)
    }
  }
}

const BEDROCK_REGION =
  'AWS_REGION is not set. Run aws-actions/configure-aws-credentials (with aws-region) before agent-team, or set AWS_REGION.'
const BEDROCK_CREDENTIALS =
  'no AWS credentials were found (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_WEB_IDENTITY_TOKEN_FILE, ' +
  'AWS_PROFILE, a container role, or a Bedrock API key in AWS_BEARER_TOKEN_BEDROCK). Run ' +
  'aws-actions/configure-aws-credentials before agent-team, with permissions: id-token: write for OIDC.'
const VERTEX_REGION =
  'CLOUD_ML_REGION is not set. Set it to the Vertex AI region of the model (for example us-east5, or global).'
const VERTEX_PROJECT =
  'no Google Cloud project is set. Set ANTHROPIC_VERTEX_PROJECT_ID (google-github-actions/auth exports ' +
  'GOOGLE_CLOUD_PROJECT, which serves too).'
const VERTEX_CREDENTIALS =
  'GOOGLE_APPLICATION_CREDENTIALS is not set. Run google-github-actions/auth before agent-team (it writes ' +
  'the credentials file and sets the variable), with permissions: id-token: write for workload identity federation.'
