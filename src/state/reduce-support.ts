import { StateError } from '../util/errors.js'
import type { StateEvent } from './events.js'
import type { RunState, TaskRecord } from './run-state.js'

/**
 * Helpers the reducers share. An event that does not fit the state is a bug in the engine (it reported
 * something that cannot have happened), so the refusal names the event, the task and what was expected.
 */
export function refuse(event: StateEvent, problem: string): StateError {
  const subject = 'taskId' in event ? ` to task ${event.taskId}` : ''
  return new StateError(`Cannot apply the state event ${event.type}${subject}: ${problem}.`)
}

/**
 * A run that has stopped: only `run_resumed` sets it going again (`plan_approved` for a plan that waits for
 * approval, which no workflow run is working on either).
 */
export const STOPPED_STATUSES: ReadonlySet<RunState['run']['status']> = new Set([
  'awaiting_approval',
  'done',
  'partial',
  'waiting',
  'failed',
  'interrupted',
  'stopped'
])

/** Refuses every event but `run_started` before the run has started. */
export function requireStarted(state: RunState, event: StateEvent): void {
  if (state.run.started_at === undefined)
    throw refuse(event, 'the run has not started (run_started comes first)')
}

/** Refuses an event that only a run in progress can have. */
export function requireInProgress(state: RunState, event: StateEvent): void {
  requireStarted(state, event)
  if (STOPPED_STATUSES.has(state.run.status)) {
    throw refuse(event, `the run is ${state.run.status}; resume it first (run_resumed)`)
  }
}

/** The task the event names, or a refusal that lists the tasks there are. */
export function requireTask(state: RunState, event: StateEvent & { taskId: string }): TaskRecord {
  const task = state.tasks.find(candidate => candidate.id === event.taskId)
  if (task) return task
  const known = state.tasks.length === 0 ? 'the run has no tasks yet' : `its tasks are ${idList(state.tasks)}`
  throw refuse(event, `there is no task ${event.taskId} in the plan; ${known}`)
}

/** The state with one task replaced by its new version. */
export function replaceTask(state: RunState, task: TaskRecord): RunState {
  return { ...state, tasks: state.tasks.map(old => (old.id === task.id ? task : old)) }
}

/** A copy of `value` without `keys`: the state leaves an unknown value out rather than writing null. */
export function without<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Omit<T, K> {
  const copy = { ...value }
  for (const key of keys) delete copy[key]
  return copy
}

/** `D4` after `D1`…`D3`: one more than the highest number already used with `prefix`. */
export function nextId(prefix: string, ids: readonly string[]): string {
  let highest = 0
  for (const id of ids) {
    const match = id.startsWith(prefix) ? /^\d+$/.exec(id.slice(prefix.length)) : null
    if (match) highest = Math.max(highest, Number(match[0]))
  }
  return `${prefix}${highest + 1}`
}

/** `T1, T2 and T3`. */
export function idList(items: readonly { id: string }[] | readonly string[]): string {
  const ids = items.map(item => (typeof item === 'string' ? item : item.id))
  return ids.length <= 1 ? ids.join('') : `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`
}
