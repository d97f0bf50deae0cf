import { reviseAndRecord } from '../state/record-revision.js'
import { composeRolePrompt } from '../config/compose-prompt.js'
import type { TeamConfig } from '../config/team-config.js'
import { costOf } from '../models/pricing.js'
import type { IssueRun } from './issue-run.js'
import { createRunKeeper } from '../state/run-keeper.js'
import type { RunPorts, RunSettings } from '../ports/run-ports.js'
import { featureOf } from '../state/current-plan.js'
import { publishOwnedPlan } from '../publish/publish-plan.js'
import { escapeMarkdown, truncate } from '../report/format.js'
import { codeSpan, link } from '../report/markdown.js'
import type { RunState } from '../state/run-state.js'
import { sanitiseText } from '../trigger/sanitise.js'
import { PlanError } from '../planning/plan-error.js'
import { notWaiting } from './approve.js'
import { reply, type Replied, type Replier } from './reply.js'

/** How much of a person's request names the new version in the plan's history. */
const REASON_LENGTH = 100

/**
 * `/agents revise <text>`: while the plan waits for approval, the manager makes a new version of it from
 * the request. The version is committed, the plan comment is edited to show it (with what changed), and
 * the reply says what changed; the plan still waits for approval. A revision the manager cannot get right
 * changes nothing and the reply says why. No agent runs, so no sandbox is needed.
 */
export async function revise(
  run: IssueRun,
  state: RunState,
  text: string,
  context: { settings: RunSettings; ports: RunPorts; team: TeamConfig; replier: Replier; phrase: string }
): Promise<Replied> {
  const { settings, ports, team, replier, phrase } = context
  if (state.run.status !== 'awaiting_approval') {
    return reply(replier, `Only a plan waiting for approval can be revised: ${notWaiting(state, phrase)}`)
  }
  // The request goes to the manager: it gets the same cleaning as any issue text.
  const request = sanitiseText(text)
  if (request === '') {
    return reply(
      replier,
      `The request is empty once hidden text is removed. Write it as visible text: ` +
        `${codeSpan(`${phrase} revise <what to change>`)}.`
    )
  }
  const actor = replier.request.actor
  const model = ports.modelFor(team.manager)
  const keeper = createRunKeeper(state, () => ports.clock.now())
  const firstLine = request.split('\n', 1)[0] ?? ''
  let revised
  try {
    revised = await reviseAndRecord(
      keeper,
      {
        model,
        team,
        managerPrompt: await composeRolePrompt(team.manager, settings.repoDir),
        feature: featureOf(state),
        reason: { kind: 'request', by: actor, text: request },
        signal: settings.signal,
        logger: ports.logger
      },
      {
        charge: usage => costOf(model.id, usage),
        reasonFor: () => `@${actor} asked: ${truncate(firstLine, REASON_LENGTH)}`
      }
    )
  } catch (error) {
    if (!(error instanceof PlanError)) throw error
    // What the attempts cost is on record even though the plan stays as it was.
    if (keeper.state !== state) await run.save(keeper.state, `${run.key}: revision refused`)
    return reply(
      replier,
      `The plan was not changed: the manager could not make a valid new version of it.\n\n` +
        `${escapeMarkdown(error.message)}\n\nThe plan v${state.run.plan_version} still waits for approval.`
    )
  }
  const version = keeper.state.run.plan_version
  // The state first: the revision is paid for, and the comment is only a view of it.
  await run.save(keeper.state, `${run.key}: plan v${version} (revised at @${actor}'s request)`)
  const saved = keeper.state
  const comment = await publishOwnedPlan(keeper, settings, ports)
  if (keeper.state !== saved) await run.save(keeper.state, `${run.key}: plan comment`)

  const where = comment ? link(`The plan comment`, comment.htmlUrl) : 'The plan'
  return reply(
    replier,
    `**Plan v${version}**: ${escapeMarkdown(revised.change)}\n\n${where} shows the new version. ` +
      `${codeSpan(`${phrase} approve`)} builds it; ${codeSpan(`${phrase} revise <what to change>`)} ` +
      `asks for another version.`
  )
}
