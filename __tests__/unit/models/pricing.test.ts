import { describe, expect, it } from '@jest/globals'
import type { Usage } from '../../../src/models/model.js'
import {
  costOf,
  DEFAULT_MODEL,
  FALLBACK_PRICE,
  isKnownModel,
  modelFamily,
  priceOf
} from '../../../src/models/pricing.js'

const MILLION = 1_000_000

function usage(counts: Partial<Usage>): Usage {
  return { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0, ...counts }
}

describe('pricing', () => {
  it.each([
    ['claude-sonnet-4-6', 3, 15, 3.75, 0.3],
    ['claude-sonnet-4-5-20250929', 3, 15, 3.75, 0.3],
    ['claude-sonnet-5-5', 2, 10, 2.5, 0.1],
    ['claude-opus-4-1-20250805', 15, 75, 18.75, 1.5],
    ['claude-opus-4-5-20251101', 5, 25, 6.25, 0.5],
    ['claude-opus-4-8', 5, 25, 6.25, 0.5],
    ['claude-haiku-4-5-20251001', 1, 5, 1.25, 0.1],
    ['claude-3-5-haiku-20241022', 0.8, 4, 1, 0.08],
    ['gpt-4o-2024-08-06', 2.5, 10, 2.5, 1.25]
  ])(
    'prices %s per million tokens: input $%s, output $%s, cache write $%s, cache read $%s',
    (id, input, output, write, read) => {
      // 100K tokens: under every long-prompt threshold.
      const tenth = MILLION / 10
      expect(costOf(id, usage({ inputTokens: tenth }))).toBeCloseTo(input / 10, 10)
      expect(costOf(id, usage({ outputTokens: tenth }))).toBeCloseTo(output / 10, 10)
      expect(costOf(id, usage({ cacheCreationInputTokens: tenth }))).toBeCloseTo(write / 10, 10)
      expect(costOf(id, usage({ cacheReadInputTokens: tenth }))).toBeCloseTo(read / 10, 10)
    }
  )

  it('adds up all four kinds of tokens', () => {
    const cost = costOf(
      'claude-sonnet-4-6',
      usage({
        inputTokens: 2_000,
        outputTokens: 1_000,
        cacheCreationInputTokens: 10_000,
        cacheReadInputTokens: 50_000
      })
    )
    // 2k × $3 + 1k × $15 + 10k × $3.75 + 50k × $0.30, per million.
    expect(cost).toBeCloseTo(0.006 + 0.015 + 0.0375 + 0.015, 10)
  })

  it('matches dated, versioned and provider-prefixed ids to their family', () => {
    expect(modelFamily('claude-sonnet-4-5-20250929')).toBe('claude-sonnet-4-5')
    expect(modelFamily('claude-sonnet-4-5@20250929')).toBe('claude-sonnet-4-5')
    expect(modelFamily('us.anthropic.claude-sonnet-4-5-20250929-v1:0')).toBe('claude-sonnet-4-5')
    expect(modelFamily('claude-3-5-haiku-latest')).toBe('claude-3-5-haiku')
    expect(modelFamily('claude-sonnet-4-6[1m]')).toBe('claude-sonnet-4-6')
    expect(modelFamily('openai/gpt-5.4-mini')).toBe('gpt-5.4-mini')
    expect(modelFamily('Claude-Opus-4-1')).toBe('claude-opus-4-1')
  })

  it('takes the longest family, so a newer minor version is not priced as an older one', () => {
    expect(modelFamily('claude-opus-4-5')).toBe('claude-opus-4-5')
    expect(modelFamily('claude-opus-4-20250514')).toBe('claude-opus-4')
    expect(modelFamily('gpt-5-mini-2025-08-07')).toBe('gpt-5-mini')
    expect(modelFamily('gpt-5.4')).toBe('gpt-5.4')
    // A version the table does not list is unknown, not its predecessor.
    expect(modelFamily('claude-opus-4-9')).toBeUndefined()
    expect(modelFamily('gpt-5.9')).toBeUndefined()
  })

  it('bills an unknown model at the dearest Sonnet price and says it is unknown', () => {
    expect(isKnownModel('my-local-llama')).toBe(false)
    expect(priceOf('my-local-llama')).toEqual({ price: FALLBACK_PRICE, known: false })
    expect(costOf('my-local-llama', usage({ inputTokens: MILLION, outputTokens: MILLION }))).toBeCloseTo(
      3 + 15,
      10
    )
    expect(isKnownModel('claude-sonnet-4-6')).toBe(true)
  })

  it('bills a request whose prompt passes the long-prompt threshold at the higher rates', () => {
    const short = usage({ inputTokens: 150_000, cacheReadInputTokens: 50_000, outputTokens: 1_000 })
    const long = usage({ inputTokens: 150_000, cacheReadInputTokens: 50_001, outputTokens: 1_000 })
    // Sonnet 4.5: $3 / $0.30 / $15 up to 200K prompt tokens, $6 / $0.60 / $22.50 above.
    expect(costOf('claude-sonnet-4-5', short)).toBeCloseTo(0.45 + 0.015 + 0.015, 10)
    expect(costOf('claude-sonnet-4-5', long)).toBeCloseTo(0.9 + 0.0300006 + 0.0225, 10)
    // Sonnet 4.6 keeps one price across its whole window.
    expect(costOf('claude-sonnet-4-6', long)).toBeCloseTo(0.45 + 0.0150003 + 0.015, 10)
  })

  it('costs nothing for no tokens', () => {
    expect(costOf('claude-haiku-4-5', usage({}))).toBe(0)
  })

  it('defaults to a current Sonnet that it knows the price of', () => {
    expect(DEFAULT_MODEL).toMatch(/^claude-sonnet-/)
    expect(isKnownModel(DEFAULT_MODEL)).toBe(true)
  })
})
