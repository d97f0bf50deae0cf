import { describe, expect, it } from '@jest/globals'
import { mermaidText, renderMermaid } from '../../../src/report/mermaid.js'
import { HOSTILE, task } from './run-view-fixtures.js'

describe('renderMermaid', () => {
  it('draws one node per task, edges from dependency to dependent, and colours by state', () => {
    const graph = renderMermaid([
      task('T1', { title: 'API', role: 'backend-dev', state: 'done' }),
      task('T2', { title: 'UI', role: 'frontend-dev', state: 'running', dependencies: ['T1'] }),
      task('T3', { title: 'Tests', role: 'qa', state: 'failed', dependencies: ['T1', 'T2'] })
    ])
    expect(graph.split('\n')).toEqual([
      '```mermaid',
      'graph TD',
      '  n0["T1 · API<br/>backend-dev"]',
      '  n1["T2 · UI<br/>frontend-dev"]',
      '  n2["T3 · Tests<br/>qa"]',
      '  n0 --> n1',
      '  n0 --> n2',
      '  n1 --> n2',
      '  classDef queued fill:#f6f8fa,stroke:#8c959f,color:#24292f',
      '  classDef running fill:#ddf4ff,stroke:#0969da,color:#0a3069',
      '  classDef blocked fill:#fff8c5,stroke:#bf8700,color:#4d2d00',
      '  classDef done fill:#dafbe1,stroke:#1a7f37,color:#0f5323',
      '  classDef failed fill:#ffebe9,stroke:#cf222e,color:#82071e',
      '  class n1 running',
      '  class n0 done',
      '  class n2 failed',
      '```'
    ])
  })

  it('groups every node of a state on one class line and can draw left to right', () => {
    const graph = renderMermaid([task('A'), task('B'), task('C', { state: 'blocked' })], { direction: 'LR' })
    expect(graph).toContain('graph LR\n')
    expect(graph).toContain('  class n0,n1 queued\n  class n2 blocked\n')
  })

  it('maps any task id to a safe node id and skips dependencies on unknown tasks', () => {
    const graph = renderMermaid([
      task('end'),
      task('a b"]', { dependencies: ['end', 'missing'] }),
      task('graph', { dependencies: ['a b"]', 'a b"]'] })
    ])
    const lines = graph.split('\n')
    expect(lines.filter(line => line.includes('-->'))).toEqual(['  n0 --> n1', '  n1 --> n2'])
    expect(lines).toContain('  n1["a b#34;#93; · Task a b#34;#93;<br/>dev"]')
  })

  it('keeps hostile titles inside their label', () => {
    const graph = renderMermaid([task('T1', { title: HOSTILE, role: 'qa"] --> x' }), task('T2')])
    const lines = graph.split('\n')
    // Only our own lines: fence, header, two nodes, five classDefs, one class line, fence.
    expect(lines).toHaveLength(11)
    for (const line of lines.filter(l => l.startsWith('  n'))) {
      expect(line).toMatch(
        /^ {2}n\d\["[^"<>%;:#]*(#\d+;[^"<>%;:#]*)*<br\/>[^"<>%;:#]*(#\d+;[^"<>%;:#]*)*"\]$/
      )
    }
    expect(graph).not.toContain('%%')
    expect(graph).not.toContain('<img')
    expect(graph).not.toContain('@octocat')
  })

  it('replaces a graph with more than maxNodes tasks by a note', () => {
    const tasks = Array.from({ length: 61 }, (_, i) => task(`T${i}`))
    expect(renderMermaid(tasks)).toBe(
      '_Task graph not drawn: 61 tasks are more than the 60 that stay readable._'
    )
    expect(renderMermaid(tasks.slice(0, 3), { maxNodes: 2 })).toMatch(/^_Task graph not drawn/)
    expect(renderMermaid(tasks.slice(0, 60))).toMatch(/^```mermaid/)
  })

  it('replaces a graph with too many edges by a note', () => {
    const tasks = Array.from({ length: 30 }, (_, i) =>
      task(`T${i}`, { dependencies: Array.from({ length: i }, (_, j) => `T${j}`) })
    )
    expect(renderMermaid(tasks)).toBe(
      '_Task graph not drawn: 435 dependencies are more than the 300 that stay readable._'
    )
  })

  it('renders nothing without tasks', () => {
    expect(renderMermaid([])).toBe('')
  })
})

describe('mermaidText', () => {
  it('keeps words and plain punctuation and encodes the rest as entity codes', () => {
    expect(mermaidText('Add login (v2), fast!')).toBe('Add login (v2), fast!')
    expect(mermaidText('a "b" <c> #1; 50% x:y @me')).toBe(
      'a #34;b#34; #60;c#62; #35;1#59; 50#37; x#58;y #64;me'
    )
  })

  it('keeps non-ASCII text but drops control and format characters', () => {
    expect(mermaidText('Thème 🎨\n\u202Eüber')).toBe('Thème 🎨 über')
  })

  it('encodes the characters Mermaid builds its entity placeholders from', () => {
    expect(mermaidText('ﬂ°°60¶ß')).toBe('#64258;#176;#176;60#182;ß')
  })
})
