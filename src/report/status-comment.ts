import type { RunView } from './run-view.js'
import { fitToLimit, GITHUB_COMMENT_LIMIT, type Detail, type Sections } from './fit-to-limit.js'
import { escapeMarkdown, truncate } from './format.js'
import { codeSpan } from './markdown.js'
import {
  renderHeading,
  renderLinks,
  renderPlanHistory,
  renderQuestions,
  renderStatus,
  renderUsage
} from './run-sections.js'
import { renderTaskTable } from './task-table.js'

/** What the status reply needs besides the run. */
export interface StatusCommentOptions {
  /** The comment prefix for commands (`/agents`), so the hints name the one this repository uses. */
  triggerPhrase: string
  /** When the state was read, in ms since the epoch: the reply is edited in place, so it says how fresh it is. */
  now: number
  limit?: number
}

/**
 * The reply to `/agents status`: the marker, the run's status (and why it stopped), the round and the plan's
 * revisions, open questions, the task
 * table, usage, the pull request link, what the reader can do next and when this was read. Shorter than the
 * progress comment (no graph, no decisions), and never longer than GitHub's comment limit.
 */
export function renderStatusComment(view: RunView, options: StatusCommentOptions): string {
  const render = (detail: Detail): Sections => ({
    head: [
      view.marker,
      renderHeading('agent-team status', view, detail),
      renderStatus(view, detail),
      renderStopReason(view, detail)
    ],
    body: [
      renderPlanHistory(view, detail, true),
      renderQuestions(view, detail),
      renderTaskTable(view.tasks, detail)
    ],
    foot: [
      renderUsage(view, 'Usage'),
      renderLinks(view, true),
      renderNextSteps(view, options.triggerPhrase),
      asOf(options.now)
    ]
  })
  return fitToLimit(render, {
    limit: options.limit ?? GITHUB_COMMENT_LIMIT,
    cutNote: "> ✂️ The rest of the status was cut to fit GitHub's comment size limit."
  })
}

/** The reply to `/agents status` on an issue that has no run: how to start one. */
export function renderNoRunStatus(
  marker: string,
  options: Omit<StatusCommentOptions, 'limit'> & { label: string }
): string {
  const run = codeSpan(`${options.triggerPhrase} run`)
  return [
    marker,
    '## 🤖 agent-team status',
    `There is no run for this issue yet. Start one by commenting ${run} (the issue describes the feature; ` +
      `text after the command replaces it) or by adding the label ${codeSpan(options.label)}.`,
    asOf(options.now)
  ].join('\n\n')
}

/** Why a run that did not fail stopped (a failed run's error is part of its status headline already). */
function renderStopReason(view: RunView, detail: Detail): string {
  if (view.status === 'failed' || view.error === undefined || view.error === '') return ''
  return `> **Why it stopped:** ${escapeMarkdown(truncate(view.error, detail.textMax))}`
}

/** The commands that move this run on from where it is. */
function renderNextSteps(view: RunView, triggerPhrase: string): string {
  const steps: string[] = []
  const command = (text: string): string => codeSpan(`${triggerPhrase} ${text}`)
  if (view.status === 'awaiting_approval') {
    steps.push(`${command('approve')} builds the plan`)
    steps.push(`${command('revise <what to change>')} asks for a new version of it`)
    steps.push(`${command('stop')} drops it`)
  } else if (view.status === 'planning' || view.status === 'planned' || view.status === 'running') {
    steps.push(`${command('stop')} stops the run`)
  } else if (view.status !== 'done' && view.status !== 'waiting') {
    // A waiting run goes on with answers (the questions section says how), not with a plain resume.
    steps.push(
      view.tasks.length > 0
        ? `${command('run')} resumes the run (merged tasks are kept)`
        : `${command('run')} starts the run again`
    )
  }
  const failed = view.tasks.find(task => task.state === 'failed')
  if (failed) steps.push(`${command(`retry ${failed.id}`)} runs a failed task again`)
  return steps.length === 0 ? '' : `**Next:** ${steps.join(' · ')}`
}

/** `_As of 2025-03-01 10:00 UTC._` */
function asOf(now: number): string {
  const time = new Date(now).toISOString().slice(0, 16).replace('T', ' ')
  return `_As of ${time} UTC._`
}
