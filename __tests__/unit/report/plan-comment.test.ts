import { describe, expect, it } from '@jest/globals'
import { renderPlanComment } from '../../../src/report/plan-comment.js'
import { GITHUB_COMMENT_LIMIT } from '../../../src/report/progress-comment.js'
import type { RunView } from '../../../src/report/run-view.js'
import { bareView, HOSTILE, prose, smallView, task, usage } from './run-view-fixtures.js'

function plannedView(overrides: Partial<RunView> = {}): RunView {
  const view = smallView()
  return {
    ...view,
    status: 'planned',
    marker: '<!-- agent-team:plan issue=12 -->',
    tasks: view.tasks.map(t => task(t.id, { title: t.title, role: t.role, dependencies: t.dependencies })),
    questions: [],
    waves: [['T1'], ['T2'], ['T3', 'T4']],
    criticalPath: ['T1', 'T2', 'T3'],
    usage: usage(5_000, 1_200, 2_000),
    costUsd: 0.0061,
    pullRequestUrl: undefined,
    ...overrides
  }
}

describe('renderPlanComment', () => {
  it('lays out the plan after planning, marker first', () => {
    expect(renderPlanComment(plannedView())).toBe(
      [
        '<!-- agent-team:plan issue=12 -->',
        '',
        '## 🤖 agent-team plan: Add dark mode',
        '',
        '🧭 **Plan ready** — 4 tasks in 3 waves',
        '',
        'The backend stores the preference; the frontend reads it.',
        '',
        '### Tasks',
        '',
        '- [ ] **T1** Store the theme preference — `backend-dev`',
        '- [ ] **T2** Theme toggle — `frontend-dev` · after T1',
        '- [ ] **T3** Browser tests — `qa` · after T1, T2',
        '- [ ] **T4** Docs — `writer` · after T3',
        '',
        '### Decisions',
        '',
        '- Colours live in CSS variables',
        '',
        '### Task graph',
        '',
        '```mermaid',
        'graph TD',
        '  n0["T1 · Store the theme preference<br/>backend-dev"]',
        '  n1["T2 · Theme toggle<br/>frontend-dev"]',
        '  n2["T3 · Browser tests<br/>qa"]',
        '  n3["T4 · Docs<br/>writer"]',
        '  n0 --> n1',
        '  n0 --> n2',
        '  n1 --> n2',
        '  n2 --> n3',
        '  classDef queued fill:#f6f8fa,stroke:#8c959f,color:#24292f',
        '  classDef running fill:#ddf4ff,stroke:#0969da,color:#0a3069',
        '  classDef blocked fill:#fff8c5,stroke:#bf8700,color:#4d2d00',
        '  classDef done fill:#dafbe1,stroke:#1a7f37,color:#0f5323',
        '  classDef failed fill:#ffebe9,stroke:#cf222e,color:#82071e',
        '  class n0,n1,n2,n3 queued',
        '```',
        '',
        '**Waves:** 1: T1 → 2: T2 → 3: T3, T4',
        '',
        '**Critical path:** T1 → T2 → T3',
        '',
        '📊 **Usage so far:** 5k input · 1.2k output · 2k cache read tokens · $0.0061',
        '',
        '🔗 [Workflow run](https://github.com/o/r/actions/runs/7)',
        ''
      ].join('\n')
    )
  })

  it('ticks done tasks, names the state of the others and links the pull request once it exists', () => {
    const text = renderPlanComment(
      smallView({ marker: '<!-- agent-team:plan issue=12 -->', usage: usage(1, 2, 3, 4_500) })
    )
    expect(text).toContain(
      '🏗️ **Running** — 4 tasks: ✅ 1 done · ⏳ 1 running · 🕓 1 queued · ⛔ 1 blocked\n'
    )
    expect(text).toContain('- [x] **T1** Store the theme preference — `backend-dev`\n')
    expect(text).toContain('- [ ] **T2** Theme toggle — `frontend-dev` · after T1 · ⏳ running\n')
    expect(text).toContain('- [ ] **T3** Browser tests — `qa` · after T1, T2 · ⛔ blocked\n')
    expect(text).toContain('  class n0 done\n')
    expect(text).toContain(
      '📊 **Usage so far:** 1 input · 2 output · 3 cache read · 4.5k cache write tokens · $0.0143'
    )
    expect(text).toContain(
      '🔗 [Workflow run](https://github.com/o/r/actions/runs/7) · [Pull request](https://github.com/o/r/pull/13)\n'
    )
  })

  it('reports a failed planning with its error, escaped', () => {
    const view = bareView({
      status: 'failed',
      error: 'The manager returned 3 cycles:\nT1 → T2 → T1 <see log>'
    })
    expect(renderPlanComment(view).split('\n').slice(0, 7)).toEqual([
      '<!-- agent-team:plan issue=1 -->',
      '',
      '## 🤖 agent-team plan: Bare',
      '',
      '❌ **Failed** — no tasks',
      '',
      '> **Error:** The manager returned 3 cycles: T1 → T2 → T1 &lt;see log&gt;'
    ])
  })

  it('says so when a failed run recorded no reason', () => {
    expect(renderPlanComment(bareView({ status: 'failed' }))).toContain(
      '> **Error:** no reason was recorded\n'
    )
  })

  it('renders only what it has when optional fields are missing', () => {
    expect(renderPlanComment(bareView())).toBe(
      [
        '<!-- agent-team:plan issue=1 -->',
        '',
        '## 🤖 agent-team plan: Bare',
        '',
        '🧭 **Planning** — splitting the feature into tasks',
        '',
        '📊 **Usage so far:** 0 input · 0 output · 0 cache read tokens · $0.00',
        ''
      ].join('\n')
    )
  })

  it('shows hostile text as plain text that pings no one', () => {
    const view = plannedView({
      title: HOSTILE,
      summary: HOSTILE,
      decisions: [HOSTILE],
      tasks: [task('T1', { title: HOSTILE, role: 'dev` @x', dependencies: ['@o/team'] })]
    })
    const text = renderPlanComment(view)
    expect(text.split('<!-- agent-team:').length).toBe(2)
    expect(prose(text)).not.toMatch(/@\w/)
    expect(prose(text)).not.toMatch(/#\d/)
    expect(text).not.toMatch(/<(\/?details|img)/)
    const headings = text.split('\n').filter(line => line.startsWith('#'))
    expect(headings.map(line => line.split(' ')[0])).toEqual(['##', '###', '###', '###'])
    expect(text).toContain(' — ``dev` @x`` · after @\u200bo/team')
  })

  it('stays under the comment limit for 300 tasks with long titles', () => {
    const tasks = Array.from({ length: 300 }, (_, i) =>
      task(`T${i}`, { title: `Title ${i} `.padEnd(400, 'x'), dependencies: i > 0 ? [`T${i - 1}`] : [] })
    )
    const text = renderPlanComment(plannedView({ tasks, decisions: Array(50).fill('d'.repeat(2000)) }))
    expect(text.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT)
    expect(text.startsWith('<!-- agent-team:plan issue=12 -->\n')).toBe(true)
    expect(text).toContain('- [ ] **T299** ')
    expect(text).toContain('_Task graph not drawn: 300 tasks are more than the 60 that stay readable._')
    expect(text).toMatch(/🔗 \[Workflow run\]\(https:\/\/github.com\/o\/r\/actions\/runs\/7\)\n$/)
  })
})
