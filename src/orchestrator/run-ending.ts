import { describeFailure } from '../github/applied-once.js'
import type { CommentRef } from '../github/forge.js'
import { doneMarker } from '../github/markers.js'
import { writeOwnComment } from '../publish/own-comment.js'
import { writeFinalProgress } from '../publish/progress.js'
import { publishPlan } from '../publish/publish-plan.js'
import { showStatusLabel } from '../publish/status-labels.js'
import { STOPPED_STATUSES } from '../state/reduce-support.js'
import type { RunState } from '../state/run-state.js'
import { errorMessage } from '../util/errors.js'
import { haltOf } from './halt.js'
import type { RunKeeper } from '../state/run-keeper.js'
import type { RunPorts, RunSettings } from '../ports/run-ports.js'

/** How a run ends when it could not end itself, and how a run that is already done answers a trigger. */

/**
 * A throw ended the run before it could end itself. A halt (cancelled, stopped, out of time) ends it the
 * way the halt says; anything else ends it `failed` with the error. Either way the progress comment (when
 * the PR exists) and the plan comment show the ending (the caller sets the label); the PR stays a draft.
 */
export async function endAfterThrow(
  keeper: RunKeeper,
  error: unknown,
  signal: AbortSignal,
  context: { settings: RunSettings; ports: RunPorts; planComment?: CommentRef }
): Promise<void> {
  const { ports } = context
  if (!STOPPED_STATUSES.has(keeper.state.run.status) && keeper.state.run.started_at !== undefined) {
    if (signal.aborted) {
      const halt = haltOf(signal)
      keeper.dispatch({ type: 'run_interrupted', reason: halt.message, as: halt.status })
    } else {
      const reason = describeFailure(error)
      ports.logger.error(`The run failed: ${reason}`)
      keeper.dispatch({ type: 'run_finished', status: 'failed', error: reason })
    }
  }
  await writeFinalProgress(keeper.state, context.settings, ports).catch(failure =>
    ports.logger.warning(`Could not update the progress comment: ${errorMessage(failure)}`)
  )
  await publishPlan(keeper.state, context.settings, ports, context.planComment).catch(failure =>
    ports.logger.warning(`Could not update the plan comment: ${errorMessage(failure)}`)
  )
}

/** The issue and the PR of the run, where `/agents stop` may be written. */
export function ownNumbers(state: RunState): number[] {
  return [state.run.issue_number, state.run.pull_request?.number].filter(
    (number): number is number => number !== undefined
  )
}

/**
 * The run of this issue is done: no plan, no model call. The issue is told where the work is (one reply,
 * edited on the next trigger) and shows the `done` label alone.
 */
export async function alreadyDone(
  state: RunState,
  ports: RunPorts
): Promise<{ status: 'ran'; state: RunState; planCommentUrl?: string }> {
  const issueNumber = state.run.issue_number
  if (issueNumber !== undefined) {
    const pull = state.run.pull_request
    const where = pull ? `pull request #${pull.number}` : `branch \`${state.run.feature_branch ?? ''}\``
    const marker = doneMarker(issueNumber)
    const body = `${marker}\nThe team already built this issue: its work is in ${where}. Nothing was run again. To change the result, review ${pull ? 'that pull request' : 'that branch'}.`
    await writeOwnComment(ports.forge, issueNumber, marker, body)
    await showStatusLabel(ports, issueNumber, 'done')
  }
  ports.logger.info(`The run ${state.run.key} is already done; nothing to do.`)
  return { status: 'ran', state, planCommentUrl: state.run.plan_comment?.url }
}
