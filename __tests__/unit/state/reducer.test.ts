import { describe, expect, it } from '@jest/globals'
import type { StateEvent } from '../../../src/state/events.js'
import { reduce } from '../../../src/state/reducer.js'
import {
  at,
  branchOf,
  play,
  planned,
  plannedRun,
  PLAN,
  SHA1,
  SHA2,
  SHA3,
  started,
  taskRun,
  usage
} from './fixtures.js'

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

const integration: StateEvent[] = [
  { type: 'task_started', at: at(10), taskId: 'T2', branch: branchOf('T2'), attempt: 1 },
  { type: 'task_usage', at: at(11), taskId: 'T2', usage: usage(1000, 100, 0, 500), costUsd: 0.01 },
  {
    type: 'task_finished',
    at: at(12),
    taskId: 'T2',
    summary: 'toggle',
    filesChanged: ['src/app.ts'],
    checksRun: ['npm test']
  },
  { type: 'integration_requested', at: at(13), taskId: 'T2', conflictedFiles: ['src/app.ts'] },
  { type: 'integration_resolved', at: at(14), taskId: 'T2', resolution: 'kept both imports' },
  { type: 'task_merged', at: at(15), taskId: 'T2', sha: SHA2 }
]

const happyPath: StateEvent[] = [
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
  ...taskRun('T1', 3, SHA1),
  {
    type: 'agent_update',
    at: at(7),
    taskId: 'T2',
    role: 'frontend',
    message: 'Reading the header component'
  },
  ...integration,
  ...taskRun('T3', 20, SHA3),
  { type: 'run_finished', at: at(25), status: 'done' }
]

describe('reduce: a run from trigger to done', () => {
  it('records who started the run, from what, and where its work goes', () => {
    const state = play([started])
    expect(state.run).toEqual({
      key: '12-add-dark-mode',
      status: 'planning',
      plan_version: 0,
      trigger: 'issues.labeled',
      actor: 'octocat',
      issue_number: 12,
      feature_title: 'Add dark mode',
      feature_body: 'Users want a dark theme.',
      base_branch: 'main',
      feature_branch: 'agent-team/12-add-dark-mode',
      started_at: at(0),
      updated_at: at(0)
    })
    expect(state.current_feature).toBe('Add dark mode')
  })

  it('turns the plan into queued tasks, plan decisions and the manager’s usage', () => {
    const state = plannedRun()
    expect(state.run.status).toBe('planned')
    expect(state.run.plan_version).toBe(1)
    expect(state.plan_summary).toBe(PLAN.summary)
    expect(state.tasks.map(task => [task.id, task.state, task.attempts])).toEqual([
      ['T1', 'queued', 0],
      ['T2', 'queued', 0],
      ['T3', 'queued', 0]
    ])
    expect(state.tasks[0]!.files).toEqual(['src/api/theme.ts'])
    expect(state.manager_instructions.active_tasks.map(task => [task.task_id, task.status])).toEqual([
      ['T1', 'pending'],
      ['T2', 'pending'],
      ['T3', 'pending']
    ])
    expect(state.manager_usage).toEqual({
      input_tokens: 3000,
      output_tokens: 800,
      cache_creation_input_tokens: 1000,
      cache_read_input_tokens: 0,
      cost_usd: 0.025
    })
    expect(state.usage).toEqual(state.manager_usage)
  })

  it('derives the active and completed task lists from the task states mid-run', () => {
    const state = play(happyPath.slice(0, happyPath.indexOf(integration[0]!) + 1))
    expect(state.run.status).toBe('running')
    expect(state.manager_instructions.completed_tasks).toEqual([
      {
        task_id: 'T1',
        title: 'Store the theme preference',
        assigned_to: 'backend',
        status: 'completed',
        description: 'Add a theme column and an endpoint.',
        depends_on: [],
        branch: 'agent-team/12-add-dark-mode--t1',
        completed_at: at(5),
        merge_sha: SHA1
      }
    ])
    expect(state.manager_instructions.active_tasks).toEqual([
      {
        task_id: 'T2',
        title: 'Theme toggle',
        assigned_to: 'frontend',
        status: 'in_progress',
        description: 'A toggle in the header.',
        depends_on: ['T1'],
        branch: 'agent-team/12-add-dark-mode--t2'
      },
      {
        task_id: 'T3',
        title: 'Browser tests',
        assigned_to: 'qa',
        status: 'pending',
        description: 'End-to-end tests of the toggle.',
        depends_on: ['T1', 'T2']
      }
    ])
  })

  it('ends with every task completed, merged, and the usage of the manager and all tasks summed', () => {
    const state = play(happyPath)
    expect(state.run.status).toBe('done')
    expect(state.run.finished_at).toBe(at(25))
    expect(state.run.updated_at).toBe(at(25))
    expect(state.manager_instructions.active_tasks).toEqual([])
    expect(
      state.manager_instructions.completed_tasks.map(task => [
        task.task_id,
        task.completed_at,
        task.merge_sha
      ])
    ).toEqual([
      ['T1', at(5), SHA1],
      ['T2', at(12), SHA2],
      ['T3', at(22), SHA3]
    ])
    expect(state.usage).toEqual({
      input_tokens: 6000,
      output_tokens: 1100,
      cache_creation_input_tokens: 1000,
      cache_read_input_tokens: 1500,
      cost_usd: 0.055
    })
    expect(state.tasks[1]).toMatchObject({
      state: 'done',
      attempts: 1,
      started_at: at(10),
      finished_at: at(12),
      summary: 'toggle',
      files_changed: ['src/app.ts'],
      checks_run: ['npm test'],
      merge_sha: SHA2,
      usage: {
        input_tokens: 1000,
        output_tokens: 100,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 500,
        cost_usd: 0.01
      }
    })
    expect(state.manager_instructions.decisions).toEqual([
      { decision_id: 'D1', decision: 'Colours live in CSS variables', decided_by: 'plan', decided_at: at(1) },
      { decision_id: 'D2', decision: 'The API speaks JSON', decided_by: 'plan', decided_at: at(1) }
    ])
    expect(state.integration_requests).toEqual([
      {
        request_id: 'IR1',
        task_id: 'T2',
        branch: branchOf('T2'),
        conflicted_files: ['src/app.ts'],
        status: 'resolved',
        requested_at: at(13),
        resolved_at: at(14),
        resolution: 'kept both imports'
      }
    ])
    expect(state.agent_updates).toEqual([
      { timestamp: at(7), agent_id: 'frontend', task_id: 'T2', summary: 'Reading the header component' }
    ])
  })

  it('remembers the pull request and the comments it owns, so a re-run edits them', () => {
    const { run } = play(happyPath)
    expect(run.pull_request).toEqual({ number: 34, url: 'https://github.com/o/r/pull/34' })
    expect(run.plan_comment).toEqual({ id: 501, url: 'https://github.com/o/r/issues/12#issuecomment-501' })
    expect(run.progress_comment).toEqual({ id: 502, url: 'https://github.com/o/r/pull/34#issuecomment-502' })
  })

  it('never changes the state it is given', () => {
    let state = deepFreeze(play([]))
    for (const event of happyPath) state = deepFreeze(reduce(state, event))
    expect(state.run.status).toBe('done')
  })
})
