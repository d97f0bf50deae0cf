import { describe, expect, it } from '@jest/globals'
import { describeChanges } from '../../src/report/terminal-events.js'
import { renderTerminalView } from '../../src/report/terminal-view.js'
import { smallView, task, usage } from '../unit/report/run-view-fixtures.js'
import { ESCAPE } from './cli-harness.js'

describe('terminal view', () => {
  it('shows a heading, then one aligned line per task with state, role, time, tokens and title', () => {
    const lines = renderTerminalView(smallView())

    expect(lines[0]).toBe(
      'agent-team · Add dark mode · running · 1 done, 1 running, 1 queued, 1 blocked · 56.4k tokens · $0.0143'
    )
    expect(lines.slice(1)).toEqual([
      '  T1  done     backend-dev   3m 05s  52k / 3.4k tok  Store the theme preference',
      '  T2  running  frontend-dev     45s   800 / 200 tok  Theme toggle',
      '  T3  blocked  qa                                    Browser tests — Which browsers must pass?',
      '  T4  queued   writer                                Docs'
    ])
  })

  it('keeps every line within the width, so a redraw never wraps', () => {
    const lines = renderTerminalView(smallView(), { width: 40 })

    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(40)
    expect(lines[1]!.endsWith('…')).toBe(true)
  })

  it('prints model text without control characters, so a title cannot move the cursor or clear the screen', () => {
    const view = smallView({
      title: 'Dark \u001b[2J mode',
      tasks: [task('T1', { title: 'Evil\u001b]0;pwned\u0007 title\u009b31m', role: 'dev\u001b[1A' })]
    })

    const text = renderTerminalView(view).join('\n')

    expect(text).not.toContain('\u001b')
    expect(text).not.toContain('\u0007')
    expect(text).not.toContain('\u009b')
    expect(text).toContain('Evil]0;pwned title31m')
  })
})

describe('terminal events', () => {
  it('tells the start of a run: planning, then the plan', () => {
    const planning = smallView({ status: 'planning', tasks: [], waves: [] })
    const planned = smallView({
      status: 'planned',
      tasks: smallView().tasks.map(t => ({
        ...t,
        state: 'queued' as const,
        elapsedMs: undefined,
        usage: undefined
      }))
    })

    expect(describeChanges(undefined, planning)).toEqual(['planning "Add dark mode"'])
    expect(describeChanges(planning, planned)).toEqual(['plan ready: 4 tasks in 4 waves'])
  })

  it('prints one line per task whose state moved, and nothing when only numbers changed', () => {
    const before = smallView()
    const after = smallView({
      tasks: before.tasks.map(t =>
        t.id === 'T2'
          ? { ...t, state: 'done' as const, elapsedMs: 61_000 }
          : t.id === 'T4'
            ? { ...t, state: 'running' as const }
            : { ...t, elapsedMs: (t.elapsedMs ?? 0) + 1000, usage: usage(99_999, 1) }
      )
    })

    expect(describeChanges(before, after)).toEqual([
      'T2 done (frontend-dev) in 1m 01s, 1k tokens',
      'T4 running (writer)'
    ])
    expect(describeChanges(after, { ...after, usage: usage(1, 1) })).toEqual([])
  })

  it('gives the reason of a failed or blocked task, and ends with the outcome of the run', () => {
    const before = smallView()
    const after = smallView({
      status: 'partial',
      error: 'failed: T4',
      tasks: [...before.tasks.slice(0, 3), { ...before.tasks[3]!, state: 'failed', note: 'tests fail' }]
    })

    expect(describeChanges(before, after)).toEqual([
      'T4 failed (writer): tests fail',
      'run partial: 1/4 tasks done, 56.4k tokens, $0.0143 — failed: T4'
    ])
    for (const line of describeChanges(undefined, after)) expect(line).not.toContain(ESCAPE)
  })
})
