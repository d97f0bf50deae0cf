import type { TeamConfig } from '../config/team-config.js'
import type { Usage } from '../models/model.js'
import { computeWaves, criticalPath } from '../planning/task-graph.js'
import type { Plan } from '../planning/plan.js'
import type { RunView } from '../report/run-view.js'
import type { Feature } from '../trigger/request.js'

/** The hidden marker that lets a later run find (and edit) the plan comment instead of posting again. */
export function planMarker(issueNumber: number | undefined): string {
  return `<!-- agent-team:plan issue=${issueNumber ?? 'none'} -->`
}

/** The view of a run that has just planned (or failed to). */
export function planView(input: {
  feature: Feature
  plan?: Plan
  team: TeamConfig
  usage: Usage
  costUsd: number
  failure?: string
  issueNumber?: number
  runUrl?: string
}): RunView {
  const tasks = input.plan?.tasks ?? []
  return {
    title: input.feature.title,
    status: input.plan ? 'planned' : 'failed',
    issueNumber: input.issueNumber,
    summary: input.plan?.summary,
    tasks: tasks.map(task => ({
      id: task.id,
      title: task.title,
      role: task.role,
      dependencies: task.dependencies,
      state: 'queued'
    })),
    decisions: input.plan?.decisions ?? [],
    questions: [],
    waves: input.plan ? computeWaves(tasks) : [],
    criticalPath: input.plan ? criticalPath(tasks) : [],
    usage: input.usage,
    costUsd: input.costUsd,
    runUrl: input.runUrl,
    error: input.failure,
    marker: planMarker(input.issueNumber)
  }
}
