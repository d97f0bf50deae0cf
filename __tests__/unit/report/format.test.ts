import { describe, expect, it } from '@jest/globals'
import {
  escapeMarkdown,
  formatDuration,
  formatTokens,
  formatUsd,
  truncate
} from '../../../src/report/format.js'

const ZWSP = '\u200b'

describe('formatTokens', () => {
  it('shows small counts as they are', () => {
    expect(formatTokens(0)).toBe('0')
    expect(formatTokens(950)).toBe('950')
  })

  it('uses k, M and B with one decimal below a hundred units', () => {
    expect(formatTokens(1_200)).toBe('1.2k')
    expect(formatTokens(1_000)).toBe('1k')
    expect(formatTokens(45_640)).toBe('45.6k')
    expect(formatTokens(123_456)).toBe('123k')
    expect(formatTokens(3_400_000)).toBe('3.4M')
    expect(formatTokens(2_500_000_000)).toBe('2.5B')
  })

  it('moves to the next unit when rounding would reach a thousand', () => {
    expect(formatTokens(999_960)).toBe('1M')
    expect(formatTokens(999_400)).toBe('999k')
  })
})

describe('formatUsd', () => {
  it('keeps four decimals for amounts under ten cents', () => {
    expect(formatUsd(0.0123)).toBe('$0.0123')
    expect(formatUsd(0.00005)).toBe('<$0.0001')
  })

  it('shows cents and thousands separators for larger amounts', () => {
    expect(formatUsd(0)).toBe('$0.00')
    expect(formatUsd(1.234)).toBe('$1.23')
    expect(formatUsd(0.5)).toBe('$0.50')
    expect(formatUsd(1234.5)).toBe('$1,234.50')
    expect(formatUsd(-2)).toBe('-$2.00')
  })

  it('writes out amounts too large for toFixed, with separators and cents', () => {
    expect(formatUsd(1e21)).toBe('$1,000,000,000,000,000,000,000.00')
    expect(formatUsd(-2.5e22)).toBe('-$25,000,000,000,000,000,000,000.00')
  })
})

describe('formatDuration', () => {
  it('shows seconds, minutes with padded seconds, hours with padded minutes', () => {
    expect(formatDuration(0)).toBe('0s')
    expect(formatDuration(45_999)).toBe('45s')
    expect(formatDuration(185_000)).toBe('3m 05s')
    expect(formatDuration(3_599_999)).toBe('59m 59s')
    expect(formatDuration(3_720_000)).toBe('1h 02m')
    expect(formatDuration(-5)).toBe('0s')
  })
})

describe('truncate', () => {
  it('leaves short text alone and marks a cut with an ellipsis within the length', () => {
    expect(truncate('short', 5)).toBe('short')
    expect(truncate('a longer text', 8)).toBe('a longe…')
    expect(truncate('a longer text', 8)).toHaveLength(8)
    expect(truncate('anything', 0)).toBe('')
  })

  it('never splits a surrogate pair', () => {
    const cut = truncate('ab😀cd', 4)
    expect(cut).toBe('ab…')
    expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/)
  })
})

describe('escapeMarkdown', () => {
  it('keeps plain text as it is', () => {
    expect(escapeMarkdown('Store the theme preference (v2), 3 files.')).toBe(
      'Store the theme preference (v2), 3 files.'
    )
  })

  it('folds newlines and tabs into single spaces so the text stays on one line', () => {
    expect(escapeMarkdown('  one\n\n# two\r\n\tthree  ')).toBe('one # two three')
  })

  it('escapes what would open a block when the text stands as a paragraph', () => {
    expect(escapeMarkdown('# Big plan')).toBe('\\# Big plan')
    expect(escapeMarkdown('- item')).toBe('\\- item')
    expect(escapeMarkdown('+ item')).toBe('\\+ item')
    expect(escapeMarkdown('1. step')).toBe('1\\. step')
    expect(escapeMarkdown('2024) year')).toBe('2024\\) year')
    expect(escapeMarkdown('2.5 apples')).toBe('2.5 apples')
  })

  it('escapes what would split a table cell or start a link, code span, emphasis or math', () => {
    expect(escapeMarkdown('a | b')).toBe('a \\| b')
    expect(escapeMarkdown('[x](javascript:alert(1))')).toBe('\\[x\\](javascript:alert(1))')
    expect(escapeMarkdown('`code` **b** _i_ ~~s~~ $x$ \\')).toBe(
      '\\`code\\` \\*\\*b\\*\\* \\_i\\_ \\~\\~s\\~\\~ \\$x\\$ \\\\'
    )
  })

  it('turns HTML into entities, so no tag, comment or marker comes through', () => {
    expect(escapeMarkdown('</details><!-- agent-team:plan issue=1 --> & <b>')).toBe(
      '&lt;/details&gt;&lt;!-- agent-team:plan issue=1 --&gt; &amp; &lt;b&gt;'
    )
  })

  it('breaks mentions, issue references and bare links with a zero-width space', () => {
    expect(escapeMarkdown('@octocat and @org/team')).toBe(`@${ZWSP}octocat and @${ZWSP}org/team`)
    expect(escapeMarkdown('fixes #123, o/r#4 and GH-5')).toBe(
      `fixes #${ZWSP}123, o/r#${ZWSP}4 and GH-${ZWSP}5`
    )
    expect(escapeMarkdown('see https://github.com/o/r/issues/1')).toBe(
      `see https:${ZWSP}//github.com/o/r/issues/1`
    )
    expect(escapeMarkdown('C# and #hashtag stay')).toBe('C# and #hashtag stay')
  })

  it('drops control characters and bidi overrides that would disguise the text', () => {
    expect(escapeMarkdown('safe\u202Eexe.txt\u0007')).toBe('safeexe.txt')
  })
})
