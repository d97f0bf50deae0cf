import type { RunView } from './run-view.js'
import { GITHUB_COMMENT_LIMIT } from './fit-to-limit.js'
import { renderRunReport } from './run-report.js'

export { GITHUB_COMMENT_LIMIT }

/**
 * The live progress comment on the pull request, edited in place as the run goes: the marker first, then
 * the status, open questions, one table row per task, the task graph, decisions, totals and the run link.
 * Never longer than `options.limit` (GitHub's comment limit by default): a big run loses detail in steps
 * — shorter titles and notes, then the graph, then the done tasks — before anything is cut.
 */
export function renderProgressComment(view: RunView, options: { limit?: number } = {}): string {
  return renderRunReport(view, {
    marker: true,
    pullRequestLink: false,
    limit: options.limit ?? GITHUB_COMMENT_LIMIT,
    cutNote: "> ✂️ The rest of this report was cut to fit GitHub's comment size limit."
  })
}
