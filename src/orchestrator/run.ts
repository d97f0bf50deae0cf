import { resolveTeamSettings } from '../config/settings.js'
import { composeRolePrompt } from '../config/compose-prompt.js'
import type { TeamConfig } from '../config/team-config.js'
import type { CommandSandbox } from '../sandbox/sandbox.js'
import { planOf } from '../state/current-plan.js'
import type { RunState } from '../state/run-state.js'
import { authorizeActor } from '../trigger/authorize.js'
import { classifyEvent } from '../trigger/classify-event.js'
import { errorMessage } from '../util/errors.js'
import type { CommentRef } from '../github/forge.js'
import { STOPPED_STATUSES } from '../state/reduce-support.js'
import { showStatusLabel, triggerLabel } from '../publish/status-labels.js'
import { watchForHalt } from './halt-watch.js'
import { publishOwnedPlan } from '../publish/publish-plan.js'
import { planFeature } from './plan-feature.js'
import { dispatchCommand } from '../commands/dispatch-command.js'
import { startFollowUp } from './follow-up.js'
import { answerReview } from '../publish/review-replies.js'
import type { RunEvent, RunPorts, RunSettings } from '../ports/run-ports.js'
import { redactingPorts } from '../ports/redacting-ports.js'
import { runTeamWork } from './team-work.js'
import { fanOut } from './fan-out.js'
import { runDispatchedTask } from './dispatched-task.js'
import { askForModels } from './ask-for-models.js'
import type { RunRequest } from '../trigger/request.js'
import { requestApproval } from './plan-approval.js'
import { endAfterThrow } from './run-ending.js'
import { openRun, type OpenRun } from './open-run.js'
import type { RunOutcome } from './run-outcome.js'
import { buildsAfterPlanning, discardEarlyCheckout, startEarlyCheckout } from './early-checkout.js'

/**
 * One run of the team, top to bottom: understand the event, load the team, check who asked, answer a command
 * or a review, open the run's state, then plan and build it under supervision. Each step either hands a value
 * to the next or ends the run with a reason; nothing here talks to GitHub, git or a model except through the
 * ports.
 */
export async function runTeam(event: RunEvent, settings: RunSettings, given: RunPorts): Promise<RunOutcome> {
  // A job a runner of a scale-out started for one task: its own path (dispatched-task.ts).
  if (settings.mode === 'task') return runDispatchedTask(event, settings, given)
  // Whatever the engine writes to GitHub or the log passes the secrets the entrypoint handed over.
  const ports = redactingPorts(given, settings.secrets)
  const admitted = await admit(event, settings, ports)
  if ('status' in admitted) return admitted
  const { decision, team, sandbox } = admitted

  const answered = await answerCommandOrReview(decision, { settings, ports, team })
  if (answered !== undefined && 'status' in answered) return answered

  const opened = await openRun(decision as RunRequest, answered?.state, settings, ports)
  if ('status' in opened) return opened
  return superviseRun(opened, { team, sandbox, settings, ports }, decision.trigger)
}

interface Admitted {
  decision: Exclude<ReturnType<typeof classifyEvent>, { kind: 'skip' }>
  team: TeamConfig
  sandbox: CommandSandbox | undefined
}

/**
 * Is this event for us, from someone who may spend the budget, on a machine that can isolate the agents?
 * Classifying is pure, so a stray event costs nothing; the config is read before any network call, so a
 * broken file fails fast; the sandbox is checked before anything is spent.
 */
