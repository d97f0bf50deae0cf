import type { TaskState, TaskView } from './run-view.js'
import { plural } from './format.js'

/** The mark shown next to a task in each state. */
export const STATE_MARK: Record<TaskState, string> = {
  done: '✅',
  running: '⏳',
  queued: '🕓',
  blocked: '⛔',
  failed: '❌',
  dropped: '➖'
}

/** The order states are counted in: finished work first, then what is moving, then what is stuck. */
export const STATE_ORDER: TaskState[] = ['done', 'running', 'queued', 'blocked', 'failed', 'dropped']

/** How many tasks are in each state. */
export function countByState(tasks: TaskView[]): Record<TaskState, number> {
  const counts: Record<TaskState, number> = {
    done: 0,
    running: 0,
    queued: 0,
    blocked: 0,
    failed: 0,
    dropped: 0
  }
  for (const task of tasks) counts[task.state]++
  return counts
}

/** `✅ 1 done · ⏳ 1 running · ⛔ 1 blocked`: the states that have tasks, in `STATE_ORDER`. */
export function formatCounts(tasks: TaskView[]): string {
  const counts = countByState(tasks)
  return STATE_ORDER.filter(state => counts[state] > 0)
    .map(state => `${STATE_MARK[state]} ${counts[state]} ${state}`)
    .join(' · ')
}

/** The line that stands for the done tasks a renderer left out to save space. */
export function renderCollapsedDone(count: number): string {
  return `_✅ ${plural(count, 'done task')} not listed, to fit GitHub's comment size limit._`
}
