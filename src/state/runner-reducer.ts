import type { RunFinishing, TaskDispatched, TaskHeartbeat } from './events.js'
import { idList, refuse, replaceTask, requireInProgress, requireTask, without } from './reduce-support.js'
import type { RunState, TaskRecord } from './run-state.js'

/**
 * The events of a run spread over several runners. Each is a claim that holds only if nobody claimed first:
 * a runner's events are replayed over the committed state when another runner pushed in between
 * (state-sharing.ts), and a claim that no longer fits is refused there, so exactly one runner acts on it.
 */
export function reduceRunnerEvent(
  state: RunState,
  event: TaskDispatched | TaskHeartbeat | RunFinishing
): RunState {
  requireInProgress(state, event)
  switch (event.type) {
    case 'task_dispatched':
      return taskDispatched(state, requireTask(state, event), event)
    case 'task_heartbeat':
      return taskHeartbeat(state, requireTask(state, event), event)
    case 'run_finishing':
      return runFinishing(state, event)
  }
}

/** What a claim of the task must have seen: its heartbeat while it runs, else its last dispatch, else none. */
export function claimMarkOf(task: TaskRecord): string | undefined {
  return task.heartbeat_at ?? task.dispatched_at
}

function taskDispatched(state: RunState, task: TaskRecord, event: TaskDispatched): RunState {
  if (task.state !== 'queued' && task.state !== 'running') {
    throw refuse(
      event,
      `the task is ${task.state}; only a queued task, or a running one gone quiet, is dispatched`
    )
  }
  const mark = claimMarkOf(task)
  if (mark !== event.over) {
    throw refuse(
      event,
      `another runner claimed it at ${mark ?? 'no time'} (this claim saw ${event.over ?? 'none'})`
    )
  }
  // A running task whose runner went quiet goes back to the queue for the new runner; its work in progress
  // is on its task branch, which the next session starts from.
  const claimed: TaskRecord = {
    ...without(task, ['heartbeat_at', 'open_question']),
    state: 'queued',
    dispatched_at: event.at,
    dispatched_by: event.by
  }
  const next = replaceTask(state, claimed)
  // The plan is being built from here, on other runners.
  return { ...next, run: { ...next.run, status: 'running' } }
}

function taskHeartbeat(state: RunState, task: TaskRecord, event: TaskHeartbeat): RunState {
  if (task.state !== 'running' || task.runner?.id !== event.runner) {
    const holder = task.runner ? ` by ${task.runner.id}` : ''
    throw refuse(event, `the task is ${task.state}${holder}, no longer this runner's`)
  }
  return replaceTask(state, { ...task, heartbeat_at: event.at })
}

/**
 * Only when no task is moving: none running, none dispatched and not started yet. Tasks that can never
 * start (a dependency failed) do not hold the ending back; the run then ends partial.
 */
function runFinishing(state: RunState, event: RunFinishing): RunState {
  if (state.run.finisher) throw refuse(event, `${state.run.finisher.runner} is finishing the run`)
  const moving = state.tasks.filter(isMoving)
  if (moving.length > 0) {
    throw refuse(event, `${idList(moving)} ${moving.length === 1 ? 'is' : 'are'} still running or dispatched`)
  }
  return { ...state, run: { ...state.run, finisher: { runner: event.runner, at: event.at } } }
}

/** A task some runner is on, or is about to be: running, finished and merging, or dispatched and not started. */
export function isMoving(task: TaskRecord): boolean {
  if (task.state === 'running') return true
  if (task.state === 'done') return task.merge_sha === undefined
  return task.state === 'queued' && task.dispatched_at !== undefined
}

/** Whether runners of a scale-out have worked on the run: a task was dispatched or ran on a runner of its own. */
export function spreadOverRunners(state: RunState): boolean {
  return state.tasks.some(task => task.dispatched_by !== undefined || task.runner !== undefined)
}
