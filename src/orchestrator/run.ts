import { resolveTeamSettings } from '../config/settings.js'
import { composeRolePrompt } from '../config/compose-prompt.js'
import { featureOf, planOf } from '../state/current-plan.js'
import { emptyRunState, type RunState } from '../state/run-state.js'
import { authorizeActor } from '../trigger/authorize.js'
import { classifyEvent } from '../trigger/classify-event.js'
import type { Feature, RunRequest } from '../trigger/request.js'
import { sanitiseText } from '../trigger/sanitise.js'
import { errorMessage } from '../util/errors.js'
import type { CommentRef } from '../github/forge.js'
import { STOPPED_STATUSES } from '../state/reduce-support.js'
import { createHaltSwitch, RunHalt } from './halt.js'
import { showStatusLabel, triggerLabel } from '../publish/status-labels.js'
import { watchForStop } from './stop-watch.js'
import { featureBranchName } from '../workspace/branch-names.js'
import { publishOwnedPlan } from '../publish/publish-plan.js'
import { planFeature } from './plan-feature.js'
import { requestApproval, stillAwaitingApproval } from './plan-approval.js'
import { createRunKeeper, resumeRun } from '../state/run-keeper.js'
import { issueRunKey } from '../commands/issue-run.js'
import { saveMilestones } from '../state/state-saver.js'
import { dispatchCommand } from '../commands/dispatch-command.js'
import { startFollowUp } from './follow-up.js'
import { answerReview } from '../publish/review-replies.js'
import type { RunEvent, RunPorts, RunSettings } from '../ports/run-ports.js'
import { redactingPorts } from '../ports/redacting-ports.js'
import { runTeamWork } from './team-work.js'
import { alreadyDone, endAfterThrow, ownNumbers } from './run-ending.js'

export type RunOutcome =
  /** `reason` reads `skipped: <why>`. */
  | { status: 'skipped'; reason: string }
  | { status: 'refused'; reason: string }
  | { status: 'replied'; reason: string }
  | { status: 'ran'; state: RunState; planCommentUrl?: string }

/**
 * One run of the team, top to bottom: understand the event, load the team, check who asked, read the
 * feature, plan it, publish the plan, then build it. Each step either hands a value to the next or ends the
 * run with a reason; nothing here talks to GitHub, git or a model except through the ports.
 */
