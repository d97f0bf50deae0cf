import type { RunView } from './run-view.js'
import { fitToLimit, type Detail, type Sections } from './fit-to-limit.js'
import {
  renderDecisions,
  renderGraph,
  renderHeading,
  renderLinks,
  renderPlanHistory,
  renderQuestions,
  renderStatus,
  renderUsage
} from './run-sections.js'
import { FOLD_ABOVE_TASKS, foldFinishedWaves } from './finished-waves.js'
import { renderTaskTable } from './task-table.js'

/** What differs between the places the live report is shown. */
export interface RunReportOptions {
  /** Put `view.marker` on the first line, so the publisher can find and edit the comment. */
  marker: boolean
  /** Link the pull request (pointless in a comment that is on the pull request). */
  pullRequestLink: boolean
  /** Maximum length, in UTF-16 code units. */
  limit: number
  /** Where the reader finds what a hard cut removed. */
  cutNote: string
}

/**
 * The live report of a run: status and counts, open questions, the task table, the task graph, the
 * decisions, totals and links — shrunk step by step until it fits `options.limit`. A run of more than
 * FOLD_ABOVE_TASKS tasks folds its finished waves from the start.
 */
export function renderRunReport(view: RunView, options: RunReportOptions): string {
  const big = view.tasks.length > FOLD_ABOVE_TASKS
  const render = (step: Detail): Sections => {
    const detail = big ? { ...step, fold: true } : step
    const { folded, rest } = foldFinishedWaves(view, detail)
    return {
      head: [
        options.marker ? view.marker : '',
        renderHeading('agent-team', view, detail),
        renderStatus(view, detail)
      ],
      body: [
        renderPlanHistory(view, detail, true),
        renderQuestions(view, detail),
        folded,
        renderTaskTable(rest, detail),
        renderGraph(view, detail),
        renderDecisions(view, detail, true)
      ],
      foot: [renderUsage(view, 'Totals'), renderLinks(view, options.pullRequestLink)]
    }
  }
  return fitToLimit(render, options)
}
