import { awaitingApprovalMarker } from '../github/markers.js'
import { writeOwnComment } from '../publish/own-comment.js'
import { showStatusLabel } from '../publish/status-labels.js'
import { codeSpan, link } from '../report/markdown.js'
import type { RunState } from '../state/run-state.js'
import { triggerPhraseOf } from '../trigger/parse-command.js'
import type { RunKeeper } from '../state/run-keeper.js'
import type { RunPorts, RunSettings } from '../ports/run-ports.js'

/**
 * With `approval: plan`, a fresh run stops once its plan is made: the plan is committed and posted, and no
 * agent starts (nothing is spent beyond the planning call) until someone with write access approves it.
 * `mode: plan` never builds anyway, so it needs no approval. Does nothing when planning failed.
 */
export function requestApproval(keeper: RunKeeper, settings: Pick<RunSettings, 'approval' | 'mode'>): void {
  if (settings.approval !== 'plan' || settings.mode !== 'all') return
  if (keeper.state.run.status === 'planned') keeper.dispatch({ type: 'approval_requested' })
}

/**
 * A new label or `/agents run` on an issue whose plan waits for approval: nothing is planned again and no
 * work starts. The issue is told where the plan is and how to approve or revise it (one reply, edited on
 * the next trigger), and keeps the waiting label.
 */
export async function stillAwaitingApproval(
  state: RunState,
  settings: Pick<RunSettings, 'triggerPhrase'>,
  ports: RunPorts
): Promise<{ status: 'ran'; state: RunState; planCommentUrl?: string }> {
  const issueNumber = state.run.issue_number
  const planUrl = state.run.plan_comment?.url
  if (issueNumber !== undefined) {
    const phrase = triggerPhraseOf(settings)
    const marker = awaitingApprovalMarker(issueNumber)
    const body =
      `${marker}\n${link(`Plan v${state.run.plan_version}`, planUrl)} of this issue is waiting for approval, ` +
      `so nothing was planned again and no agent started. ${codeSpan(`${phrase} approve`)} builds it; ` +
      `${codeSpan(`${phrase} revise <what to change>`)} asks for a new version; ` +
      `${codeSpan(`${phrase} stop`)} drops it.`
    await writeOwnComment(ports.forge, issueNumber, marker, body)
    await showStatusLabel(ports, issueNumber, 'awaiting_approval')
  }
  ports.logger.info(`The plan of ${state.run.key} is waiting for approval; nothing to do.`)
  return { status: 'ran', state, planCommentUrl: planUrl }
}
