import type { PlanTask } from '../planning/plan.js'
import { StateError } from '../util/errors.js'
import { withCompatibleViews } from './compatible-views.js'
import type {
  CommentOwned,
  ManagerUsage,
  PlanMade,
  PullRequestOpened,
  RunFinished,
  RunInterrupted,
  RunResumed,
  RunStarted,
  StateEvent
} from './events.js'
import {
  idList,
  nextId,
  refuse,
  requireInProgress,
  requireStarted,
  STOPPED_STATUSES,
  without
} from './reduce-support.js'
import { zeroUsageRecord, type Decision, type RunState, type TaskRecord } from './run-state.js'
import { reduceTaskEvent } from './task-reducer.js'
import { addUsageRecords, usageRecordOf } from './usage-record.js'

/**
 * The state after `event`: a new value, never a change to `state`. Every event stamps `run.updated_at`
 * and rewrites the classic layout's task lists from `tasks`. An event that cannot have happened in this
 * state (finishing an unknown task, merging one that has not finished) throws a StateError naming it:
 * that is a bug in the engine, and writing it down would corrupt the record of the run.
 */
export function reduce(state: RunState, event: StateEvent): RunState {
  const next = apply(state, event)
  return withCompatibleViews({ ...next, run: { ...next.run, updated_at: event.at } })
}

function apply(state: RunState, event: StateEvent): RunState {
  switch (event.type) {
    case 'run_started':
      return runStarted(state, event)
    case 'run_resumed':
      return runResumed(state, event)
    case 'plan_made':
      return planMade(state, event)
    case 'manager_usage':
      return managerUsage(state, event)
    case 'pull_request_opened':
      return pullRequestOpened(state, event)
    case 'comment_owned':
      return commentOwned(state, event)
    case 'run_finished':
      return runFinished(state, event)
    case 'run_interrupted':
      return runInterrupted(state, event)
    case 'task_started':
    case 'task_usage':
    case 'agent_update':
    case 'task_blocked':
    case 'blocker_answered':
    case 'task_finished':
    case 'task_merged':
    case 'task_failed':
    case 'integration_requested':
    case 'integration_resolved':
    case 'task_reset':
      return reduceTaskEvent(state, event)
    default: {
      const unknown: never = event
      throw new StateError(
        `Unknown state event type ${JSON.stringify((unknown as { type?: unknown }).type)}.`
      )
    }
  }
}

function runStarted(state: RunState, event: RunStarted): RunState {
  if (state.run.started_at !== undefined) {
    throw refuse(
      event,
      `the run already started at ${state.run.started_at} (a later workflow run resumes it)`
    )
  }
  return {
    ...state,
    run: {
      ...state.run,
      status: 'planning',
      trigger: event.trigger,
      actor: event.actor,
      ...(event.issueNumber === undefined ? {} : { issue_number: event.issueNumber }),
      feature_title: event.feature.title,
      feature_body: event.feature.body,
      base_branch: event.baseBranch,
      feature_branch: event.featureBranch,
      started_at: event.at
    }
  }
}

function runResumed(state: RunState, event: RunResumed): RunState {
  requireStarted(state, event)
  if (!STOPPED_STATUSES.has(state.run.status)) throw refuse(event, `the run is still ${state.run.status}`)
  const status = state.run.plan_version > 0 ? 'running' : 'planning'
  return { ...state, run: { ...without(state.run, ['finished_at', 'stop_reason']), status } }
}

/**
 * A new plan. Tasks keep their progress when the new plan keeps their id (their definition is replaced);
 * work that was started stays on record even if the plan drops it; queued tasks the plan drops go.
 * Decisions are never removed: the plan's new ones are added after those already made.
 */
function planMade(state: RunState, event: PlanMade): RunState {
  requireInProgress(state, event)
  if (event.version <= state.run.plan_version) {
    throw refuse(event, `plan version ${event.version} is not newer than version ${state.run.plan_version}`)
  }
  const ids = event.plan.tasks.map(task => task.id)
  const repeated = ids.filter((id, index) => ids.indexOf(id) !== index)
  if (repeated.length > 0)
    throw refuse(event, `the plan repeats the task id ${idList([...new Set(repeated)])}`)

  const previous = new Map(state.tasks.map(task => [task.id, task]))
  const planned = event.plan.tasks.map(definition => withDefinition(previous.get(definition.id), definition))
  const kept = state.tasks.filter(task => !ids.includes(task.id) && task.state !== 'queued')

  const decisions: Decision[] = [...state.manager_instructions.decisions]
  for (const text of event.plan.decisions) {
    if (decisions.some(decision => decision.decision === text)) continue
    const decisionId = nextId(
      'D',
      decisions.map(decision => decision.decision_id)
    )
    decisions.push({ decision_id: decisionId, decision: text, decided_by: 'plan', decided_at: event.at })
  }

  const spent = usageRecordOf(event.usage, event.costUsd)
  return {
    ...state,
    run: {
      ...state.run,
      plan_version: event.version,
      status: state.run.status === 'planning' ? 'planned' : state.run.status
    },
    plan_summary: event.plan.summary,
    tasks: [...planned, ...kept],
    manager_instructions: { ...state.manager_instructions, decisions },
    manager_usage: addUsageRecords(state.manager_usage, spent),
    usage: addUsageRecords(state.usage, spent)
  }
}