export async function runTeam(event: RunEvent, settings: RunSettings, given: RunPorts): Promise<RunOutcome> {
  // Whatever the engine writes to GitHub or the log passes the secrets the entrypoint handed over.
  const ports = redactingPorts(given, settings.secrets)
  const { logger, clock } = ports

  // 1. Trigger: is this event for us at all? Pure, so a stray event costs nothing.
  const decision = classifyEvent(event.name, event.payload, {
    label: settings.label,
    triggerPhrase: settings.triggerPhrase,
    ...settings.dispatch
  })
  if (decision.kind === 'skip') return { status: 'skipped', reason: decision.reason }

  // 2. Config before any network call: a broken file must fail fast and cost nothing. Inputs and flags
  //    are applied here, once; every later step reads the resolved team.
  const team = await resolveTeamSettings({
    repoDir: settings.repoDir,
    ...settings.config,
    overrides: settings.overrides
  })

  // 3. Who asked: only people with write access (and bots named in allowed_bots) may spend the budget.
  const auth = await authorizeActor(ports.forge, decision, settings.allowedBots)
  if (!auth.allowed) return { status: 'refused', reason: auth.reason }
  logger.info(`${decision.actor} (${auth.permission}) started a run from ${decision.trigger}`)
  if (decision.commentId !== undefined) {
    await ports.forge.addReaction(decision.commentId, 'eyes').catch(error => {
      logger.warning(`Could not react to the triggering comment: ${errorMessage(error)}`)
    })
  }

  // 3a. The sandbox for the agents' commands, checked before anything is spent: a machine that cannot
  //     isolate the agents' code stops here, before any model call. `status`, `stop`, `revise` run no agent.
  const sandbox = needsSandbox(decision) ? await ports.prepareSandbox(team.sandbox) : undefined

  // 3b. A command (`/agents status|retry|stop|answer|approve|revise`) is answered from the committed state;
  //     retry, answer and approve hand back a state to carry on from, already going again.
  let continued: RunState | undefined
  if (decision.kind === 'command') {
    const outcome = await dispatchCommand(decision, { settings, ports, team })
    if (outcome.kind === 'replied') return { status: 'replied', reason: outcome.commentUrl }
    continued = outcome.state
  }
  // 3c. A review or comment on the team's PR: a follow-up round of the run that owns it, planned by the
  //     manager and built on the same branch.
  if (decision.kind === 'follow-up') {
    const outcome = await startFollowUp(decision, { settings, ports, team })
    if (outcome.kind === 'replied') return { status: 'replied', reason: outcome.commentUrl }
    if (outcome.kind === 'skipped') return { status: 'skipped', reason: outcome.reason }
    continued = outcome.state
  }
  const request = decision as RunRequest

  // 4. The feature, sanitised before any model sees it; the run state begins, or resumes where an
  //    earlier run of the same issue left it.
  const feature = continued ? featureOf(continued) : await readFeature(request, ports)
  const baseBranch =
    continued?.run.base_branch ?? (settings.baseBranch || (await ports.forge.getDefaultBranch()))
  const key = continued?.run.key ?? runKey(request, clock.now())
  const featureBranch = continued?.run.feature_branch ?? featureBranchName(request.issueNumber, feature.title)
  const store = await ports.openStateStore({ featureBranch, baseBranch })
  const previous = continued ?? (await store.load(key))
  // A finished run is not built again: a second label or `/agents run` points to what it made.
  if (!continued && previous?.run.status === 'done') return alreadyDone(previous, ports)
  // A plan waiting for approval is not planned again: `/agents approve` or `revise` moves it.
  if (!continued && previous?.run.status === 'awaiting_approval') {
    return stillAwaitingApproval(previous, settings, ports)
  }
  const resuming = previous !== undefined && (continued !== undefined || isResumable(previous))
  const keeper = createRunKeeper(resuming ? previous : emptyRunState(key), clock.now)
  if (ports.onStateChange) keeper.onChange(state => ports.onStateChange?.(state))
  const saver = saveMilestones(keeper, store, logger)
  if (resuming) {
    if (!continued) resumeRun(keeper)
    const merged = keeper.state.tasks.filter(t => t.merge_sha !== undefined).length
    logger.info(`Resuming ${key}: ${merged} of ${keeper.state.tasks.length} tasks already merged`)
  } else {
    keeper.dispatch({
      type: 'run_started',
      trigger: request.trigger,
      actor: request.actor,
      issueNumber: request.issueNumber,
      feature,
      baseBranch,
      featureBranch
    })
  }

  // From here the run is on record: whatever happens, it ends recorded, labelled and commented.
  const issueNumber = keeper.state.run.issue_number
  if (issueNumber !== undefined) {
    await ports.forge
      .ensureLabel(triggerLabel(settings.label))
      .catch(error => logger.warning(`Could not create the label ${settings.label}: ${errorMessage(error)}`))
    await showStatusLabel(ports, issueNumber, keeper.state.run.status)
  }
  const halt = createHaltSwitch({
    outer: settings.signal,
    deadlineAt: settings.timeoutMinutes ? clock.now() + settings.timeoutMinutes * 60_000 : undefined,
    deadlineName: settings.timeoutMinutes ? `timeout_minutes: ${settings.timeoutMinutes}` : undefined,
    clock
  })
  const watching = new AbortController()
  const watcher = watchForStop({
    forge: ports.forge,
    numbers: () => ownNumbers(keeper.state),
    // GitHub's `since` is documented as YYYY-MM-DDTHH:MM:SSZ: whole seconds, rounded down.
    since: new Date(Math.floor(clock.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    triggerPhrase: settings.triggerPhrase,
    allowedBots: settings.allowedBots,
    intervalMs: settings.stopPollMs,
    clock,
    logger,
    signal: watching.signal,
    onStop: actor => halt.halt(new RunHalt('stopped', `stopped by @${actor}`))
  })
  const live: RunSettings = { ...settings, signal: halt.signal }
  let planComment: CommentRef | undefined
  try {
    // 5. Plan (a resumed run keeps its plan).
    const managerPrompt = await composeRolePrompt(team.manager, settings.repoDir)
    if (!resuming) {
      await planFeature(keeper, { team, managerPrompt, feature, settings: live, ports })
      // With `approval: plan` the run ends here, its plan posted and waiting; no agent has been called.
      requestApproval(keeper, settings)
    }

    // 6. Publish the plan, then 7. build it.
    planComment = await publishOwnedPlan(keeper, live, ports)
    const plan = planOf(keeper.state)
    if (plan && settings.mode === 'all' && sandbox && !STOPPED_STATUSES.has(keeper.state.run.status)) {
      await runTeamWork({
        sandbox,
        keeper,
        team,
        plan,
        feature,
        settings: live,
        ports,
        managerPrompt,
        baseBranch,
        planComment
      })
      // A follow-up round ends with one reply in each thread of the review it answers.
      await answerReview(keeper, ports)
    }
  } catch (error) {
    await endAfterThrow(keeper, error, halt.signal, { settings: live, ports, planComment })
  } finally {
    halt.close()
    watching.abort()
    // The state first: a cancelled job has seconds left, and the label is only a view of it.
    await saver.flush()
    await watcher
    if (issueNumber !== undefined) await showStatusLabel(ports, issueNumber, keeper.state.run.status)
  }
  return { status: 'ran', state: keeper.state, planCommentUrl: planComment?.htmlUrl }
}

/** `status`, `stop` and `revise` run no agent, so they need no sandbox. */
function needsSandbox(decision: ReturnType<typeof classifyEvent>): boolean {
  return decision.kind !== 'command' || !['status', 'stop', 'revise'].includes(decision.command.name)
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
  return request.issueNumber !== undefined ? issueRunKey(request.issueNumber) : `dispatch-${now.toString(36)}`
}

/** A committed run worth resuming: it has a plan and did not end done. */
function isResumable(state: RunState): boolean {
  return state.run.plan_version > 0 && state.run.status !== 'done' && state.tasks.length > 0
}
