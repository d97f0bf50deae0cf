import { appendAgentUpdate } from './agent-updates.js'
import type {
  AgentUpdateEvent,
  BlockerAnswered,
  IntegrationRequested,
  IntegrationResolved,
  TaskBlocked,
  TaskEvent,
  TaskFailed,
  TaskFinished,
  TaskMerged,
  TaskReset,
  TaskStarted,
  TaskUsage
} from './events.js'
import {
  idList,
  nextId,
  refuse,
  replaceTask,
  requireInProgress,
  requireTask,
  without
} from './reduce-support.js'
import type { RunState, TaskRecord } from './run-state.js'
import { addUsageRecords, costByProvider, usageRecordOf } from './usage-record.js'

const COMMIT_SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/

/** The state after an event about one task; throws a StateError when the event does not fit the task. */
export function reduceTaskEvent(state: RunState, event: TaskEvent): RunState {
  const task = requireTask(state, event)
  requireInProgress(state, event)
  switch (event.type) {
    case 'task_started':
      return taskStarted(state, task, event)
    case 'task_usage':
      return taskUsage(state, task, event)
    case 'agent_update':
      return agentUpdate(state, event)
    case 'task_blocked':
      return taskBlocked(state, task, event)
    case 'blocker_answered':
      return blockerAnswered(state, task, event)
    case 'task_finished':
      return taskFinished(state, task, event)
    case 'task_merged':
      return taskMerged(state, task, event)
    case 'task_failed':
      return taskFailed(state, task, event)
    case 'integration_requested':
      return integrationRequested(state, task, event)
    case 'integration_resolved':
      return integrationResolved(state, event)
    case 'task_reset':
      return taskReset(state, task, event)
  }
}

function taskStarted(state: RunState, task: TaskRecord, event: TaskStarted): RunState {
  if (task.state !== 'queued') throw refuse(event, `the task is ${task.state}, not queued`)
  if (event.attempt !== task.attempts + 1) {
    throw refuse(event, `attempt ${event.attempt} does not follow attempt ${task.attempts}`)
  }
  const unmerged = task.dependencies.filter(id => state.tasks.find(t => t.id === id)?.merge_sha === undefined)
  if (unmerged.length > 0) throw refuse(event, `it depends on ${idList(unmerged)}, not merged yet`)

  const started: TaskRecord = {
    ...without(task, ['finished_at']),
    state: 'running',
    branch: event.branch,
    attempts: event.attempt,
    started_at: event.at,
    ...(event.model ? { model: event.model } : {}),
    // A runner of the scale-out stamps its task; its heartbeat starts now.
    ...(event.runner ? { runner: event.runner, heartbeat_at: event.at } : {})
  }
  const next = replaceTask(state, started)
  return { ...next, run: { ...next.run, status: 'running' } }
}

function taskUsage(state: RunState, task: TaskRecord, event: TaskUsage): RunState {
  const spent = usageRecordOf(event.usage, event.costUsd)
  const next = replaceTask(state, { ...task, usage: addUsageRecords(task.usage, spent) })
  return {
    ...next,
    usage: addUsageRecords(state.usage, spent),
    ...costByProvider(state, event.provider, event.costUsd)
  }
}

function agentUpdate(state: RunState, event: AgentUpdateEvent): RunState {
  const update = { timestamp: event.at, agent_id: event.role, task_id: event.taskId, summary: event.message }
  return { ...state, ...appendAgentUpdate(state, update) }
}

function taskBlocked(state: RunState, task: TaskRecord, event: TaskBlocked): RunState {
  // A question the manager could not answer moves on to people, so a manager-blocked task may block again.
  const escalation = task.state === 'blocked' && task.open_question?.asked_of === 'manager'
  if (task.state !== 'running' && !(escalation && event.askedOf === 'human')) {
    const asked = task.open_question ? ` on a question to the ${task.open_question.asked_of}` : ''
    throw refuse(event, `the task is ${task.state}${asked}; only a running task can block`)
  }
  const blocked: TaskRecord = {
    ...task,
    state: 'blocked',
    open_question: { question: event.question, asked_of: event.askedOf, asked_at: event.at }
  }
  const next = replaceTask(state, blocked)
  if (event.askedOf === 'manager') return next
  return {
    ...next,
    questions: [...next.questions, { task_id: task.id, question: event.question, asked_at: event.at }]
  }
}

function blockerAnswered(state: RunState, task: TaskRecord, event: BlockerAnswered): RunState {
  const question = task.open_question
  if (task.state !== 'blocked' || !question) throw refuse(event, `the task is ${task.state}, not blocked`)
  if (question.asked_of !== event.by) {
    throw refuse(event, `the question was asked of the ${question.asked_of}, not the ${event.by}`)
  }
  const decisions = state.manager_instructions.decisions
  const decision = {
    decision_id: nextId(
      'D',
      decisions.map(d => d.decision_id)
    ),
    decision: event.answer,
    decided_by: event.by,
    task_id: task.id,
    topic: question.question,
    decided_at: event.at
  }
  // The manager answers within the session, which carries on; a person answers in a later workflow run,
  // where a new session starts the task again with the decision in hand.
  const answered: TaskRecord =
    event.by === 'manager'
      ? { ...without(task, ['open_question']), state: 'running' }
      : { ...without(task, ['open_question', 'started_at']), state: 'queued' }
  const next = withoutQuestions(replaceTask(state, answered), task.id)
  return {
    ...next,
    manager_instructions: { ...next.manager_instructions, decisions: [...decisions, decision] }
  }
}

