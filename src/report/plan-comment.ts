import type { RunView } from './run-view.js'
import { fitToLimit, GITHUB_COMMENT_LIMIT, type Detail, type Sections } from './fit-to-limit.js'
import {
  renderDecisions,
  renderGraph,
  renderHeading,
  renderLinks,
  renderPlanHistory,
  renderSchedule,
  renderStatus,
  renderSummary,
  renderUsage
} from './run-sections.js'
import { renderTaskList } from './task-line.js'

/**
 * The comment on the issue once the manager has planned: the marker first, then the status (or the
 * failure), the summary, a checklist of tasks, the decisions, the task graph, the waves and critical path,
 * usage so far and links to the workflow run and, once it exists, the pull request. Never longer than
 * `options.limit` (GitHub's comment limit by default).
 */
export function renderPlanComment(view: RunView, options: { limit?: number } = {}): string {
  const render = (detail: Detail): Sections => ({
    head: [view.marker, renderHeading('agent-team plan', view, detail), renderStatus(view, detail)],
    body: [
      renderSummary(view, detail),
      renderPlanHistory(view, detail, false),
      view.tasks.length > 0 ? `### Tasks\n\n${renderTaskList(view.tasks, detail)}` : '',
      renderDecisions(view, detail, false),
      renderGraph(view, detail),
      renderSchedule(view)
    ],
    foot: [renderUsage(view, 'Usage so far'), renderLinks(view, true)]
  })
  return fitToLimit(render, {
    limit: options.limit ?? GITHUB_COMMENT_LIMIT,
    cutNote: "> ✂️ The rest of the plan was cut to fit GitHub's comment size limit."
  })
}
