import { describe, expect, it } from '@jest/globals'
import { renderProgressComment } from '../../../src/report/progress-comment.js'
import { reduce } from '../../../src/state/reducer.js'
import { runViewOf } from '../../../src/report/view-of-state.js'
import { at, branchOf, play, planned, realisticRun, START, started } from '../state/fixtures.js'

const MARKER = '<!-- agent-team:progress issue=12 -->'
const options = {
  now: START + 20 * 60_000,
  runUrl: 'https://github.com/o/r/actions/runs/9',
  branchUrl: (branch: string) => `https://github.com/o/r/tree/${branch}`,
  marker: MARKER
}

describe('runViewOf', () => {
  it('gives the renderers the whole run: tasks, decisions, questions, graph, totals and links', () => {
    expect(runViewOf(realisticRun(), options)).toEqual({
      title: 'Add dark mode',
      status: 'waiting',
      issueNumber: 12,
      planVersion: 1,
      revisions: [],
      round: 1,
      summary: 'The backend stores the preference; the frontend reads it; QA checks both.',
      tasks: [
        {
          id: 'T1',
          title: 'Store the theme preference',
          role: 'backend',
          dependencies: [],
          state: 'done',
          branch: branchOf('T1'),
          branchUrl: `https://github.com/o/r/tree/${branchOf('T1')}`,
          elapsedMs: 2 * 60_000,
          usage: {
            inputTokens: 1000,
            outputTokens: 100,
            cacheCreationInputTokens: 0,
            cacheReadInputTokens: 500
          },
          costUsd: 0.01
        },
        {
          id: 'T2',
          title: 'Theme toggle',
          role: 'frontend',
          dependencies: ['T1'],
          state: 'blocked',
          branch: branchOf('T2'),
          branchUrl: `https://github.com/o/r/tree/${branchOf('T2')}`,
          elapsedMs: 11 * 60_000,
          usage: {
            inputTokens: 2000,
            outputTokens: 300,
            cacheCreationInputTokens: 100,
            cacheReadInputTokens: 900
          },
          costUsd: 0.0123,
          note: 'Should the toggle follow the OS setting?'
        },
        { id: 'T3', title: 'Browser tests', role: 'qa', dependencies: ['T1', 'T2'], state: 'queued' }
      ],
      decisions: ['Colours live in CSS variables', 'The API speaks JSON', 'T2: The moon icon'],
      questions: [{ taskId: 'T2', question: 'Should the toggle follow the OS setting?' }],
      waves: [['T1'], ['T2'], ['T3']],
      criticalPath: ['T1', 'T2', 'T3'],
      usage: {
        inputTokens: 6200,
        outputTokens: 1220,
        cacheCreationInputTokens: 1100,
        cacheReadInputTokens: 1400
      },
      costUsd: 0.0483,
      runUrl: 'https://github.com/o/r/actions/runs/9',
      pullRequestUrl: 'https://github.com/o/r/pull/34',
      marker: MARKER
    })
  })

  it('counts a running task up to now, and a failed one up to when it failed', () => {
    let state = play([
      started,
      planned,
      { type: 'task_started', at: at(2), taskId: 'T1', branch: branchOf('T1'), attempt: 1 }
    ])
    expect(runViewOf(state, { now: START + 7 * 60_000, marker: MARKER }).tasks[0]!.elapsedMs).toBe(5 * 60_000)
    state = reduce(state, { type: 'task_failed', at: at(4), taskId: 'T1', reason: 'The tests kept failing.' })
    const task = runViewOf(state, { now: START + 60 * 60_000, marker: MARKER }).tasks[0]!
    expect(task).toMatchObject({
      state: 'failed',
      elapsedMs: 2 * 60_000,
      note: 'The tests kept failing.',
      branch: branchOf('T1')
    })
    expect(task.branchUrl).toBeUndefined()
  })

  it('carries why the run stopped', () => {
    const state = play([started, { type: 'run_interrupted', at: at(1), reason: 'The job timed out.' }])
    expect(runViewOf(state, { now: START, marker: MARKER })).toMatchObject({
      status: 'interrupted',
      error: 'The job timed out.',
      tasks: [],
      waves: [],
      criticalPath: []
    })
  })

  it('renders as a progress comment that leads with the marker', () => {
    const comment = renderProgressComment(runViewOf(realisticRun(), options))
    expect(comment.startsWith(MARKER)).toBe(true)
    expect(comment).toContain('Should the toggle follow the OS setting?')
  })
})