function taskFinished(state: RunState, task: TaskRecord, event: TaskFinished): RunState {
  if (task.state !== 'running') throw refuse(event, `the task is ${task.state}, not running`)
  return replaceTask(state, {
    ...without(task, ['failure_reason']),
    state: 'done',
    finished_at: event.at,
    summary: event.summary,
    files_changed: event.filesChanged,
    checks_run: event.checksRun
  })
}

function taskMerged(state: RunState, task: TaskRecord, event: TaskMerged): RunState {
  requireUnmergedDone(task, event, 'merged')
  if (openRequest(state, task.id)) {
    throw refuse(event, 'its integration request is still open (integration_resolved comes first)')
  }
  if (!COMMIT_SHA.test(event.sha)) throw refuse(event, `"${event.sha}" is not a full git commit sha`)
  return replaceTask(state, { ...task, merge_sha: event.sha })
}

function taskFailed(state: RunState, task: TaskRecord, event: TaskFailed): RunState {
  if (task.state === 'failed') throw refuse(event, 'the task has already failed')
  if (task.merge_sha !== undefined) throw refuse(event, 'the task is already merged')
  const failed: TaskRecord = {
    ...without(task, ['open_question']),
    state: 'failed',
    finished_at: event.at,
    failure_reason: event.reason
  }
  return abandonRequests(withoutQuestions(replaceTask(state, failed), task.id), task.id, event.at)
}

function integrationRequested(state: RunState, task: TaskRecord, event: IntegrationRequested): RunState {
  requireUnmergedDone(task, event, 'integrated')
  if (openRequest(state, task.id)) throw refuse(event, 'the task already has an open integration request')
  const requests = state.integration_requests
  const request = {
    request_id: nextId(
      'IR',
      requests.map(r => r.request_id)
    ),
    task_id: task.id,
    ...(task.branch === undefined ? {} : { branch: task.branch }),
    conflicted_files: event.conflictedFiles,
    status: 'open' as const,
    requested_at: event.at
  }
  return { ...state, integration_requests: [...requests, request] }
}

function integrationResolved(state: RunState, event: IntegrationResolved): RunState {
  const open = openRequest(state, event.taskId)
  if (!open) throw refuse(event, 'the task has no open integration request')
  const resolved = {
    ...open,
    status: 'resolved' as const,
    resolved_at: event.at,
    ...(event.resolution === undefined ? {} : { resolution: event.resolution })
  }
  return { ...state, integration_requests: state.integration_requests.map(r => (r === open ? resolved : r)) }
}

function taskReset(state: RunState, task: TaskRecord, event: TaskReset): RunState {
  if (task.state === 'queued' || task.state === 'running') {
    throw refuse(
      event,
      `the task is ${task.state}; only a failed, blocked or unmerged done task can be retried`
    )
  }
  if (task.merge_sha !== undefined) throw refuse(event, 'the task is already merged into the feature branch')
  // Attempts and usage stay: they are history (and money spent), and the next start is one attempt more.
  const reset: TaskRecord = {
    ...without(task, [
      'started_at',
      'finished_at',
      'summary',
      'files_changed',
      'checks_run',
      'failure_reason',
      'open_question',
      // A retried task is free to be dispatched again, whoever claimed it before.
      'dispatched_at',
      'dispatched_by',
      'heartbeat_at'
    ]),
    state: 'queued'
  }
  return abandonRequests(withoutQuestions(replaceTask(state, reset), task.id), task.id, event.at)
}

function requireUnmergedDone(task: TaskRecord, event: TaskEvent, what: string): void {
  if (task.state !== 'done')
    throw refuse(event, `the task is ${task.state}; only a finished task can be ${what}`)
  if (task.merge_sha !== undefined) throw refuse(event, `the task is already merged (${task.merge_sha})`)
}

function openRequest(state: RunState, taskId: string) {
  return state.integration_requests.find(r => r.task_id === taskId && r.status === 'open')
}

function withoutQuestions(state: RunState, taskId: string): RunState {
  return { ...state, questions: state.questions.filter(q => q.task_id !== taskId) }
}

/** A task that fails or starts over no longer needs its conflicts resolved. */
function abandonRequests(state: RunState, taskId: string, at: string): RunState {
  return {
    ...state,
    integration_requests: state.integration_requests.map(r =>
      r.task_id === taskId && r.status === 'open'
        ? { ...r, status: 'abandoned' as const, resolved_at: at }
        : r
    )
  }
}
