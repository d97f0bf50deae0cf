import type { Usage } from '../models/model.js'

/**
 * What the renderers show: a snapshot of a run, built by the orchestrator from the run state. Renderers
 * are pure functions of this value, so the plan comment, the live progress comment, the job summary and
 * the terminal view can never disagree.
 */
export type TaskState = 'queued' | 'running' | 'blocked' | 'done' | 'failed'

export type RunStatus =
  'planning' | 'planned' | 'running' | 'done' | 'partial' | 'waiting' | 'failed' | 'interrupted' | 'stopped'

export interface TaskView {
  id: string
  title: string
  role: string
  dependencies: string[]
  state: TaskState
  branch?: string
  branchUrl?: string
  elapsedMs?: number
  usage?: Usage
  costUsd?: number
  /** Why the task failed or is blocked. */
  note?: string
}

export interface RunView {
  /** The feature's title. */
  title: string
  status: RunStatus
  issueNumber?: number
  summary?: string
  tasks: TaskView[]
  decisions: string[]
  questions: { taskId: string; question: string }[]
  waves: string[][]
  criticalPath: string[]
  usage: Usage
  costUsd: number
  runUrl?: string
  pullRequestUrl?: string
  /** Why the run failed, when it did. */
  error?: string
  /** Shown under the status in every report, never cut (e.g. `sandbox: none`). */
  warnings?: string[]
  /** Marker that identifies this run's comment, e.g. `<!-- agent-team:plan issue=12 -->`. */
  marker: string
}
