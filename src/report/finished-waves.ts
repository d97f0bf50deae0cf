import type { Detail } from './fit-to-limit.js'
import { escapeMarkdown, plural, truncate } from './format.js'
import { details } from './markdown.js'
import type { RunView, TaskView } from './run-view.js'
import { STATE_MARK } from './task-state.js'

/**
 * A report of more tasks than this folds its finished waves whatever its length: past a table of 50 rows,
 * what is done is better read as a line per wave (and 50 is the default `limits.max_tasks`, so a plan within
 * the default reads in full).
 */
export const FOLD_ABOVE_TASKS = 50

/** A folded task is a reminder of what was done, not its record: its title is kept short. */
const FOLDED_TITLE_MAX = 60

/**
 * With `detail.fold`, every wave whose tasks are all done as one folded block (`✅ Wave 1 · T1–T16: 16 tasks
 * done`, the tasks inside as short lines), and the tasks still to list one by one: those of unfinished waves,
 * so every running, queued, failed or blocked task keeps its row. A run of 200 tasks in waves of 16 shows its
 * finished part in a few thousand characters instead of a table row per task.
 */
export function foldFinishedWaves(view: RunView, detail: Detail): { folded: string; rest: TaskView[] } {
  if (!detail.fold || detail.collapseDone || view.waves.length === 0) return { folded: '', rest: view.tasks }
  const byId = new Map(view.tasks.map(task => [task.id, task]))
  const foldedIds = new Set<string>()
  const blocks: string[] = []
  view.waves.forEach((ids, index) => {
    const tasks = ids.flatMap(id => byId.get(id) ?? [])
    if (tasks.length === 0 || tasks.some(task => task.state !== 'done')) return
    const first = escapeMarkdown(tasks[0]?.id ?? '')
    const range = tasks.length === 1 ? first : `${first}–${escapeMarkdown(tasks.at(-1)?.id ?? '')}`
    const lines = tasks.map(
      task =>
        `- **${escapeMarkdown(task.id)}** ${escapeMarkdown(truncate(task.title, Math.min(detail.titleMax, FOLDED_TITLE_MAX)))}`
    )
    blocks.push(
      details(
        `${STATE_MARK.done} Wave ${index + 1} · ${range}: ${plural(tasks.length, 'task')} done`,
        lines.join('\n')
      )
    )
    for (const task of tasks) foldedIds.add(task.id)
  })
  return { folded: blocks.join('\n\n'), rest: view.tasks.filter(task => !foldedIds.has(task.id)) }
}
