import { loadTeamConfig } from '../config/load-config.js'
import { composeRolePrompt } from '../config/compose-prompt.js'
import { costOf } from '../models/pricing.js'
import { makePlan } from '../planning/make-plan.js'
import { emptyRunState, type RunState } from '../state/run-state.js'
import { authorizeActor } from '../trigger/authorize.js'
import { classifyEvent } from '../trigger/classify-event.js'
import type { Feature, RunRequest } from '../trigger/request.js'
import { sanitiseText } from '../trigger/sanitise.js'
import { PlanError, errorMessage } from '../util/errors.js'
import { featureBranchName } from '../workspace/branch-names.js'
import { applyModelOverride } from './model-override.js'
import { publishPlan } from './publish-plan.js'
import { createRunKeeper } from './run-keeper.js'
import type { RunEvent, RunPorts, RunSettings } from './run-ports.js'
import { runTeamWork } from './team-work.js'

export type RunOutcome =
  | { status: 'skipped'; reason: string }
  | { status: 'refused'; reason: string }
  | { status: 'ran'; state: RunState; planCommentUrl?: string }

/**
 * One run of the team, top to bottom: understand the event, load the team, check who asked, read the
 * feature, plan it, publish the plan, then build it. Each step either hands a value to the next or ends the
 * run with a reason; nothing here talks to GitHub, git or a model except through the ports.
 */
export async function runTeam(event: RunEvent, settings: RunSettings, ports: RunPorts): Promise<RunOutcome> {
  const { logger, clock } = ports

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

  // 4. The feature, sanitised before any model sees it; the run state begins.
  const feature = await readFeature(decision, ports)
  const baseBranch = settings.baseBranch || (await ports.forge.getDefaultBranch())
  const keeper = createRunKeeper(emptyRunState(runKey(decision, clock.now())), clock.now)
  if (ports.onStateChange) keeper.onChange(state => ports.onStateChange?.(state))
  keeper.dispatch({
    type: 'run_started',
    trigger: decision.trigger,
    actor: decision.actor,
    issueNumber: decision.issueNumber,
    feature,
    baseBranch,
    featureBranch: featureBranchName(decision.issueNumber, feature.title)
  })

  // 5. Plan.
  const managerPrompt = await composeRolePrompt(team.manager, settings.repoDir)
  const managerModel = ports.modelFor(team.manager)
  try {
    const made = await makePlan({ model: managerModel, team, managerPrompt, feature, logger })
    keeper.dispatch({
      type: 'plan_made',
      plan: made.plan,
      version: 1,
      usage: made.usage,
      costUsd: costOf(managerModel.id, made.usage)
    })
  } catch (error) {
    if (!(error instanceof PlanError)) throw error
    if (error.usage) {
      keeper.dispatch({
        type: 'manager_usage',
        usage: error.usage,
        costUsd: costOf(managerModel.id, error.usage)
      })
    }
    keeper.dispatch({ type: 'run_finished', status: 'failed', error: error.message })
  }

  // 6. Publish the plan, then 7. build it.
  const planComment = await publishPlan(keeper.state, settings, ports)
  const plan = planOf(keeper.state)
  if (plan && settings.mode === 'all') {
    await runTeamWork({
      keeper,
      team,
      plan,
      feature,
      settings,
      ports,
      managerPrompt,
      baseBranch,
      planComment
    })
  }
  return { status: 'ran', state: keeper.state, planCommentUrl: planComment?.htmlUrl }
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

/** Runs of one issue share a key (so a later run finds the state); a dispatch without an issue gets its own. */
function runKey(request: RunRequest, now: number): string {
  return request.issueNumber !== undefined ? `issue-${request.issueNumber}` : `dispatch-${now.toString(36)}`
}

/** The plan as the state holds it, or undefined when planning failed. */
function planOf(state: RunState) {
  if (state.run.status === 'failed' || state.tasks.length === 0) return undefined
  return {
    summary: state.plan_summary ?? '',
    decisions: state.manager_instructions.decisions.map(d => d.decision),
    tasks: state.tasks.map(t => ({
      id: t.id,
      title: t.title,
      role: t.role,
      description: t.description,
      deliverables: t.deliverables,
      dependencies: t.dependencies,
      acceptance_criteria: t.acceptance_criteria,
      files: t.files
    }))
  }
}
