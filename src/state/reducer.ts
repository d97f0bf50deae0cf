import { StateError } from '../util/errors.js'
import { withCompatibleViews } from './compatible-views.js'
import type {
  CommentOwned,
  ManagerUsage,
  PullRequestOpened,
  RunFinished,
  RunInterrupted,
  RunResumed,
  RunStarted,
  StateEvent
} from './events.js'
import {
  idList,
  refuse,
  requireInProgress,
  requireStarted,
  STOPPED_STATUSES,
  without
} from './reduce-support.js'
import type { RunState, TaskRecord } from './run-state.js'
import { approvalRequested, planApproved, planMade } from './plan-reducer.js'
import { reduceRoundEvent } from './round-reducer.js'
import { reduceTaskEvent } from './task-reducer.js'
import { reduceRunnerEvent } from './runner-reducer.js'
import { addUsageRecords, costByProvider, usageRecordOf } from './usage-record.js'

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
    case 'approval_requested':
      return approvalRequested(state, event)
    case 'plan_approved':
      return planApproved(state, event)
    case 'round_started':
    case 'comments_triaged':
    case 'thread_replied':
      return reduceRoundEvent(state, event)
    case 'manager_usage':
      return managerUsage(state, event)
    case 'pull_request_opened':
      return pullRequestOpened(state, event)
    case 'comment_owned':
      return commentOwned(state, event)
    case 'task_dispatched':
    case 'task_heartbeat':
    case 'run_finishing':
      return reduceRunnerEvent(state, event)
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
  if (state.run.status === 'awaiting_approval') {
    throw refuse(event, 'the plan is waiting for approval (plan_approved sets it going)')
  }
  const status = state.run.plan_version > 0 ? 'running' : 'planning'
  // A run spread over runners that goes again will need a finishing step of its own.
  return { ...state, run: { ...without(state.run, ['finished_at', 'stop_reason', 'finisher']), status } }
}

function managerUsage(state: RunState, event: ManagerUsage): RunState {
  requireStarted(state, event)
  const spent = usageRecordOf(event.usage, event.costUsd)
  return {
    ...state,
    manager_usage: addUsageRecords(state.manager_usage, spent),
    usage: addUsageRecords(state.usage, spent),
    ...costByProvider(state, event.provider, event.costUsd)
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
    const open = state.tasks.filter(task => task.state !== 'done' && task.state !== 'dropped')
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

/**
 * Sessions end with the halt: their tasks go back to the queue. Questions to people stay open. A plan waiting
 * for approval has no session; `/agents stop` ends it the same way.
 */
function runInterrupted(state: RunState, event: RunInterrupted): RunState {
  if (state.run.status !== 'awaiting_approval') requireInProgress(state, event)
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
