import { describe, expect, it } from '@jest/globals'
import type { StateEvent } from '../../../src/state/events.js'
import { GITHUB_COMMENT_LIMIT } from '../../../src/report/fit-to-limit.js'
import { renderJobSummary } from '../../../src/report/job-summary.js'
import { renderProgressComment } from '../../../src/report/progress-comment.js'
import { runViewOf } from '../../../src/report/view-of-state.js'
import type { RunState } from '../../../src/state/run-state.js'
import { at, play, START, started } from '../state/fixtures.js'

const WIDTH = 16
const id = (index: number): string => `T${String(index + 1).padStart(3, '0')}`

/**
 * A run of 200 tasks in waves of 16 (each task depends on the whole wave before), with long titles and
 * notes: the first 10 waves merged; in wave 11, 8 failed (with a long reason), 4 blocked on a question and 4
 * running; the rest queued.
 */
function bigRun(): RunState {
  const tasks = Array.from({ length: 200 }, (_, index) => {
    const wave = Math.floor(index / WIDTH)
    const dependencies = wave === 0 ? [] : Array.from({ length: WIDTH }, (_, j) => id((wave - 1) * WIDTH + j))
    return {
      id: id(index),
      title: `Module ${index + 1}: ${'a long title that says a lot about the module '.repeat(3)}`,
      role: 'backend',
      description: 'Build it.',
      deliverables: ['code'],
      dependencies,
      acceptance_criteria: ['works']
    }
  })
  const events: StateEvent[] = [
    started,
    {
      type: 'plan_made',
      at: at(1),
      plan: { summary: '200 modules', decisions: [], tasks },
      version: 1,
      usage: { inputTokens: 1, outputTokens: 1, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
      costUsd: 0
    }
  ]
  let minute = 2
  const sha = (index: number): string => (index + 1).toString(16).padStart(40, '0')
  for (let index = 0; index < 10 * WIDTH; index++) {
    const taskId = id(index)
    events.push(
      { type: 'task_started', at: at(minute), taskId, branch: `agent-team/1-big--${taskId}`, attempt: 1 },
      {
        type: 'task_finished',
        at: at(minute + 1),
        taskId,
        summary: 'done',
        filesChanged: [],
        checksRun: []
      },
      { type: 'task_merged', at: at(minute + 2), taskId, sha: sha(index) }
    )
    minute += 3
  }
  for (let j = 0; j < WIDTH; j++) {
    const taskId = id(10 * WIDTH + j)
    events.push({
      type: 'task_started',
      at: at(minute),
      taskId,
      branch: `agent-team/1-big--${taskId}`,
      attempt: 1
    })
    if (j < 8) {
      events.push({
        type: 'task_failed',
        at: at(minute + 1),
        taskId,
        reason: `tests fail: ${'x'.repeat(400)}`
      })
    } else if (j < 12) {
      events.push({
        type: 'task_blocked',
        at: at(minute + 1),
        taskId,
        question: `Which database? ${'q'.repeat(300)}`,
        askedOf: 'human'
      })
    }
  }
  return play(events)
}

describe('the reports of a 200-task run', () => {
  const view = runViewOf(bigRun(), {
    now: START + 24 * 3600_000,
    marker: '<!-- agent-team:progress issue=1 -->',
    runUrl: 'https://github.com/o/r/actions/runs/7',
    branchUrl: branch => `https://github.com/o/r/tree/${branch}`
  })

  it.each([
    ['progress comment', renderProgressComment(view)],
    ['job summary', renderJobSummary(view)]
  ])('keep the %s short and under GitHub’s limit by folding the finished waves', (_, text) => {
    expect(text.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT)
    expect(text.length).toBeLessThan(30_000)
    expect(text).not.toContain('✂️')
    for (let wave = 0; wave < 10; wave++) {
      const [first, last] = [id(wave * WIDTH), id(wave * WIDTH + WIDTH - 1)]
      expect(text).toContain(`<summary>✅ Wave ${wave + 1} · ${first}–${last}: 16 tasks done</summary>`)
    }
    // Every task of the unfinished waves keeps its row, failed and blocked ones first.
    const rows = text.split('\n').filter(line => /^\| [^|]+ \| T\d{3} \|/.test(line))
    expect(rows).toHaveLength(40)
    expect(rows.slice(0, 12).map(row => row.split(' | ')[1])).toEqual(
      Array.from({ length: 12 }, (_, j) => id(10 * WIDTH + j))
    )
    expect(rows.slice(0, 8).every(row => row.startsWith('| ❌'))).toBe(true)
    expect(rows.slice(8, 12).every(row => row.startsWith('| ⛔'))).toBe(true)
    expect(text).toContain('Which database?')
  })

  it('lists every task in full while the run is small enough', () => {
    const small = { ...view, tasks: view.tasks.slice(0, 20), waves: view.waves.slice(0, 2) }
    const text = renderProgressComment(small)
    expect(text).not.toContain('<summary>✅ Wave')
    expect(text.split('\n').filter(line => /^\| [^|]+ \| T\d{3} \|/.test(line))).toHaveLength(20)
  })
})
