import type { Usage } from '../../../src/models/model.js'
import type { Plan } from '../../../src/planning/plan.js'
import type { StateEvent } from '../../../src/state/events.js'
import { reduce } from '../../../src/state/reducer.js'
import { emptyRunState, type RunState } from '../../../src/state/run-state.js'

/** Shared test data for the run state: a three-task plan and the events of a run that builds it. */
export const RUN_KEY = '12-add-dark-mode'
export const START = Date.parse('2025-03-01T10:00:00.000Z')
export const SHA1 = '1111111111111111111111111111111111111111'
export const SHA2 = '2222222222222222222222222222222222222222'
export const SHA3 = '3333333333333333333333333333333333333333'

/** The time `minutes` after the run started, as events carry it. */
export function at(minutes: number): string {
  return new Date(START + minutes * 60_000).toISOString()
}

export function usage(input: number, output: number, cacheWrite = 0, cacheRead = 0): Usage {
  return {
    inputTokens: input,
    outputTokens: output,
    cacheCreationInputTokens: cacheWrite,
    cacheReadInputTokens: cacheRead
  }
}

export const PLAN: Plan = {
  summary: 'The backend stores the preference; the frontend reads it; QA checks both.',
  tasks: [
    {
      id: 'T1',
      title: 'Store the theme preference',
      role: 'backend',
      description: 'Add a theme column and an endpoint.',
      deliverables: ['PUT /api/theme'],
      dependencies: [],
      acceptance_criteria: ['The preference survives a reload'],
      files: ['src/api/theme.ts']
    },
    {
      id: 'T2',
      title: 'Theme toggle',
      role: 'frontend',
      description: 'A toggle in the header.',
      deliverables: ['ThemeToggle component'],
      dependencies: ['T1'],
      acceptance_criteria: ['The toggle switches the theme']
    },
    {
      id: 'T3',
      title: 'Browser tests',
      role: 'qa',
      description: 'End-to-end tests of the toggle.',
      deliverables: ['e2e/theme.spec.ts'],
      dependencies: ['T1', 'T2'],
      acceptance_criteria: ['The tests pass in CI']
    }
  ],
  decisions: ['Colours live in CSS variables', 'The API speaks JSON']
}

export const started: StateEvent = {
  type: 'run_started',
  at: at(0),
  trigger: 'issues.labeled',
  actor: 'octocat',
  issueNumber: 12,
  feature: { title: 'Add dark mode', body: 'Users want a dark theme.' },
  baseBranch: 'main',
  featureBranch: 'agent-team/12-add-dark-mode'
}

export const planned: StateEvent = {
  type: 'plan_made',
  at: at(1),
  plan: PLAN,
  version: 1,
  usage: usage(3000, 800, 1000, 0),
  costUsd: 0.025
}

export function branchOf(taskId: string): string {
  return `agent-team/12-add-dark-mode--${taskId.toLowerCase()}`
}

/** The events that take one task from queued to merged, starting at minute `from`. */
export function taskRun(taskId: string, from: number, sha: string): StateEvent[] {
  return [
    { type: 'task_started', at: at(from), taskId, branch: branchOf(taskId), attempt: 1 },
    { type: 'task_usage', at: at(from + 1), taskId, usage: usage(1000, 100, 0, 500), costUsd: 0.01 },
    {
      type: 'task_finished',
      at: at(from + 2),
      taskId,
      summary: `${taskId} done`,
      filesChanged: [`${taskId}.ts`],
      checksRun: ['npm test']
    },
    { type: 'task_merged', at: at(from + 3), taskId, sha }
  ]
}

/** The state after `events`, starting from an empty run. */
export function play(events: readonly StateEvent[], state: RunState = emptyRunState(RUN_KEY)): RunState {
  return events.reduce(reduce, state)
}

/** A run that has planned and is ready to start tasks. */
export function plannedRun(): RunState {
  return play([started, planned])
}

/**
 * A run with a bit of everything, as a real one looks mid-way: a pull request and comments, one task merged
 * after a conflict, one blocked on a question to people after the manager answered another, updates archived.
 */
export function realisticRun(): RunState {
  const updates: StateEvent[] = Array.from({ length: 60 }, (_, n) => ({
    type: 'agent_update',
    at: at(3 + n / 60),
    taskId: n % 2 === 0 ? 'T1' : 'T2',
    role: n % 2 === 0 ? 'backend' : 'frontend',
    message: `Progress note ${n}`
  }))
  return play([
    started,
    planned,
    { type: 'pull_request_opened', at: at(2), number: 34, url: 'https://github.com/o/r/pull/34' },
    {
      type: 'comment_owned',
      at: at(2),
      kind: 'plan',
      id: 501,
      url: 'https://github.com/o/r/issues/12#issuecomment-501'
    },
    {
      type: 'comment_owned',
      at: at(2),
      kind: 'progress',
      id: 502,
      url: 'https://github.com/o/r/pull/34#issuecomment-502'
    },
    ...taskRun('T1', 3, SHA1).slice(0, 3),
    { type: 'integration_requested', at: at(6), taskId: 'T1', conflictedFiles: ['src/api/theme.ts'] },
    { type: 'integration_resolved', at: at(7), taskId: 'T1' },
    { type: 'task_merged', at: at(8), taskId: 'T1', sha: SHA1 },
    { type: 'task_started', at: at(9), taskId: 'T2', branch: branchOf('T2'), attempt: 1 },
    ...updates,
    { type: 'task_usage', at: at(10), taskId: 'T2', usage: usage(2000, 300, 100, 900), costUsd: 0.0123 },
    { type: 'task_blocked', at: at(11), taskId: 'T2', question: 'Which icon?', askedOf: 'manager' },
    { type: 'manager_usage', at: at(11), usage: usage(200, 20), costUsd: 0.001 },
    { type: 'blocker_answered', at: at(12), taskId: 'T2', answer: 'The moon icon', by: 'manager' },
    {
      type: 'task_blocked',
      at: at(13),
      taskId: 'T2',
      question: 'Should the toggle follow the OS setting?',
      askedOf: 'human'
    },
    { type: 'run_finished', at: at(14), status: 'waiting' }
  ])
}
