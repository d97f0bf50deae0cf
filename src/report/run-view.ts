import type { Usage } from '../models/model.js'
import type { RunStatus, TaskState } from '../state/run-state.js'

/**
 * What the renderers show: a snapshot of a run, built from the run state by `view-of-state.ts`. Renderers
 * are pure functions of this value, so the plan comment, the live progress comment, the job summary and
 * the terminal view can never disagree. The statuses are the state's own.
 */
export type { RunStatus, TaskState }

/** One version of the plan after the first: why the manager made it and what changed. */
export interface PlanRevisionView {
  version: number
  reason: string
  changes: string[]
}

export interface TaskView {
  id: string
  title: string
  role: string
  /** The provider and model of the task's session, as provider:model. */
  model?: string
  /** The workflow run of the task's session, in a run spread over several runners. */
  runner?: { id: string; url?: string }
  dependencies: string[]
  state: TaskState
  branch?: string
  branchUrl?: string
  elapsedMs?: number
  usage?: Usage
  costUsd?: number
  /** Why the task failed, is blocked, or was dropped from the plan. */
  note?: string
  /** The follow-up round that added the task, when it is not the first. */
  round?: number
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
  /** Cost per provider, when the run used more than one. */
  costByProvider?: Record<string, number>
  runUrl?: string
  pullRequestUrl?: string
  /** Why the run failed, when it did. */
  error?: string
  /** Shown under the status in every report, never cut (e.g. `sandbox: none`). */
  warnings?: string[]
  /** The plan's version: 1 as first made, one more for each revision. */
  planVersion: number
  /** Revisions of the plan, oldest first (empty until the plan is revised). */
  revisions: PlanRevisionView[]
  /** The follow-up round the run is in: 1 for the first build, one more for each review round. */
  round: number
  /** What asked for the current round, when it is a follow-up (e.g. `@octocat's review`). */
  roundCause?: string
  /** The hidden marker that identifies this run's comment (one of `publish/markers.ts`). */
  marker: string
}
