import { formatDuration, formatTokens, formatUsd, plural } from './format.js'
import type { RunView, TaskView } from './run-view.js'
import { countByState } from './task-state.js'
import { terminalText } from './terminal-text.js'
import { totalTokens } from './terminal-view.js'

/**
 * What changed from one view of a run to the next, as plain log lines in the order they make sense:
 * the run's status first (`plan ready: 4 tasks in 3 waves`), then each task whose state moved
 * (`T1 running (backend-dev)`, `T1 done (backend-dev) in 12s, 1.2k tokens`), then the end of the run.
 * `before` undefined means nothing was shown yet. No line when nothing a reader cares about changed, so
 * a token count ticking up stays silent in a CI log.
 */
export function describeChanges(before: RunView | undefined, after: RunView): string[] {
  const lines: string[] = []
  const statusChanged = before?.status !== after.status
  const finished = !['planning', 'planned', 'awaiting_approval', 'running'].includes(after.status)
  if (statusChanged && !finished) lines.push(statusLine(after))

  const previous = new Map((before?.tasks ?? []).map(task => [task.id, task]))
  for (const task of after.tasks) {
    const was = previous.get(task.id)
    if (was ? was.state !== task.state : task.state !== 'queued') lines.push(taskLine(task))
  }

  if (statusChanged && finished) lines.push(statusLine(after))
  return lines
}

/** `[12:00:01]`: the local wall-clock time of `ms`, as a log line starts. */
export function timeStamp(ms: number): string {
  const at = new Date(ms)
  const two = (n: number): string => String(n).padStart(2, '0')
  return `[${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}]`
}

function statusLine(view: RunView): string {
  const title = terminalText(view.title)
  switch (view.status) {
    case 'planning':
      return `planning${title ? ` "${title}"` : ''}`
    case 'planned':
      return `plan ready: ${plural(view.tasks.length, 'task')} in ${plural(view.waves.length, 'wave')}`
    case 'awaiting_approval':
      return `plan v${view.planVersion} waiting for approval: ${plural(view.tasks.length, 'task')}`
    case 'running':
      return `running ${plural(view.tasks.length, 'task')}`
    default: {
      const done = countByState(view.tasks).done
      const totals = `${done}/${view.tasks.length} tasks done, ${formatTokens(totalTokens(view.usage))} tokens, ${formatUsd(view.costUsd)}`
      return `run ${view.status}: ${totals}${view.error ? ` — ${terminalText(view.error)}` : ''}`
    }
  }
}

function taskLine(task: TaskView): string {
  const head = `${terminalText(task.id)} ${task.state} (${terminalText(task.role)})`
  switch (task.state) {
    case 'done': {
      const facts = [
        task.elapsedMs === undefined ? '' : `in ${formatDuration(task.elapsedMs)}`,
        task.usage === undefined ? '' : `${formatTokens(totalTokens(task.usage))} tokens`
      ].filter(Boolean)
      return facts.length > 0 ? `${head} ${facts.join(', ')}` : head
    }
    case 'failed':
    case 'blocked':
      return task.note ? `${head}: ${terminalText(task.note)}` : head
    default:
      return head
  }
}
