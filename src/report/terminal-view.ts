import type { Usage } from '../models/model.js'
import { formatDuration, formatTokens, formatUsd } from './format.js'
import type { RunView, TaskView } from './run-view.js'
import { countByState, STATE_ORDER } from './task-state.js'
import { fitWidth, terminalText } from './terminal-text.js'

/**
 * The run as a terminal shows it while it goes: a heading line (title, status, counts, totals), then one
 * line per task in plan order with its id, state, role, time and tokens, then its title and, for a
 * blocked or failed task, why. Columns line up across tasks. Plain text with no escape codes, so the
 * same lines serve a redrawn TTY block and a CI log; with `width`, no line is longer (a wrapped line
 * would break an in-place redraw).
 */
export function renderTerminalView(view: RunView, options: { width?: number } = {}): string[] {
  const rows = view.tasks.map(task => ({
    task,
    cells: [
      terminalText(task.id),
      task.state,
      terminalText(task.role),
      task.elapsedMs === undefined ? '' : formatDuration(task.elapsedMs),
      task.usage === undefined ? '' : tokensOf(task.usage)
    ]
  }))
  const widths = rows.reduce(
    (max, { cells }) => max.map((w, i) => Math.max(w, cells[i]?.length ?? 0)),
    [0, 0, 0, 0, 0]
  )
  const lines = [headingOf(view)]
  for (const { task, cells } of rows) {
    const padded = cells.map((cell, column) =>
      // Time and tokens are numbers: right-aligned, so their digits line up.
      column >= 3 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)
    )
    lines.push(`  ${padded.join('  ')}  ${describe(task)}`.trimEnd())
  }
  if (view.error && view.tasks.length === 0) lines.push(`  ${terminalText(view.error)}`)
  return lines.map(line => fitWidth(line, options.width))
}

/** `agent-team · Greeting banner · running · 1 done, 1 running, 2 queued · 12.3k tokens · $0.0123`. */
function headingOf(view: RunView): string {
  const counts = countByState(view.tasks)
  const states = STATE_ORDER.filter(state => counts[state] > 0)
    .map(state => `${counts[state]} ${state}`)
    .join(', ')
  const title = terminalText(view.title)
  return [
    'agent-team',
    ...(title ? [title] : []),
    view.status,
    ...(states ? [states] : []),
    `${formatTokens(totalTokens(view.usage))} tokens`,
    formatUsd(view.costUsd)
  ].join(' · ')
}

function describe(task: TaskView): string {
  const title = terminalText(task.title)
  const note = task.note === undefined ? '' : terminalText(task.note)
  return note && (task.state === 'blocked' || task.state === 'failed') ? `${title} — ${note}` : title
}

/** `1.2k / 300 tok`: what the task sent (cache included) and what it got back. */
function tokensOf(usage: Usage): string {
  const sent = usage.inputTokens + usage.cacheCreationInputTokens + usage.cacheReadInputTokens
  return `${formatTokens(sent)} / ${formatTokens(usage.outputTokens)} tok`
}

/** Every token the run moved, both ways, cache included. */
export function totalTokens(usage: Usage): number {
  return usage.inputTokens + usage.cacheCreationInputTokens + usage.cacheReadInputTokens + usage.outputTokens
}
