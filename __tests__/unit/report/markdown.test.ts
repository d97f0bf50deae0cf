import { describe, expect, it } from '@jest/globals'
import { codeSpan, details, link, renderTable, safeUrl } from '../../../src/report/markdown.js'

describe('codeSpan', () => {
  it('wraps text in backticks, longer than any run inside', () => {
    expect(codeSpan('backend-dev')).toBe('`backend-dev`')
    expect(codeSpan('a`b')).toBe('``a`b``')
    expect(codeSpan('`edge')).toBe('`` `edge ``')
  })

  it('escapes pipes only in a table, and keeps the span on one line', () => {
    expect(codeSpan('a|b', 'table')).toBe('`a\\|b`')
    expect(codeSpan('a|b')).toBe('`a|b`')
    expect(codeSpan('a\nb')).toBe('`a b`')
    expect(codeSpan('')).toBe('')
  })
})

describe('safeUrl and link', () => {
  it('accepts only http(s) addresses', () => {
    expect(safeUrl('javascript:alert(1)')).toBeUndefined()
    expect(safeUrl('https://x y')).toBeUndefined()
    expect(safeUrl(undefined)).toBeUndefined()
    expect(link('run', 'javascript:alert(1)')).toBe('run')
  })

  it('percent-encodes what would end a link destination or a cell', () => {
    expect(safeUrl('https://github.com/o/r/tree/a(b)|c')).toBe('https://github.com/o/r/tree/a%28b%29%7Cc')
    expect(link('run', 'https://github.com/o/r/actions/runs/7')).toBe(
      '[run](https://github.com/o/r/actions/runs/7)'
    )
  })
})

describe('renderTable', () => {
  it('renders a header, a separator and rows padded to the header width', () => {
    expect(renderTable(['A', 'B'], [['1', '2'], ['3']])).toBe('| A | B |\n| --- | --- |\n| 1 | 2 |\n| 3 |  |')
  })
})

describe('details', () => {
  it('leaves blank lines around the body so GitHub renders its Markdown', () => {
    expect(details('Decisions (1)', '- one')).toBe(
      '<details>\n<summary>Decisions (1)</summary>\n\n- one\n\n</details>'
    )
  })
})
