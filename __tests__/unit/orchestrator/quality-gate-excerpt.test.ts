import { describe, expect, it } from '@jest/globals'
import { excerptOf } from '../../../src/orchestrator/quality-gate.js'

describe('excerptOf (the one-line reason of a failing check)', () => {
  it('picks the first lines that say what failed, not the closing counts', () => {
    const tap = [
      '> greeting@1.0.0 test',
      '> node --test',
      'TAP version 13',
      'not ok 1 - frames the text',
      "  error: 'banner frame is broken'",
      '  code: ERR_TEST_FAILURE',
      '  stack: at banner (file:///src/banner.js:2:9)',
      '# pass 1',
      '# fail 1'
    ].join('\n')

    expect(excerptOf(tap)).toBe("not ok 1 - frames the text / error: 'banner frame is broken' / # fail 1")
  })

  it('falls back to the last lines when none says what failed', () => {
    expect(excerptOf('one\ntwo\n\nthree\nfour\n')).toBe('two / three / four')
  })

  it('cuts long lines', () => {
    const excerpt = excerptOf(`Error: ${'x'.repeat(400)}`)
    expect(excerpt).toHaveLength(160)
    expect(excerpt.endsWith('…')).toBe(true)
  })
})