function withDefinition(task: TaskRecord | undefined, definition: PlanTask): TaskRecord {
  const progress = task
    ? without(task, ['files'])
    : { state: 'queued' as const, attempts: 0, usage: zeroUsageRecord }
  return {
    ...progress,
    id: definition.id,
    title: definition.title,
    role: definition.role,
    description: definition.description,
    deliverables: definition.deliverables,
    dependencies: definition.dependencies,
    acceptance_criteria: definition.acceptance_criteria,
    ...(definition.files === undefined ? {} : { files: definition.files })
  }
}

function managerUsage(state: RunState, event: ManagerUsage): RunState {
  requireStarted(state, event)
  const spent = usageRecordOf(event.usage, event.costUsd)
  return {
    ...state,
    manager_usage: addUsageRecords(state.manager_usage, spent),
    usage: addUsageRecords(state.usage, spent)
  }
}

function pullRequestOpened(state: RunState, event: PullRequestOpened): RunState {
  requireStarted(state, event)
  const owned = state.run.pull_request
  if (owned && owned.number !== event.number) {
    throw refuse(event, `the run already owns pull request #${owned.number}`)
  }
  const pull = {
    number: event.number,
    url: event.url,
    ...(event.draft === false ? { draft: false } : {})
  }
  return { ...state, run: { ...state.run, pull_request: pull } }
}

function commentOwned(state: RunState, event: CommentOwned): RunState {
  requireStarted(state, event)
  const key = event.kind === 'plan' ? 'plan_comment' : 'progress_comment'
  return { ...state, run: { ...state.run, [key]: { id: event.id, url: event.url } } }
}

/**
 * The end of a run. `failed` is also the way out of an unexpected error, so it may come while sessions
 * are still going: their tasks go back to the queue, as on an interruption. Any other ending must come
 * after every session has ended with its own event.
 */
function runFinished(state: RunState, event: RunFinished): RunState {
  requireInProgress(state, event)
  const live = state.tasks.filter(hasSession)
  if (live.length > 0 && event.status !== 'failed') {
    throw refuse(event, `${idList(live)} still ${live.length === 1 ? 'has' : 'have'} a session`)
  }
  if (event.status === 'done') {
    const open = state.tasks.filter(task => task.state !== 'done')
    if (state.run.plan_version === 0) throw refuse(event, 'a run without a plan cannot be done')
    if (open.length > 0) throw refuse(event, `${idList(open)} ${open.length === 1 ? 'is' : 'are'} not done`)
  }
  if (event.status === 'waiting' && state.questions.length === 0) {
    throw refuse(event, 'no question is waiting for an answer')
  }
  return {
    ...state,
    tasks: state.tasks.map(requeueIfLive),
    run: {
      ...without(state.run, ['stop_reason']),
      status: event.status,
      finished_at: event.at,
      ...(event.error === undefined ? {} : { stop_reason: event.error })
    }
  }
}

/** Sessions end with the halt: their tasks go back to the queue. Questions to people stay open. */
function runInterrupted(state: RunState, event: RunInterrupted): RunState {
  requireInProgress(state, event)
  return {
    ...state,
    tasks: state.tasks.map(requeueIfLive),
    run: {
      ...state.run,
      status: event.as ?? 'interrupted',
      finished_at: event.at,
      stop_reason: event.reason
    }
  }
}

/** A task an agent session is working on, or waiting in for the manager's answer. */
function hasSession(task: TaskRecord): boolean {
  return task.state === 'running' || (task.state === 'blocked' && task.open_question?.asked_of === 'manager')
}

function requeueIfLive(task: TaskRecord): TaskRecord {
  return hasSession(task) ? { ...without(task, ['started_at', 'open_question']), state: 'queued' } : task
}
