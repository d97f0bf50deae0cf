import type { ModelProvider, RoleConfig } from '../config/team-config.js'
import { unsupportedProvider } from '../config/provider-support.js'
import { createAnthropicModel } from '../models/anthropic-model.js'
import type { Model } from '../models/model.js'
import { createOpenAIModel } from '../models/openai-model.js'
import { createRateGate, type RateGate } from '../models/rate-gate.js'
import { AgentTeamError } from '../util/errors.js'
import type { Logger } from '../util/logger.js'

/** The providers a run can call over the network. */
export type ApiProvider = Extract<ModelProvider, 'anthropic' | 'openai'>

/** What it takes to call one provider: its key, and where its API is (empty: the public one). */
export interface ProviderAccess {
  apiKey?: string
  baseURL?: string
}

/** How the person running us gives a provider its key: an action input, or an environment variable. */
export interface KeySource {
  /** Where the key goes, for the message: `input openai_api_key`, `OPENAI_API_KEY`. */
  name: string
  /** How to set it, one sentence. */
  howTo: string
}

const PROVIDER_NAMES: Record<ApiProvider, string> = { anthropic: 'Anthropic', openai: 'OpenAI' }

/**
 * Each role's model, by the provider its configuration names: Anthropic's Messages API or OpenAI's Chat
 * Completions, side by side in one team (the manager on one, the agents on another). One rate gate per
 * provider, shared by all of that provider's sessions, so a 429 holds them back together. A role whose
 * provider has no key fails at once, naming the role, its model, and the input or variable to set; the run
 * asks for every role's model before it plans, so this costs nothing.
 */
export function roleModels(options: {
  access: Record<ApiProvider, ProviderAccess>
  keys: Record<ApiProvider, KeySource>
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
  return role => {
    const provider = role.model.provider
    if (provider !== 'anthropic' && provider !== 'openai') throw unsupportedProvider(role, options.override)
    const access = options.access[provider]
    const apiKey = access.apiKey?.trim()
    if (!apiKey) {
      const key = options.keys[provider]
      throw new AgentTeamError(
        `Role "${role.name}" uses ${PROVIDER_NAMES[provider]}'s ${role.model.modelName}, and ${key.name} is empty. ${key.howTo}`
      )
    }
    const common = {
      apiKey,
      model: role.model.modelName,
      baseURL: access.baseURL || undefined,
      logger: options.logger,
      rateGate: gateOf(provider),
      retryBaseMs: options.retryBaseMs
    }
    return provider === 'openai' ? createOpenAIModel(common) : createAnthropicModel(common)
  }
}
