import type { PlanTask } from '../planning/plan.js'
import type { ApprovalRequested, PlanApproved, PlanMade } from './events.js'
import { idList, nextId, refuse, requireStarted, STOPPED_STATUSES, without } from './reduce-support.js'
import { zeroUsageRecord, type Decision, type RunState, type TaskRecord } from './run-state.js'
import { addUsageRecords, costByProvider, usageRecordOf } from './usage-record.js'

/**
 * A new plan. Tasks keep their progress when the new plan keeps their id (their definition is replaced);
 * work that was started stays on record even if the plan drops it; queued tasks the plan drops go. Tasks the
 * event names in `dropped` stay on record as dropped, with the manager's reason. Decisions are never
 * removed: the plan's new ones are added after those already made. Every version after the first is
 * written into `plan_history` with its reason and what it changed.
 */
export function planMade(state: RunState, event: PlanMade): RunState {
  requireStarted(state, event)
  // A plan waiting for approval is revised in place (`/agents revise`); any other stopped run is resumed first.
  if (STOPPED_STATUSES.has(state.run.status) && state.run.status !== 'awaiting_approval') {
    throw refuse(event, `the run is ${state.run.status}; resume it first (run_resumed)`)
  }
  if (event.version <= state.run.plan_version) {
    throw refuse(event, `plan version ${event.version} is not newer than version ${state.run.plan_version}`)
  }
  const ids = event.plan.tasks.map(task => task.id)
  const repeated = ids.filter((id, index) => ids.indexOf(id) !== index)
  if (repeated.length > 0)
    throw refuse(event, `the plan repeats the task id ${idList([...new Set(repeated)])}`)
  const previous = new Map(state.tasks.map(task => [task.id, task]))
  const dropped = new Map((event.dropped ?? []).map(drop => [drop.id, drop.reason]))
  for (const id of dropped.keys()) {
    const task = previous.get(id)
    if (!task) throw refuse(event, `it drops ${id}, which is not a task of the run`)
    if (task.merge_sha !== undefined) throw refuse(event, `it drops ${id}, which is already merged`)
    if (ids.includes(id)) throw refuse(event, `it both keeps and drops ${id}`)
    if (task.state === 'running') throw refuse(event, `it drops ${id}, which is still running`)
  }
  const planned = event.plan.tasks.map(definition =>
    withDefinition(previous.get(definition.id), definition, event.round)
  )
  const kept = state.tasks
    .filter(task => !ids.includes(task.id) && (task.state !== 'queued' || dropped.has(task.id)))
    .map(task => {
      const reason = dropped.get(task.id)
      if (reason === undefined) return task
      return {
        ...without(task, ['open_question']),
        state: 'dropped' as const,
        dropped_reason: reason
      }
    })

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
  const history =
    event.version > 1
      ? [
          ...(state.plan_history ?? []),
          {
            version: event.version,
            made_at: event.at,
            reason: event.reason ?? 'the plan was revised',
            summary: event.plan.summary,
            changes: planChanges(state.tasks, event)
          }
        ]
      : state.plan_history
  const droppedIds = new Set(dropped.keys())
  return {
    ...state,
    run: {
      ...state.run,
      plan_version: event.version,
      status: state.run.status === 'planning' ? 'planned' : state.run.status
    },
    plan_summary: event.plan.summary,
    tasks: [...planned, ...kept],
    // A dropped task's question is no longer anyone's to answer.
    questions: state.questions.filter(question => !droppedIds.has(question.task_id)),
    manager_instructions: { ...state.manager_instructions, decisions },
    manager_usage: addUsageRecords(state.manager_usage, spent),
    usage: addUsageRecords(state.usage, spent),
    ...costByProvider(state, event.provider, event.costUsd),
    ...(history ? { plan_history: history } : {})
  }
}

function withDefinition(task: TaskRecord | undefined, definition: PlanTask, round?: number): TaskRecord {
  const progress = task
    ? without(task, ['files'])
    : {
        state: 'queued' as const,
        attempts: 0,
        usage: zeroUsageRecord,
        ...(round !== undefined && round > 1 ? { round } : {})
      }
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

/** One line per task the new version adds, reassigns, rewrites or drops, for people reading the history. */
export function planChanges(
  before: readonly TaskRecord[],
  event: Pick<PlanMade, 'plan' | 'dropped'>
): string[] {
  const old = new Map(before.map(task => [task.id, task]))
  const lines: string[] = []
  for (const task of event.plan.tasks) {
    const was = old.get(task.id)
    if (!was) {
      lines.push(`added ${task.id} (${task.role}): ${task.title}`)
      continue
    }
    if (was.role !== task.role) lines.push(`reassigned ${task.id} from ${was.role} to ${task.role}`)
    else if (
      was.title !== task.title ||
      was.description !== task.description ||
      was.dependencies.join() !== task.dependencies.join()
    ) {
      lines.push(`changed ${task.id}: ${task.title}`)
    }
  }
  for (const drop of event.dropped ?? []) lines.push(`dropped ${drop.id}: ${drop.reason}`)
  const kept = new Set([...event.plan.tasks.map(task => task.id), ...(event.dropped ?? []).map(d => d.id)])
  for (const task of before) {
    if (!kept.has(task.id) && task.state === 'queued') lines.push(`removed ${task.id}: ${task.title}`)
  }
  return lines
}

/** `approval: plan`: the plan is on record and posted; the run waits for `/agents approve`. */
export function approvalRequested(state: RunState, event: ApprovalRequested): RunState {
  requireStarted(state, event)
  if (state.run.status !== 'planned') {
    throw refuse(
      event,
      `only a run that was just planned can wait for approval, not a ${state.run.status} one`
    )
  }
  return {
    ...state,
    run: {
      ...state.run,
      status: 'awaiting_approval',
      approval: { requested_at: event.at },
      finished_at: event.at
    }
  }
}

/** `/agents approve`: the committed plan is built as it stands. */
export function planApproved(state: RunState, event: PlanApproved): RunState {
  requireStarted(state, event)
  const approval = state.run.approval
  if (state.run.status !== 'awaiting_approval' || !approval) {
    throw refuse(event, `the run is ${state.run.status}, not awaiting approval`)
  }
  return {
    ...state,
    run: {
      ...without(state.run, ['finished_at', 'stop_reason']),
      status: 'running',
      approval: { ...approval, approved_by: event.by, approved_at: event.at }
    }
  }
}
