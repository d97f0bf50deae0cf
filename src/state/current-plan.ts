import type { RunState, TaskRecord } from './run-state.js'
import type { Plan, PlanTask } from '../planning/plan.js'
import type { Feature } from '../trigger/request.js'
import type { TaskSnapshot } from '../planning/revise-plan.js'

/**
 * The plan as the state holds it, or undefined when planning failed. Dropped tasks are history, not work:
 * they are left out, so a resumed or approved run never schedules them.
 */
export function planOf(state: RunState): Plan | undefined {
  if (state.run.status === 'failed' || state.tasks.length === 0) return undefined
  return {
    summary: state.plan_summary ?? '',
    decisions: state.manager_instructions.decisions.map(d => d.decision),
    tasks: state.tasks.filter(task => task.state !== 'dropped').map(definitionOf)
  }
}

/** The current plan as the manager reads it when revising: every task, dropped ones too, with its progress. */
export function planSnapshot(state: RunState): {
  summary: string
  decisions: string[]
  tasks: TaskSnapshot[]
} {
  return {
    summary: state.plan_summary ?? '',
    decisions: state.manager_instructions.decisions.map(d => d.decision),
    tasks: state.tasks.map(task => ({
      ...definitionOf(task),
      state: task.state,
      merged: task.merge_sha !== undefined,
      ...(task.summary === undefined ? {} : { summary: task.summary }),
      ...(task.failure_reason === undefined ? {} : { failure: task.failure_reason })
    }))
  }
}

function definitionOf(task: TaskRecord): PlanTask {
  return {
    id: task.id,
    title: task.title,
    role: task.role,
    description: task.description,
    deliverables: task.deliverables,
    dependencies: task.dependencies,
    acceptance_criteria: task.acceptance_criteria,
    ...(task.files === undefined ? {} : { files: task.files })
  }
}

/** The feature the run builds, as the state recorded it when the run started. */
export function featureOf(state: RunState): Feature {
  return { title: state.run.feature_title ?? state.current_feature, body: state.run.feature_body ?? '' }
}
