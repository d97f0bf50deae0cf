import type { CommentRef } from '../github/forge.js'
import { renderPlanComment } from '../report/plan-comment.js'
import type { RunView } from '../report/run-view.js'
import type { RunPorts } from './run-ports.js'

/**
 * Writes the plan comment on the issue: edits the comment an earlier run left (found by its marker)
 * rather than posting a second one. A run without an issue (dispatch with feature text) has no comment;
 * its view goes to the job summary only.
 */
export async function publishPlan(view: RunView, ports: RunPorts): Promise<CommentRef | undefined> {
  if (view.issueNumber === undefined) return undefined
  const body = renderPlanComment(view)
  const existing = await ports.forge.findComment(view.issueNumber, view.marker)
  const comment = existing
    ? await ports.forge.updateComment(existing.id, body)
    : await ports.forge.createComment(view.issueNumber, body)
  ports.logger.info(`Plan published: ${comment.htmlUrl}`)
  return comment
}
