import { describe, expect, it } from '@jest/globals'
import { DETAIL_STEPS, fitToLimit, type Detail, type Sections } from '../../../src/report/fit-to-limit.js'

const note = '> cut'

describe('fitToLimit', () => {
  it('joins the blocks of the most detailed rendering that fits, skipping empty ones', () => {
    const render = (detail: Detail): Sections => ({
      head: ['head', ''],
      body: [`body ${detail.titleMax}`],
      foot: ['foot']
    })
    expect(fitToLimit(render, { limit: 1000, cutNote: note })).toBe(
      `head\n\nbody ${DETAIL_STEPS[0]!.titleMax}\n\nfoot\n`
    )
  })

  it('tries the steps in order: shorter text, finished work folded, no graph, done tasks collapsed', () => {
    const seen: Detail[] = []
    const render = (detail: Detail): Sections => {
      seen.push(detail)
      return { head: [], body: [detail.collapseDone ? 'small' : 'x'.repeat(100)], foot: [] }
    }
    expect(fitToLimit(render, { limit: 50, cutNote: note })).toBe('small\n')
    expect(seen).toEqual(DETAIL_STEPS)
    expect(seen[1]!.titleMax).toBeLessThan(seen[0]!.titleMax)
    expect(seen[1]!.noteMax).toBeLessThan(seen[0]!.noteMax)
    expect(seen.map(d => [d.graph, d.fold, d.collapseDone])).toEqual([
      [true, false, false],
      [true, false, false],
      [true, true, false],
      [false, true, false],
      [false, true, true]
    ])
  })

  it('cuts only the body, at a line boundary, when nothing fits, and closes what the cut left open', () => {
    const rows = Array.from({ length: 200 }, (_, i) => `row ${i}`).join('\n')
    const render = (): Sections => ({
      head: ['HEAD'],
      body: ['intro', `<details>\n<summary>s</summary>\n\n\`\`\`\n${rows}\n\`\`\`\n\n</details>`],
      foot: ['FOOT']
    })
    const text = fitToLimit(render, { limit: 300, cutNote: note })
    expect(text.length).toBeLessThanOrEqual(300)
    expect(text.startsWith('HEAD\n\nintro\n\n<details>')).toBe(true)
    expect(text.endsWith('\n\n```\n\n</details>\n\n> cut\n\nFOOT\n')).toBe(true)
    const kept = text.split('\n').filter(line => line.startsWith('row '))
    expect(kept.length).toBeGreaterThan(10)
    expect(kept).toEqual(kept.map((_, i) => `row ${i}`))
  })

  it('stays within the limit even when the head alone is too long', () => {
    const render = (): Sections => ({ head: ['h'.repeat(500)], body: ['b'], foot: ['f'] })
    expect(fitToLimit(render, { limit: 100, cutNote: note })).toHaveLength(100)
  })
})
