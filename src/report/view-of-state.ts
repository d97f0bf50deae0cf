import { computeWaves, criticalPath } from '../planning/task-graph.js'
import type { RunView, TaskView } from './run-view.js'
import type { RunState, TaskRecord } from '../state/run-state.js'
import { roundOf } from '../state/round-reducer.js'
import type { RoundRecord } from '../state/run-state.js'
import { usageOf } from '../state/usage-record.js'

/** What the view needs beyond the state: the time it is now, links, and the comment marker. */
export interface ViewOptions {
  /** Milliseconds since the epoch, from the Clock port. */
  now: number
  runUrl?: string
  branchUrl?(branch: string): string
  marker: string
  /** Lines every report of the run must show, e.g. that agents' commands ran without the sandbox. */
  warnings?: string[]
}

/**
 * The snapshot of the run the renderers in `report/` take. A running or blocked task's time is counted up
 * to `now`; a task that has ended shows the time it took; a queued task shows none.
 */
export function runViewOf(state: RunState, options: ViewOptions): RunView {
  const { run } = state
  const view: RunView = {
    title: run.feature_title ?? state.current_feature,
    status: run.status,
    tasks: state.tasks.map(task => taskView(task, options)),
    decisions: state.manager_instructions.decisions.map(d =>
      d.task_id === undefined ? d.decision : `${d.task_id}: ${d.decision}`
    ),
    questions: state.questions.map(q => ({ taskId: q.task_id, question: q.question })),
    waves: computeWaves(state.tasks),
    criticalPath: criticalPath(state.tasks),
    usage: usageOf(state.usage),
    costUsd: state.usage.cost_usd,
    marker: options.marker,
    planVersion: run.plan_version,
    revisions: (state.plan_history ?? []).map(revision => ({
      version: revision.version,
      reason: revision.reason,
      changes: revision.changes
    })),
    round: roundOf(state)
  }
  const round = state.rounds?.find(candidate => candidate.number === view.round)
  if (round) view.roundCause = roundCause(round)
  if (run.issue_number !== undefined) view.issueNumber = run.issue_number
  if (state.plan_summary !== undefined) view.summary = state.plan_summary
  if (options.runUrl !== undefined) view.runUrl = options.runUrl
  if (run.pull_request) view.pullRequestUrl = run.pull_request.url
  if (run.stop_reason !== undefined) view.error = run.stop_reason
  if (options.warnings?.length) view.warnings = options.warnings
  const providers = state.cost_by_provider ?? {}
  if (Object.keys(providers).length > 1) view.costByProvider = providers
  return view
}

function taskView(task: TaskRecord, options: ViewOptions): TaskView {
  const view: TaskView = {
    id: task.id,
    title: task.title,
    role: task.role,
    dependencies: task.dependencies,
    state: task.state
  }
  if (task.model !== undefined) view.model = task.model
  if (task.runner !== undefined) view.runner = task.runner
  if (task.branch !== undefined) {
    view.branch = task.branch
    if (options.branchUrl) view.branchUrl = options.branchUrl(task.branch)
  }
  const elapsed = elapsedMs(task, options.now)
  if (elapsed !== undefined) view.elapsedMs = elapsed
  if (task.attempts > 0) {
    view.usage = usageOf(task.usage)
    view.costUsd = task.usage.cost_usd
  }
  const note =
    task.state === 'failed'
      ? task.failure_reason
      : task.state === 'dropped'
        ? task.dropped_reason
        : task.open_question?.question
  if (note !== undefined) view.note = note
  if (task.round !== undefined) view.round = task.round
  return view
}

function elapsedMs(task: TaskRecord, now: number): number | undefined {
  if (task.started_at === undefined || task.state === 'queued') return undefined
  const start = Date.parse(task.started_at)
  const ended = task.state === 'done' || task.state === 'failed'
  if (ended && task.finished_at === undefined) return undefined
  const end = ended ? Date.parse(task.finished_at as string) : now
  return Math.max(0, end - start)
}

/** What asked for a follow-up round, as people read it: `@octocat's review`. */
function roundCause(round: RoundRecord): string {
  const what = { review: 'review', review_comment: 'review comment', comment: 'comment' }[round.trigger]
  return `@${round.actor}'s ${what}`
}