async function admit(
  event: RunEvent,
  settings: RunSettings,
  ports: RunPorts
): Promise<Admitted | RunOutcome> {
  const { logger } = ports
  const decision = classifyEvent(event.name, event.payload, {
    label: settings.label,
    triggerPhrase: settings.triggerPhrase,
    ...settings.dispatch
  })
  if (decision.kind === 'skip') return { status: 'skipped', reason: decision.reason }

  // Inputs and flags are applied here, once, as the configuration is loaded; every later step reads the
  // resolved team.
  const team = await resolveTeamSettings({
    repoDir: settings.repoDir,
    ...settings.config,
    overrides: settings.overrides
  })

  // Only people with write access (and bots named in allowed_bots) may spend the budget.
  const auth = await authorizeActor(ports.forge, decision, settings.allowedBots)
  if (!auth.allowed) return { status: 'refused', reason: auth.reason }
  logger.info(`${decision.actor} (${auth.permission}) started a run from ${decision.trigger}`)
  if (decision.commentId !== undefined) {
    await ports.forge.addReaction(decision.commentId, 'eyes').catch(error => {
      logger.warning(`Could not react to the triggering comment: ${errorMessage(error)}`)
    })
  }

  // Every role's model is asked for now: an adapter that cannot serve a role (a provider it lacks, a key not
  // given) refuses here, naming the role, before the plan or any task has spent anything.
  if (callsModels(decision)) askForModels([team.manager, ...Object.values(team.roles)], ports)

  // `status`, `stop` and `revise` run no agent, so they need no sandbox.
  const sandbox = needsSandbox(decision) ? await ports.prepareSandbox(team.sandbox) : undefined
  return { decision, team, sandbox }
}

/**
 * A command (`/agents status|retry|stop|answer|approve|revise`) is answered from the committed state; a
 * review or comment on the team's PR starts a follow-up round of the run that owns it. Either ends here with
 * a reply, or hands back a state to carry on from, already going again. Undefined: a plain run request.
 */
async function answerCommandOrReview(
  decision: Admitted['decision'],
  context: { settings: RunSettings; ports: RunPorts; team: TeamConfig }
): Promise<{ state: RunState } | RunOutcome | undefined> {
  if (decision.kind === 'command') {
    const outcome = await dispatchCommand(decision, context)
    if (outcome.kind === 'replied') return { status: 'replied', reason: outcome.commentUrl }
    return { state: outcome.state }
  }
  if (decision.kind === 'follow-up') {
    const outcome = await startFollowUp(decision, context)
    if (outcome.kind === 'replied') return { status: 'replied', reason: outcome.commentUrl }
    if (outcome.kind === 'skipped') return { status: 'skipped', reason: outcome.reason }
    return { state: outcome.state }
  }
  return undefined
}

/**
 * From here the run is on record: whatever happens, it ends recorded, labelled and commented. The halt
 * switch (runner cancel, `timeout_minutes`, `/agents stop`) wraps the planning and the building.
 */
async function superviseRun(
  run: OpenRun,
  context: { team: TeamConfig; sandbox: CommandSandbox | undefined; settings: RunSettings; ports: RunPorts },
  trigger: Admitted['decision']['trigger']
): Promise<RunOutcome> {
  const { settings, ports } = context
  const { keeper, saver } = run
  const issueNumber = keeper.state.run.issue_number
  // The labels go on alongside the planning: they are a view of the run, and never fail it.
  const labelled =
    issueNumber === undefined
      ? Promise.resolve()
      : labelStart(ports, { issueNumber, status: keeper.state.run.status, label: settings.label, trigger })
  const { halt, stop: stopWatching } = watchForHalt(keeper, settings, ports)
  // The ending's label goes as soon as the ending is known, beside the last edits of the comments: GitHub
  // takes writes a second apart, so the label after them would cost seconds more.
  const labelEnding = endingLabeller(ports, issueNumber, labelled, () => keeper.state.run.status)
  keeper.onChange((_state, event) => {
    if (event.type === 'run_finished' || event.type === 'run_interrupted') void labelEnding()
  })
  const live: RunSettings = { ...settings, signal: halt.signal }
  const published: Published = {}
  let planComment: CommentRef | undefined
  try {
    await planAndBuild(run, { ...context, settings: live }, published)
    planComment = await published.planComment
  } catch (error) {
    // The plan comment may still be on its way (the work failed first); the ending is written on it.
    planComment = await published.planComment?.catch(() => undefined)
    await endAfterThrow(keeper, error, halt.signal, { settings: live, ports, planComment })
  } finally {
    const watched = stopWatching()
    // The state first: a cancelled job has seconds left, and the label is only a view of it.
    await saver.flush()
    await watched
    await labelEnding()
    await published.discarded
  }
  return { status: 'ran', state: keeper.state, planCommentUrl: planComment?.htmlUrl }
}

/**
 * Shows the run's status as the issue's label, after the start's labels, once per status: called when the
 * ending is known and again at the very end, which relabels only if the status changed since.
 */
