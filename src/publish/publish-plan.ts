import type { CommentRef } from '../github/forge.js'
import type { RunKeeper } from '../state/run-keeper.js'
import type { RunPorts, RunSettings } from '../ports/run-ports.js'
import { renderPlanComment } from '../report/plan-comment.js'
import { runViewOf } from '../report/view-of-state.js'
import type { RunState } from '../state/run-state.js'
import { planMarker } from '../github/markers.js'
import { writeOwnComment } from './own-comment.js'

/**
 * Writes the plan comment on the issue: edits the comment this run (or an earlier one, found by its marker)
 * left rather than posting a second one. A run without an issue has no comment; its view goes to the job
 * summary only.
 */
export async function publishPlan(
  state: RunState,
  settings: Pick<RunSettings, 'runUrl'>,
  ports: RunPorts,
  known?: CommentRef
): Promise<CommentRef | undefined> {
  const issueNumber = state.run.issue_number
  if (issueNumber === undefined) return undefined
  const marker = planMarker(issueNumber)
  const body = renderPlanComment(
    runViewOf(state, { now: ports.clock.now(), runUrl: settings.runUrl, marker })
  )
  const comment = await writeOwnComment(ports.forge, issueNumber, marker, body, known)
  ports.logger.info(`Plan published: ${comment.htmlUrl}`)
  return comment
}

/** Publishes the plan comment and keeps its id in the state, so every later run edits the same one. */
export async function publishOwnedPlan(
  keeper: RunKeeper,
  settings: Pick<RunSettings, 'runUrl'>,
  ports: RunPorts
): Promise<CommentRef | undefined> {
  const owned = keeper.state.run.plan_comment
  const comment = await publishPlan(
    keeper.state,
    settings,
    ports,
    owned ? { id: owned.id, htmlUrl: owned.url } : undefined
  )
  if (comment && owned?.id !== comment.id) {
    keeper.dispatch({ type: 'comment_owned', kind: 'plan', id: comment.id, url: comment.htmlUrl })
  }
  return comment
}
