import { describe, expect, it } from '@jest/globals'
import { GITHUB_COMMENT_LIMIT, renderProgressComment } from '../../../src/report/progress-comment.js'
import type { RunView, TaskState } from '../../../src/report/run-view.js'
import { bareView, HOSTILE, prose, smallView, task, usage } from './run-view-fixtures.js'

/** The cells of a table row, honouring backslash escapes. */
function cells(row: string): string[] {
  const out: string[] = []
  let cell = ''
  for (let i = 0; i < row.length; i++) {
    if (row[i] === '\\') cell += row[i]! + row[++i]!
    else if (row[i] === '|') {
      out.push(cell.trim())
      cell = ''
    } else cell += row[i]
  }
  out.push(cell.trim())
  return out.slice(1, -1)
}

const rows = (text: string): string[] => text.split('\n').filter(line => line.startsWith('| '))

const STATES: TaskState[] = ['done', 'running', 'queued', 'blocked', 'failed']

/** `count` tasks in every state in turn, each with a long title and note. */
function bigView(count: number, titleLength: number, noteLength: number): RunView {
  const tasks = Array.from({ length: count }, (_, i) =>
    task(`T${i}`, {
      title: `Title ${i} `.padEnd(titleLength, 'x'),
      note: `Note ${i} `.padEnd(noteLength, 'n'),
      role: 'backend-dev',
      state: STATES[i % STATES.length],
      dependencies: i > 0 ? [`T${i - 1}`] : [],
      branch: `agent-team/12/T${i}`,
      branchUrl: `https://github.com/o/r/tree/agent-team/12/T${i}`,
      elapsedMs: 61_000,
      usage: usage(10_000, 2_000),
      costUsd: 0.05
    })
  )
  return smallView({ tasks, decisions: ['d'.repeat(1000)], questions: [] })
}