function endingLabeller(
  ports: RunPorts,
  issueNumber: number | undefined,
  labelled: Promise<void>,
  status: () => RunState['run']['status']
): () => Promise<void> {
  let shown: RunState['run']['status'] | undefined
  let last: Promise<void> = labelled
  return () => {
    const now = status()
    if (issueNumber === undefined || now === shown) return last
    shown = now
    last = last.then(() => showStatusLabel(ports, issueNumber, now))
    return last
  }
}

/**
 * The labels of a run that starts: its state label, and the trigger label, created with its colour when a
 * comment or a dispatch started the run (a run the label started has it already, so asking costs a call).
 */
async function labelStart(
  ports: RunPorts,
  run: { issueNumber: number; status: RunState['run']['status']; label: string; trigger: string }
): Promise<void> {
  if (run.trigger !== 'issues.labeled') {
    await ports.forge
      .ensureLabel(triggerLabel(run.label))
      .catch(error => ports.logger.warning(`Could not create the label ${run.label}: ${errorMessage(error)}`))
  }
  await showStatusLabel(ports, run.issueNumber, run.status)
}

/** What planAndBuild hands the run's ending while it still goes on. */
interface Published {
  /** The plan comment, as soon as it is sent: a failure later still ends the run on it. */
  planComment?: Promise<CommentRef | undefined>
  /** The removal of a checkout made early and not used, awaited once the ending is recorded. */
  discarded?: Promise<void>
}

/**
 * Plans the feature (a resumed run keeps its plan), publishes the plan, then builds it. With `approval: plan`
 * a fresh run ends after publishing, its plan waiting and no agent called. A fresh run that will build has
 * its checkout and dependencies made while the manager plans (early-checkout.ts).
 */
async function planAndBuild(
  run: OpenRun,
  context: { team: TeamConfig; sandbox: CommandSandbox | undefined; settings: RunSettings; ports: RunPorts },
  published: Published
): Promise<void> {
  const { team, sandbox, settings, ports } = context
  const { keeper, feature, baseBranch } = run
  let unused = buildsAfterPlanning(run, settings, sandbox)
    ? startEarlyCheckout({
        team,
        sandbox,
        settings,
        ports,
        baseBranch,
        featureBranch: keeper.state.run.feature_branch as string
      })
    : undefined
  try {
    const managerPrompt = await composeRolePrompt(team.manager, settings.repoDir)
    if (!run.resuming) {
      await planFeature(keeper, { team, managerPrompt, feature, settings, ports })
      requestApproval(keeper, settings)
    }
    // The plan comment is posted while the team starts: the work waits for no GitHub write.
    const planComment = publishOwnedPlan(keeper, settings, ports)
    published.planComment = planComment
    // Awaited by the team work or the ending; marked handled so a failure before either is not a crash.
    planComment.catch(() => undefined)
    const plan = planOf(keeper.state)
    if (!plan || settings.mode !== 'all' || !sandbox || STOPPED_STATUSES.has(keeper.state.run.status)) {
      await planComment
      return
    }
    const input = {
      sandbox,
      keeper,
      team,
      plan,
      feature,
      settings,
      ports,
      managerPrompt,
      baseBranch,
      planComment
    }
    if (settings.scaleOut && settings.scaleOut.runners > 1) {
      await fanOut(input, {
        keeper,
        saver: run.saver,
        ports,
        scaleOut: settings.scaleOut,
        limits: team.limits
      })
      return
    }
    const early = unused
    unused = undefined
    await runTeamWork({ ...input, early })
    // A follow-up round ends with one reply in each thread of the review it answers.
    await answerReview(keeper, ports)
  } finally {
    // Not built on: removed once the run's ending is recorded, for the install may take a while and a
    // cancelled job has only seconds.
    if (unused) published.discarded = discardEarlyCheckout(unused, ports.logger)
  }
}

/** Whether the decision may call a model: runs, task commands and reviews do; `status` and `stop` do not. */
function callsModels(decision: ReturnType<typeof classifyEvent>): boolean {
  return decision.kind !== 'command' || !['status', 'stop'].includes(decision.command.name)
}

function needsSandbox(decision: ReturnType<typeof classifyEvent>): boolean {
  return decision.kind !== 'command' || !['status', 'stop', 'revise'].includes(decision.command.name)
}
