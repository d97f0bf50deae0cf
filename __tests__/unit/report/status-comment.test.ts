import { describe, expect, it } from '@jest/globals'
import { renderNoRunStatus, renderStatusComment } from '../../../src/report/status-comment.js'
import { HOSTILE, prose, smallView, task } from './run-view-fixtures.js'

const NOW = Date.parse('2025-03-01T12:34:56Z')
const MARKER = '<!-- agent-team:status issue=12 -->'
const options = { triggerPhrase: '/agents', now: NOW }

describe('status comment', () => {
  it('starts with its marker and shows the status, questions, tasks, usage, pull request and time', () => {
    const text = renderStatusComment(smallView({ marker: MARKER }), options)

    expect(text.startsWith(`${MARKER}\n`)).toBe(true)
    expect(text).toContain('## 🤖 agent-team status: Add dark mode')
    expect(text).toContain('🏗️ **Running**')
    expect(text).toContain('- **T3**: Which browsers must pass?')
    expect(text).toMatch(/^\| ✅ \| T1 \| Store the theme preference \|/m)
    expect(text).toContain('📊 **Usage:**')
    expect(text).toContain('[Pull request](https://github.com/o/r/pull/13)')
    expect(text).toContain('**Next:** `/agents stop` stops the run')
    expect(text).toContain('_As of 2025-03-01 12:34 UTC._')
    // Compact: the graph and the decisions live in the progress comment.
    expect(text).not.toContain('```mermaid')
    expect(text).not.toContain('Decisions')
  })

  it('says why a stopped run stopped and names the commands that move it on, in the configured phrase', () => {
    const view = smallView({
      marker: MARKER,
      status: 'interrupted',
      error: 'stopped by @octocat',
      questions: [],
      tasks: [task('T1', { state: 'done' }), task('T2', { state: 'failed', note: 'tests failed' })]
    })

    const text = renderStatusComment(view, { ...options, triggerPhrase: '/team' })

    expect(text).toContain('> **Why it stopped:** stopped by @\u200boctocat')
    expect(text).toContain('**Next:** `/team run` resumes the run (merged tasks are kept) · `/team retry T2`')
  })

  it('leaves a waiting run to its answers, and a done run without next steps', () => {
    const waiting = renderStatusComment(smallView({ marker: MARKER, status: 'waiting' }), options)
    const done = renderStatusComment(
      smallView({ marker: MARKER, status: 'done', questions: [], tasks: [task('T1', { state: 'done' })] }),
      options
    )

    expect(waiting).not.toContain('**Next:**')
    expect(waiting).toContain('`/agents answer T3 <your answer>`')
    expect(done).not.toContain('**Next:**')
  })

  it('keeps hostile text inert and fits the limit', () => {
    const tasks = Array.from({ length: 400 }, (_, i) => task(`T${i}`, { title: HOSTILE, note: HOSTILE }))
    const text = renderStatusComment(smallView({ marker: MARKER, title: HOSTILE, tasks }), {
      ...options,
      limit: 20_000
    })

    expect(text.length).toBeLessThanOrEqual(20_000)
    expect(text.split(MARKER)).toHaveLength(2)
    expect(prose(text)).not.toMatch(/@octocat|<!--(?! agent-team:status)|<\/details>\s*<!--/)
  })

  it('tells how to start a run when the issue has none', () => {
    const text = renderNoRunStatus(MARKER, { ...options, label: 'agent-team' })

    expect(text.startsWith(`${MARKER}\n`)).toBe(true)
    expect(text).toContain('There is no run for this issue yet')
    expect(text).toContain('commenting `/agents run`')
    expect(text).toContain('adding the label `agent-team`')
  })
})
