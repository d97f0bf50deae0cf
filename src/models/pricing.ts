import type { Usage } from './model.js'

/** Prices in USD per million tokens. */
export interface Rates {
  input: number
  output: number
  /** Writing the prompt cache with the default 5-minute lifetime. */
  cacheWrite: number
  cacheRead: number
}

/** A model's price; some models bill a whole request at higher rates once its prompt passes a size. */
export interface ModelPrice extends Rates {
  longPrompt?: { aboveTokens: number; rates: Rates }
}

/**
 * The model a role uses when the configuration names none. Claude Sonnet 4.6 rather than the newer
 * Sonnet 5.x: those refuse a forced `tool_choice`, which the planner relies on for structured output, and
 * Sonnet 4.5 reaches end of life on 2026-11-30.
 */
export const DEFAULT_MODEL = 'claude-sonnet-4-6'

const rates = (input: number, output: number, cacheWrite: number, cacheRead: number): Rates => ({
  input,
  output,
  cacheWrite,
  cacheRead
})

// OpenAI bills no cache writes on these models: a written token costs what plain input does.
const openai = (input: number, output: number, cachedInput: number): Rates =>
  rates(input, output, input, cachedInput)

const OPUS_4_5 = rates(5, 25, 6.25, 0.5)
const OPUS_4 = rates(15, 75, 18.75, 1.5)
const FABLE_5 = rates(10, 50, 12.5, 1)
const FABLE_5_1 = rates(10, 50, 12.5, 0.25)
const SONNET_4 = rates(3, 15, 3.75, 0.3)
// Sonnet 4 and 4.5 bill a prompt over 200K tokens (cache included) at long-context rates; 4.6 does not.
const SONNET_4_LONG: ModelPrice = {
  ...SONNET_4,
  longPrompt: { aboveTokens: 200_000, rates: rates(6, 22.5, 7.5, 0.6) }
}

/**
 * Published list prices (Anthropic's and OpenAI's pricing pages, November 2026), keyed by model id
 * without a date suffix. Batch, priority and regional surcharges are not modelled.
 */
const PRICES: Record<string, ModelPrice> = {
  'claude-fable-5-1': FABLE_5_1,
  'claude-mythos-5-1': FABLE_5_1,
  'claude-fable-5': FABLE_5,
  'claude-mythos-5': FABLE_5,
  'claude-opus-5-5': rates(4, 20, 5, 0.2),
  'claude-opus-5': OPUS_4_5,
  'claude-opus-4-8': OPUS_4_5,
  'claude-opus-4-7': OPUS_4_5,
  'claude-opus-4-6': OPUS_4_5,
  'claude-opus-4-5': OPUS_4_5,
  'claude-opus-4-1': OPUS_4,
  'claude-opus-4': OPUS_4,
  'claude-sonnet-5-5': rates(2, 10, 2.5, 0.1),
  'claude-sonnet-5': rates(2, 10, 2.5, 0.2),
  'claude-sonnet-4-6': SONNET_4,
  'claude-sonnet-4-5': SONNET_4_LONG,
  'claude-sonnet-4': SONNET_4_LONG,
  'claude-3-7-sonnet': SONNET_4,
  'claude-haiku-5-5': {
    ...rates(0.1, 0.5, 0.125, 0.01),
    longPrompt: { aboveTokens: 100_000, rates: rates(0.5, 2.5, 0.625, 0.05) }
  },
  'claude-haiku-4-5': rates(1, 5, 1.25, 0.1),
  'claude-3-5-haiku': rates(0.8, 4, 1, 0.08),
  'claude-3-haiku': rates(0.25, 1.25, 0.3, 0.03),
  'gpt-5.5': openai(5, 30, 0.5),
  'gpt-5.4': openai(2.5, 15, 0.25),
  'gpt-5.4-mini': openai(0.75, 4.5, 0.075),
  'gpt-5.4-nano': openai(0.2, 1.25, 0.02),
  'gpt-5': openai(1.25, 10, 0.125),
  'gpt-5-mini': openai(0.25, 2, 0.025),
  'gpt-4.1': openai(2, 8, 0.5),
  'gpt-4o': openai(2.5, 10, 1.25)
}

/** What an unknown model is billed at: the dearest Sonnet-class list price, so budgets err on the safe side. */
export const FALLBACK_PRICE: ModelPrice = SONNET_4

// What may follow a table key in a real model id: a date (Anthropic `-20250929`, OpenAI `-2024-08-06`,
// Vertex `@20250929`), `-latest`, a Bedrock version (`-v1:0`) or the 1M-context tag (`[1m]`).
const SUFFIX = /^(?:-\d{8}|-\d{4}-\d{2}-\d{2}|-latest)?(?:@\d{8}|-v\d+(?::\d+)?|\[1m\])?$/

/** The table key a model id belongs to, or undefined. Provider prefixes (`anthropic.`, `openai/`) are ignored. */
export function modelFamily(modelId: string): string | undefined {
  const id = modelId
    .trim()
    .toLowerCase()
    .replace(/^.*\//, '')
    .replace(/^(?:[a-z]{2,6}\.)?anthropic\./, '')
  let best: string | undefined
  for (const key of Object.keys(PRICES)) {
    if (id.startsWith(key) && SUFFIX.test(id.slice(key.length)) && key.length > (best?.length ?? 0))
      best = key
  }
  return best
}

/** True when the table has a price for this model id (dated and provider-prefixed ids included). */
export function isKnownModel(modelId: string): boolean {
  return modelFamily(modelId) !== undefined
}

/** The model's price, or FALLBACK_PRICE with `known: false`. */
export function priceOf(modelId: string): { price: ModelPrice; known: boolean } {
  const family = modelFamily(modelId)
  const price = family === undefined ? undefined : PRICES[family]
  return price ? { price, known: true } : { price: FALLBACK_PRICE, known: false }
}

/**
 * USD for one response's usage. A long-prompt tier is decided per request, so price each response and add
 * the costs up: pricing a sum of many requests' usage would put them all in the long tier. Unknown models
 * are billed at FALLBACK_PRICE; check isKnownModel to say so.
 */
export function costOf(modelId: string, usage: Usage): number {
  const { price } = priceOf(modelId)
  const prompt = usage.inputTokens + usage.cacheCreationInputTokens + usage.cacheReadInputTokens
  const applied = price.longPrompt && prompt > price.longPrompt.aboveTokens ? price.longPrompt.rates : price
  const micro =
    usage.inputTokens * applied.input +
    usage.outputTokens * applied.output +
    usage.cacheCreationInputTokens * applied.cacheWrite +
    usage.cacheReadInputTokens * applied.cacheRead
  return micro / 1_000_000
}
