import type { Usage } from '../models/model.js'
import type { RunState, UsageRecord } from './run-state.js'

/**
 * Sums of dollars in binary floating point drift (0.1 + 0.2); rounding every sum to 1e-10 keeps the file
 * readable without losing the fractions of a cent that cache reads cost.
 */
function roundUsd(x: number): number {
  return Math.round(x * 1e10) / 1e10
}

/** The state's record of what a model call (or many) spent. */
export function usageRecordOf(usage: Usage, costUsd: number): UsageRecord {
  return {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    cache_creation_input_tokens: usage.cacheCreationInputTokens,
    cache_read_input_tokens: usage.cacheReadInputTokens,
    cost_usd: roundUsd(costUsd)
  }
}

/** Two records added together. */
export function addUsageRecords(a: UsageRecord, b: UsageRecord): UsageRecord {
  return {
    input_tokens: a.input_tokens + b.input_tokens,
    output_tokens: a.output_tokens + b.output_tokens,
    cache_creation_input_tokens: a.cache_creation_input_tokens + b.cache_creation_input_tokens,
    cache_read_input_tokens: a.cache_read_input_tokens + b.cache_read_input_tokens,
    cost_usd: roundUsd(a.cost_usd + b.cost_usd)
  }
}

/** The tokens of a record in the shape the rest of the engine uses. */
export function usageOf(record: UsageRecord): Usage {
  return {
    inputTokens: record.input_tokens,
    outputTokens: record.output_tokens,
    cacheCreationInputTokens: record.cache_creation_input_tokens,
    cacheReadInputTokens: record.cache_read_input_tokens
  }
}

/** The run's cost per provider with `costUsd` more spent on `provider`; unchanged when no provider is named. */
export function costByProvider(
  state: RunState,
  provider: string | undefined,
  costUsd: number
): Pick<RunState, 'cost_by_provider'> {
  if (provider === undefined)
    return state.cost_by_provider ? { cost_by_provider: state.cost_by_provider } : {}
  const costs = state.cost_by_provider ?? {}
  return { cost_by_provider: { ...costs, [provider]: roundUsd((costs[provider] ?? 0) + costUsd) } }
}