describe('renderProgressComment', () => {
  it('shows the marker, the status with counts, open questions and one row per task', () => {
    expect(renderProgressComment(smallView()).split('\n').slice(0, 20)).toEqual([
      '<!-- agent-team:progress issue=12 -->',
      '',
      '## 🤖 agent-team: Add dark mode',
      '',
      '🏗️ **Running** — 4 tasks: ✅ 1 done · ⏳ 1 running · 🕓 1 queued · ⛔ 1 blocked',
      '',
      '### ❓ Open question',
      '',
      '- **T3**: Which browsers must pass?',
      '',
      'Answer with a comment such as `/agents answer T3 <your answer>`; the run resumes from where it stopped.',
      '',
      '|  | Task | Title | Role | State | Branch | Time | Tokens in / out | Cost | Note |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      '| ✅ | T1 | Store the theme preference | `backend-dev` | done | [`agent-team/12/T1`](https://github.com/o/r/tree/agent-team/12/T1) | 3m 05s | 52k / 3.4k | $0.0123 |  |',
      '| ⏳ | T2 | Theme toggle | `frontend-dev` | running | `agent-team/12/T2` | 45s | 800 / 200 | $0.0020 |  |',
      '| ⛔ | T3 | Browser tests | `qa` | blocked | — | — | — | — | Which browsers must pass? |',
      '| 🕓 | T4 | Docs | `writer` | queued | — | — | — | — |  |',
      '',
      '### Task graph'
    ])
  })

  it('ends with the graph coloured by state, the decisions folded away, the totals and the run link', () => {
    const text = renderProgressComment(smallView())
    expect(text).toContain('```mermaid\ngraph TD\n')
    expect(text).toContain('  class n3 queued\n  class n1 running\n  class n2 blocked\n  class n0 done\n```')
    expect(
      text.endsWith(
        [
          '<details>',
          '<summary>Decisions (1)</summary>',
          '',
          '- Colours live in CSS variables',
          '',
          '</details>',
          '',
          '📊 **Totals:** 12.8k input · 3.6k output · 40k cache read tokens · $0.0143',
          '',
          '🔗 [Workflow run](https://github.com/o/r/actions/runs/7)',
          ''
        ].join('\n')
      )
    ).toBe(true)
    expect(text).not.toContain('pull/13')
  })

  it('marks failed tasks and shows the run error under the headline', () => {
    const view = smallView({
      status: 'failed',
      error: 'Budget of $5.00 reached',
      tasks: [task('T1', { state: 'done' }), task('T2', { state: 'failed', note: 'tests fail:\n3 errors' })]
    })
    const lines = renderProgressComment(view).split('\n')
    expect(lines.slice(4, 7)).toEqual([
      '❌ **Failed** — 2 tasks: ✅ 1 done · ❌ 1 failed',
      '',
      '> **Error:** Budget of \\$5.00 reached'
    ])
    expect(cells(rows(lines.join('\n'))[3]!)).toEqual([
      '❌',
      'T2',
      'Task T2',
      '`dev`',
      'failed',
      '—',
      '—',
      '—',
      '—',
      'tests fail: 3 errors'
    ])
  })

  it('fills missing optional fields with dashes and leaves out empty sections', () => {
    const text = renderProgressComment(bareView({ status: 'running', tasks: [task('T1')] }))
    expect(cells(rows(text)[2]!)).toEqual(['🕓', 'T1', 'Task T1', '`dev`', 'queued', '—', '—', '—', '—', ''])
    expect(text).not.toMatch(/undefined|NaN|Open question|Decisions|🔗/)
    expect(text.endsWith('📊 **Totals:** 0 input · 0 output · 0 cache read tokens · $0.00\n')).toBe(true)
  })

  it('keeps hostile text inside its cell, as plain text that pings no one', () => {
    const view = smallView({
      title: HOSTILE,
      error: HOSTILE,
      status: 'failed',
      decisions: [HOSTILE],
      questions: [{ taskId: 'T1', question: HOSTILE }],
      tasks: [
        task('T1', {
          title: HOSTILE,
          note: HOSTILE,
          role: 'r|`x',
          branch: 'b|@y',
          branchUrl: 'javascript:alert(1)'
        })
      ]
    })
    const text = renderProgressComment(view)
    expect(text.split('<!-- agent-team:').length).toBe(2)
    expect(text.startsWith('<!-- agent-team:progress issue=12 -->\n')).toBe(true)
    expect(prose(text)).not.toMatch(/@\w/)
    expect(prose(text)).not.toMatch(/#\d/)
    expect(text).not.toMatch(/(?<!\\)\]\(javascript/)
    expect(text.match(/<\/?details>/g)).toEqual(['<details>', '</details>'])
    expect(text).not.toContain('<img')
    const row = cells(rows(text)[2]!)
    expect(row).toHaveLength(10)
    expect(row.slice(3, 6)).toEqual(['``r\\|`x``', 'queued', '`b\\|@y`'])
    const headings = text.split('\n').filter(line => line.startsWith('#'))
    expect(headings.map(line => line.split(' ')[0])).toEqual(['##', '###', '###'])
  })

  it('loses detail one step at a time as the limit tightens, and never exceeds it', () => {
    const view = bigView(10, 150, 400)
    const full = renderProgressComment(view, { limit: Infinity })
    expect(full).toContain(`Note 0 ${'n'.repeat(292)}…`)

    const shorter = renderProgressComment(view, { limit: full.length - 1 })
    expect(shorter).not.toContain('n'.repeat(100))
    expect(shorter).toContain('```mermaid')

    const noGraph = renderProgressComment(view, { limit: shorter.length - 1 })
    expect(noGraph).not.toContain('```mermaid')
    expect(noGraph).toContain("_Task graph left out to fit GitHub's comment size limit._")
    expect(rows(noGraph)).toHaveLength(12)

    const collapsed = renderProgressComment(view, { limit: noGraph.length - 1 })
    expect(rows(collapsed)).toHaveLength(10)
    expect(collapsed).toContain("_✅ 2 done tasks not listed, to fit GitHub's comment size limit._")

    const cut = renderProgressComment(view, { limit: collapsed.length - 1 })
    expect(cut.length).toBeLessThan(collapsed.length)
    expect(cut).toContain("> ✂️ The rest of this report was cut to fit GitHub's comment size limit.")
    expect(cut.startsWith('<!-- agent-team:progress issue=12 -->\n')).toBe(true)
    expect(cut).toContain('📊 **Totals:**')
    expect(cut.endsWith('🔗 [Workflow run](https://github.com/o/r/actions/runs/7)\n')).toBe(true)
  })

  it('stays under GitHub’s 65,536-character limit with 300 tasks with long titles and notes', () => {
    expect(GITHUB_COMMENT_LIMIT).toBe(65536)
    const text = renderProgressComment(bigView(300, 300, 2000))
    expect(text.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT)
    expect(text.startsWith('<!-- agent-team:progress issue=12 -->\n')).toBe(true)
    expect(text).toContain(
      '🏗️ **Running** — 300 tasks: ✅ 60 done · ⏳ 60 running · 🕓 60 queued · ⛔ 60 blocked · ❌ 60 failed'
    )
    // Every step was needed: short titles and notes, done tasks counted, and a cut through the table.
    expect(text).toContain("_✅ 60 done tasks not listed, to fit GitHub's comment size limit._")
    const table = rows(text).slice(2).map(cells)
    expect(table.length).toBeGreaterThan(150)
    expect(
      table.every(row => row.length === 10 && row[0] !== '✅' && row[2]!.length <= 60 && row[9]!.length <= 80)
    ).toBe(true)
    // Failed and blocked tasks come first, so the cut through the table removes only running and queued ones.
    expect(table.slice(0, 120).map(row => row[0])).toEqual([
      ...Array<string>(60).fill('❌'),
      ...Array<string>(60).fill('⛔')
    ])
    expect(table.slice(0, 60).map(row => row[1])).toEqual(
      Array.from({ length: 60 }, (_, i) => `T${5 * i + 4}`)
    )
    expect(text).toContain("|\n\n> ✂️ The rest of this report was cut to fit GitHub's comment size limit.\n")
    expect(text).toContain('📊 **Totals:**')
    expect(text.endsWith('🔗 [Workflow run](https://github.com/o/r/actions/runs/7)\n')).toBe(true)
  })

  it('lists 300 tasks in full once titles and notes are short enough', () => {
    const view = bigView(300, 40, 40)
    view.tasks = view.tasks.map(t => ({ ...t, branchUrl: undefined }))
    const text = renderProgressComment(view)
    expect(text.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT)
    expect(rows(text)).toHaveLength(302)
    expect(text).toContain('_Task graph not drawn: 300 tasks are more than the 60 that stay readable._')
    expect(text).not.toContain('✂️')
  })
})
