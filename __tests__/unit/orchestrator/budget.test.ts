import { describe, expect, it } from '@jest/globals'
import { createBudget, tokensOf } from '../../../src/orchestrator/budget.js'
import { zeroUsageRecord } from '../../../src/state/run-state.js'

const usage = (inputTokens: number) => ({
  inputTokens,
  outputTokens: 0,
  cacheCreationInputTokens: 0,
  cacheReadInputTokens: 0
})

describe('the run-wide budget', () => {
  it('counts every token of a usage record, cached or not', () => {
    expect(
      tokensOf({
        ...zeroUsageRecord,
        input_tokens: 1,
        output_tokens: 20,
        cache_creation_input_tokens: 300,
        cache_read_input_tokens: 4000
      })
    ).toBe(4321)
  })

  it('starts from what earlier runs of the same run spent: a resumed run cannot spend the budget twice', () => {
    const budget = createBudget({ tokenBudget: 1000, costLimitUsd: 0 }, { tokens: 900, costUsd: 0 })
    expect(() => budget.assertWithin()).not.toThrow()

    budget.charge('claude-sonnet-4-6', usage(200))

    expect(budget.tokens).toBe(1100)
    expect(() => budget.assertWithin()).toThrow(/token budget of 1000 tokens is spent \(1100 used\)/)
  })
})
