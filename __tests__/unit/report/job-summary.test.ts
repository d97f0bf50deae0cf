import { describe, expect, it } from '@jest/globals'
import { renderJobSummary } from '../../../src/report/job-summary.js'
import { GITHUB_COMMENT_LIMIT, renderProgressComment } from '../../../src/report/progress-comment.js'
import { bareView, smallView, task } from './run-view-fixtures.js'

describe('renderJobSummary', () => {
  it('is the progress view without the marker, linking the pull request', () => {
    const view = smallView()
    const summary = renderJobSummary(view)
    const comment = renderProgressComment(view)
    expect(summary.startsWith('## 🤖 agent-team: Add dark mode\n')).toBe(true)
    expect(summary).not.toContain('<!--')
    expect(
      summary.endsWith(
        '🔗 [Workflow run](https://github.com/o/r/actions/runs/7) · [Pull request](https://github.com/o/r/pull/13)\n'
      )
    ).toBe(true)
    const between = (text: string): string => text.slice(text.indexOf('## 🤖'), text.indexOf('🔗'))
    expect(between(summary)).toBe(between(comment))
  })

  it('reports a failed run with its error and no links when none are known', () => {
    const summary = renderJobSummary(bareView({ status: 'failed', error: 'No ANTHROPIC_API_KEY was given' }))
    expect(summary).toBe(
      [
        '## 🤖 agent-team: Bare',
        '',
        '❌ **Failed** — no tasks',
        '',
        '> **Error:** No ANTHROPIC\\_API\\_KEY was given',
        '',
        '📊 **Totals:** 0 input · 0 output · 0 cache read tokens · $0.00',
        ''
      ].join('\n')
    )
  })

  it('keeps to the comment limit, so a large run stays readable', () => {
    const tasks = Array.from({ length: 500 }, (_, i) =>
      task(`T${i}`, { title: 'x'.repeat(300), note: 'n'.repeat(2000), state: 'failed' })
    )
    const summary = renderJobSummary(smallView({ tasks }))
    expect(summary.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT)
    expect(summary).toContain('> ✂️ The rest of this summary was cut to keep it readable.')
    expect(summary).toContain('[Pull request](https://github.com/o/r/pull/13)')
  })
})

describe('a task done on a runner of its own', () => {
  it('links the workflow run that did it, in the job summary and the progress comment alike', () => {
    const runner = { id: '5004-1', url: 'https://github.com/o/r/actions/runs/5004' }
    const view = smallView({
      tasks: [task('T1', { state: 'done', runner }), task('T2', { state: 'running' })]
    })
    for (const text of [renderJobSummary(view), renderProgressComment(view)]) {
      expect(text).toContain('| done · [run 5004](https://github.com/o/r/actions/runs/5004) |')
      expect(text).toMatch(/\| running \|/)
    }
  })

  it('names the run without a link when its address is not a web page', () => {
    const view = smallView({
      tasks: [task('T1', { state: 'done', runner: { id: '77-2', url: 'javascript:x' } })]
    })
    expect(renderJobSummary(view)).toContain('| done · run 77 |')
  })
})
