import { AgentTeamError } from '../util/errors.js'
import { PROVIDERS, type ModelProvider } from './team-config.js'

/**
 * The provider a bare model name belongs to: OpenAI's ids start with `gpt-`, `chatgpt-` or `o` and a digit;
 * Bedrock's name Anthropic as the vendor (`anthropic.claude-…`, or an inference profile `us.anthropic.claude-…`);
 * every other name is taken as Anthropic's own API's. Vertex ids look like the API's, so Vertex is always named.
 */
export function guessProvider(modelName: string): ModelProvider {
  if (/^(gpt-|chatgpt-|o\d)/i.test(modelName)) return 'openai'
  if (/^([a-z]{2,6}\.)?anthropic\./i.test(modelName)) return 'bedrock'
  return 'anthropic'
}

/** A model chosen for every role at once: `provider:model`, or a bare model name. */
export interface ModelChoice {
  /** Named, or recognised from the name (OpenAI's ids); undefined: each role keeps its own. */
  provider?: ModelProvider
  modelName: string
}

/**
 * Reads the `model` input or `--model` flag: `openai:gpt-5`, `anthropic:claude-sonnet-4-6`, or a bare name. A
 * prefix that is not a provider is refused, naming `where` (the input or flag), before anything runs. Only a
 * word of letters is read as a prefix: a Bedrock id has a colon of its own (`us.anthropic.claude-…-v1:0`).
 */
export function parseModelChoice(text: string, where: string): ModelChoice {
  const value = text.trim()
  const colon = value.indexOf(':')
  if (colon < 0 || !/^[A-Za-z]+$/.test(value.slice(0, colon).trim())) {
    const guessed = guessProvider(value)
    return guessed === 'anthropic' ? { modelName: value } : { provider: guessed, modelName: value }
  }
  const provider = value.slice(0, colon).trim().toLowerCase()
  const modelName = value.slice(colon + 1).trim()
  if (!(PROVIDERS as readonly string[]).includes(provider) || modelName === '') {
    throw new AgentTeamError(
      `${where} is "${value}": expected a model name, or a provider and a model name such as ` +
        `openai:gpt-5 (providers: ${PROVIDERS.join(', ')}).`
    )
  }
  return { provider: provider as ModelProvider, modelName }
}
