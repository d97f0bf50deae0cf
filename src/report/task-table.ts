import type { TaskView } from './run-view.js'
import type { Usage } from '../models/model.js'
import type { Detail } from './fit-to-limit.js'
import { escapeMarkdown, formatDuration, formatTokens, formatUsd, truncate } from './format.js'
import { codeSpan, link, renderTable } from './markdown.js'
import { renderCollapsedDone, STATE_MARK } from './task-state.js'

const HEADERS = ['', 'Task', 'Title', 'Role', 'State', 'Branch', 'Time', 'Tokens in / out', 'Cost', 'Note']
const NONE = '—'

/** One task as the cells of a table row, in the order of the table's columns. */
export function taskCells(task: TaskView, detail: Detail): string[] {
  const usage = task.usage
  return [
    STATE_MARK[task.state],
    escapeMarkdown(task.id),
    escapeMarkdown(truncate(task.title, detail.titleMax)),
    task.model === undefined
      ? codeSpan(task.role, 'table')
      : `${codeSpan(task.role, 'table')} ${codeSpan(task.model, 'table')}`,
    stateCell(task),
    branchCell(task),
    task.elapsedMs === undefined ? NONE : formatDuration(task.elapsedMs),
    usage === undefined ? NONE : `${formatTokens(sentTokens(usage))} / ${formatTokens(usage.outputTokens)}`,
    task.costUsd === undefined ? NONE : formatUsd(task.costUsd),
    escapeMarkdown(truncate(task.note ?? '', detail.noteMax))
  ]
}

function sentTokens(usage: Usage): number {
  return usage.inputTokens + usage.cacheCreationInputTokens + usage.cacheReadInputTokens
}

/** The state, and with several runners the workflow run that did the task (its id as the link's text). */
function stateCell(task: TaskView): string {
  if (task.runner === undefined) return task.state
  const run = task.runner.id.split('-')[0] ?? task.runner.id
  return `${task.state} · ${link(`run ${escapeMarkdown(run)}`, task.runner.url)}`
}

function branchCell(task: TaskView): string {
  const label = task.branch === undefined ? '' : codeSpan(task.branch, 'table')
  if (label === '') return task.branchUrl === undefined ? NONE : link('branch', task.branchUrl)
  return link(label, task.branchUrl)
}

/** With `detail.fold`, the tasks that need a person go first, so a cut through a long table keeps them. */
const ATTENTION: Partial<Record<TaskView['state'], number>> = { failed: 0, blocked: 1 }

/**
 * The tasks as a table, one row each. Input tokens include cache reads and writes, so the column shows
 * what the task really sent. With `detail.collapseDone`, done tasks are replaced by their count; with
 * `detail.fold`, failed and blocked tasks are listed first.
 */
export function renderTaskTable(tasks: TaskView[], detail: Detail): string {
  if (tasks.length === 0) return ''
  const kept = detail.collapseDone ? tasks.filter(task => task.state !== 'done') : tasks
  const rank = (task: TaskView): number => ATTENTION[task.state] ?? 2
  // Array.prototype.sort is stable: plan order holds within each rank.
  const shown = detail.fold === true ? [...kept].sort((a, b) => rank(a) - rank(b)) : kept
  const hidden = tasks.length - shown.length
  const table =
    shown.length > 0
      ? renderTable(
          HEADERS,
          shown.map(task => taskCells(task, detail))
        )
      : ''
  // The count goes first, so that a hard cut through the table cannot remove it.
  return [hidden > 0 ? renderCollapsedDone(hidden) : '', table].filter(block => block !== '').join('\n\n')
}
