import type { RunView } from './run-view.js'
import { GITHUB_COMMENT_LIMIT } from './fit-to-limit.js'
import { renderRunReport } from './run-report.js'

/**
 * The run's report for `$GITHUB_STEP_SUMMARY`: the progress comment's view without its marker, plus a
 * link to the pull request. GitHub accepts summaries up to 1 MiB, but one that would not fit in a
 * comment is too long to read, so the comment's limit and degradation steps apply here too.
 */
export function renderJobSummary(view: RunView, options: { limit?: number } = {}): string {
  return renderRunReport(view, {
    marker: false,
    pullRequestLink: true,
    limit: options.limit ?? GITHUB_COMMENT_LIMIT,
    cutNote: '> ✂️ The rest of this summary was cut to keep it readable.'
  })
}
