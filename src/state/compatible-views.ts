import type { CompatibleTask, RunState, TaskRecord } from './run-state.js'

const STATUS: Record<TaskRecord['state'], CompatibleTask['status']> = {
  queued: 'pending',
  running: 'in_progress',
  blocked: 'blocked',
  done: 'completed',
  failed: 'failed',
  // The classic layout has no word for a task the plan gave up; it is not going to be done.
  dropped: 'failed'
}

/**
 * The state with the classic layout's views rewritten from the engine's own keys: `current_feature` from
 * the run, and `manager_instructions.active_tasks` / `completed_tasks` from `tasks` (done tasks are
 * completed, every other task is active). `tasks` is the one source of truth; these views exist for
 * readers that only know the classic layout, and anything written into them by hand is replaced.
 */
export function withCompatibleViews(state: RunState): RunState {
  const active: CompatibleTask[] = []
  const completed: CompatibleTask[] = []
  for (const task of state.tasks) {
    const view = compatibleTask(task)
    if (task.state === 'done') completed.push(view)
    else active.push(view)
  }
  return {
    ...state,
    current_feature: state.run.feature_title ?? '',
    manager_instructions: { ...state.manager_instructions, active_tasks: active, completed_tasks: completed }
  }
}

function compatibleTask(task: TaskRecord): CompatibleTask {
  const view: CompatibleTask = {
    task_id: task.id,
    title: task.title,
    assigned_to: task.role,
    status: STATUS[task.state],
    description: task.description,
    depends_on: task.dependencies
  }
  if (task.branch !== undefined) view.branch = task.branch
  if (task.state === 'done' && task.finished_at !== undefined) view.completed_at = task.finished_at
  if (task.merge_sha !== undefined) view.merge_sha = task.merge_sha
  return view
}
