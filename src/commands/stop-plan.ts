import type { IssueRun } from './issue-run.js'
import { createRunKeeper } from '../state/run-keeper.js'
import type { RunSettings } from '../ports/run-ports.js'
import { publishOwnedPlan } from '../publish/publish-plan.js'
import { showStatusLabel } from '../publish/status-labels.js'
import { escapeMarkdown } from '../report/format.js'
import { codeSpan } from '../report/markdown.js'
import type { RunState } from '../state/run-state.js'
import { errorMessage } from '../util/errors.js'
import { reply, type Replied, type Replier } from './reply.js'

/**
 * `/agents stop` on a plan that waits for approval. No workflow run is working on it, so no one else would
 * record the stop: this job commits the run as stopped, shows it on the plan comment and the label, and
 * replies. `/agents run` later resumes it as any stopped run (the plan is built as it stands).
 */
export async function stopWaitingPlan(
  run: IssueRun,
  state: RunState,
  context: { settings: RunSettings; replier: Replier; phrase: string }
): Promise<Replied> {
  const { settings, replier, phrase } = context
  const { ports, request } = replier
  const keeper = createRunKeeper(state, () => ports.clock.now())
  keeper.dispatch({ type: 'run_interrupted', as: 'stopped', reason: `stopped by @${request.actor}` })
  await run.save(keeper.state, `${run.key}: stopped`)
  // Views of the state: a failure to update them is logged, the stop is already on record.
  await publishOwnedPlan(keeper, settings, ports).catch(error =>
    ports.logger.warning(`Could not update the plan comment: ${errorMessage(error)}`)
  )
  await showStatusLabel(ports, state.run.issue_number ?? request.issueNumber, 'stopped')
  return reply(
    replier,
    `Stopped at ${escapeMarkdown(`@${request.actor}`)}'s request: the plan was not approved and no agent ` +
      `ran. ${codeSpan(`${phrase} run`)} resumes it and builds the plan as it stands.`
  )
}
