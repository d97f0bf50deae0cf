import type { Limits } from '../config/team-config.js'
import type { Usage } from '../models/model.js'
import { costOf } from '../models/pricing.js'
import type { UsageRecord } from '../state/run-state.js'
import { BudgetExceeded } from '../util/errors.js'

/**
 * The run-wide budget: every model reply's usage is charged here, by every task at once. Once the token
 * budget or the cost limit is passed, the next charge throws, which ends that session; tasks already done
 * stay done and the run ends `partial`.
 */
export interface Budget {
  /** Records a reply's usage and returns its cost. */
  charge(modelId: string, usage: Usage): number
  /** Throws BudgetExceeded once a limit is passed. */
  assertWithin(): void
  readonly tokens: number
  readonly costUsd: number
}

/** Every token a usage record counts, cached or not: the measure `limits.token_budget` caps. */
export function tokensOf(usage: UsageRecord): number {
  return (
    usage.input_tokens +
    usage.output_tokens +
    usage.cache_creation_input_tokens +
    usage.cache_read_input_tokens
  )
}

export function createBudget(
  limits: Pick<Limits, 'tokenBudget' | 'costLimitUsd'>,
  spent = { tokens: 0, costUsd: 0 }
): Budget {
  let tokens = spent.tokens
  let costUsd = spent.costUsd
  return {
    charge(modelId, usage) {
      const cost = costOf(modelId, usage)
      tokens +=
        usage.inputTokens + usage.outputTokens + usage.cacheCreationInputTokens + usage.cacheReadInputTokens
      costUsd += cost
      return cost
    },
    assertWithin() {
      if (limits.tokenBudget > 0 && tokens > limits.tokenBudget) {
        throw new BudgetExceeded(
          `The run's token budget of ${limits.tokenBudget} tokens is spent (${tokens} used). Raise limits.token_budget in the team config to allow more.`
        )
      }
      if (limits.costLimitUsd > 0 && costUsd > limits.costLimitUsd) {
        throw new BudgetExceeded(
          `The run's cost limit of $${limits.costLimitUsd.toFixed(2)} is reached ($${costUsd.toFixed(4)} spent). Raise limits.cost_limit_usd in the team config to allow more.`
        )
      }
    },
    get tokens() {
      return tokens
    },
    get costUsd() {
      return costUsd
    }
  }
}
