import { loadTeamConfig } from '../config/load-config.js'
import { composeRolePrompt } from '../config/compose-prompt.js'
import type { TeamConfig } from '../config/team-config.js'
import { costOf } from '../models/pricing.js'
import { zeroUsage, type Usage } from '../models/model.js'
import { makePlan } from '../planning/make-plan.js'
import type { Plan } from '../planning/plan.js'
import { authorizeActor } from '../trigger/authorize.js'
import { classifyEvent } from '../trigger/classify-event.js'
import type { Feature, RunRequest } from '../trigger/request.js'
import { sanitiseText } from '../trigger/sanitise.js'
import { PlanError, errorMessage } from '../util/errors.js'
import { applyModelOverride } from './model-override.js'
import { publishPlan } from './publish-plan.js'
import type { RunEvent, RunPorts, RunSettings } from './run-ports.js'
import { planView } from './plan-view.js'
import type { RunView } from '../report/run-view.js'

export type RunOutcome =
  | { status: 'skipped'; reason: string }
  | { status: 'refused'; reason: string }
  | { status: 'planned' | 'failed'; view: RunView; usage: Usage; costUsd: number; commentUrl?: string }

/**
 * One run of the team, top to bottom: understand the event, load the team, check who asked, read the
 * feature, plan it, publish the plan. Each step either hands a value to the next or ends the run with a
 * reason; nothing here talks to GitHub or a model except through the ports.
 */
export async function runTeam(event: RunEvent, settings: RunSettings, ports: RunPorts): Promise<RunOutcome> {
  const { logger } = ports

  // 1. Trigger: is this event for us at all? Pure, so a stray event costs nothing.
  const decision = classifyEvent(event.name, event.payload, {
    label: settings.label,
    triggerPhrase: settings.triggerPhrase,
    ...settings.dispatch
  })
  if (decision.kind === 'skip') return { status: 'skipped', reason: decision.reason }
  if (decision.kind !== 'run') {
    return { status: 'skipped', reason: `the "${decision.command.name}" command is not available yet` }
  }

  // 2. Config before any network call: a broken file must fail fast and cost nothing.
  const team = applyModelOverride(
    await loadTeamConfig({ repoDir: settings.repoDir, ...settings.config }),
    settings
  )

  // 3. Who asked: only people with write access (and bots named in allowed_bots) may spend the budget.
  const auth = await authorizeActor(ports.forge, decision, settings.allowedBots)
  if (!auth.allowed) return { status: 'refused', reason: auth.reason }
  logger.info(`${decision.actor} (${auth.permission}) started a run from ${decision.trigger}`)

  if (decision.commentId !== undefined) {
    await ports.forge.addReaction(decision.commentId, 'eyes').catch(error => {
      logger.warning(`Could not react to the triggering comment: ${errorMessage(error)}`)
    })
  }

  // 4. The feature, sanitised before any model sees it.
  const feature = await readFeature(decision, ports)

  // 5. Plan.
  const manager = team.manager
  let plan: Plan | undefined
  let usage = zeroUsage
  let failure: string | undefined
  try {
    const result = await makePlan({
      model: ports.modelFor(manager),
      team,
      managerPrompt: await composeRolePrompt(manager, settings.repoDir),
      feature,
      logger
    })
    plan = result.plan
    usage = result.usage
  } catch (error) {
    if (!(error instanceof PlanError)) throw error
    failure = error.message
    usage = error.usage ?? zeroUsage
  }
  const costUsd = costOf(manager.model.modelName, usage)

  // 6. Publish.
  const view = planView({
    feature,
    plan,
    team,
    usage,
    costUsd,
    failure,
    issueNumber: decision.issueNumber,
    runUrl: settings.runUrl
  })
  const comment = await publishPlan(view, ports)
  return { status: plan ? 'planned' : 'failed', view, usage, costUsd, commentUrl: comment?.htmlUrl }
}

async function readFeature(request: RunRequest, ports: RunPorts): Promise<Feature> {
  let feature = request.feature
  if (!feature) {
    // Dispatch with an issue number: the text lives on GitHub.
    const issue = await ports.forge.getIssue(request.issueNumber as number)
    feature = { title: issue.title, body: issue.body }
  }
  return { title: sanitiseText(feature.title), body: sanitiseText(feature.body) }
}

export type { TeamConfig }
