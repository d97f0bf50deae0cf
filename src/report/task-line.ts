import type { TaskView } from './run-view.js'
import type { Detail } from './fit-to-limit.js'
import { escapeMarkdown, truncate } from './format.js'
import { codeSpan } from './markdown.js'
import { renderCollapsedDone, STATE_MARK } from './task-state.js'

/**
 * One task as a checklist item: `- [ ] **T1** Title — `backend-dev` · after T0, T2`. Done tasks are
 * ticked; running, blocked and failed ones carry their state at the end.
 */
export function renderTaskLine(task: TaskView, detail: Detail): string {
  const box = task.state === 'done' ? '[x]' : '[ ]'
  const parts = [
    `- ${box} **${escapeMarkdown(task.id)}** ${escapeMarkdown(truncate(task.title, detail.titleMax))}`
  ]
  const role = codeSpan(task.role)
  const after =
    task.dependencies.length > 0 ? `after ${task.dependencies.map(escapeMarkdown).join(', ')}` : ''
  const state =
    task.state === 'queued' || task.state === 'done' ? '' : `${STATE_MARK[task.state]} ${task.state}`
  const facts = [role, after, state].filter(fact => fact !== '').join(' · ')
  if (facts !== '') parts.push(facts)
  return parts.join(' — ')
}

/** The tasks as a checklist; with `detail.collapseDone`, done tasks are replaced by their count. */
export function renderTaskList(tasks: TaskView[], detail: Detail): string {
  const shown = detail.collapseDone ? tasks.filter(task => task.state !== 'done') : tasks
  const lines = shown.map(task => renderTaskLine(task, detail))
  const hidden = tasks.length - shown.length
  // The count goes first, so that a hard cut through the list cannot remove it.
  if (hidden > 0) lines.unshift(renderCollapsedDone(hidden), '')
  return lines.join('\n')
}
