import { composeRolePrompt } from '../config/compose-prompt.js'
import { resolveTeamSettings } from '../config/settings.js'
import type { TeamConfig } from '../config/team-config.js'
import { writeFinalProgress } from '../publish/progress.js'
import type { RunEvent, RunPorts, RunSettings, ScaleOut } from '../ports/run-ports.js'
import { redactingPorts } from '../ports/redacting-ports.js'
import type { CommandSandbox } from '../sandbox/sandbox.js'
import { planOf } from '../state/current-plan.js'
import { STOPPED_STATUSES } from '../state/reduce-support.js'
import { createRunKeeper, type RunKeeper } from '../state/run-keeper.js'
import { claimMarkOf } from '../state/runner-reducer.js'
import { saveMilestones, type StateSaver } from '../state/state-saver.js'
import type { StateStore } from '../state/state-store.js'
import { authorizeActor } from '../trigger/authorize.js'
import { isObject, readSender } from '../trigger/payload-fields.js'
import { AgentTeamError, errorMessage } from '../util/errors.js'
import { DEFAULT_IDENTITY } from '../workspace/git-workspace.js'
import { askForModels } from './ask-for-models.js'
import { haltOf, RunHalt, type HaltSwitch } from './halt.js'
import { watchForHalt } from './halt-watch.js'
import type { RunOutcome } from './run-outcome.js'
import { runTask } from './run-task.js'
import { prepareDependencies } from './sandbox-setup.js'
import { claimFinishing, dispatchReadyTasks, isStale, type ScaleOutContext } from './scale-out.js'
import { finishSpreadRun } from './spread-finish.js'
import { createTeamContext, type TeamContext } from './team-context.js'

/**
 * A job of mode `task`: one task of a run spread over several runners. It reads the run from the state
 * branch, runs the task's agent session on the task's branch in this runner, merges it into the feature
 * branch (a push that finds another runner's merges there merges them in and tries again: never a force),
 * commits the state, shows the committed state in the progress comment, starts runners for the tasks its
 * merge made ready, and, when nothing is left moving, finishes the run if its claim is the one committed.
 */
export async function runDispatchedTask(
  event: RunEvent,
  settings: RunSettings,
  given: RunPorts
): Promise<RunOutcome> {
  const ports = redactingPorts(given, settings.secrets)
  const scaleOut = settings.scaleOut as ScaleOut
  const { task: taskId, runKey } = scaleOut
  if (!taskId || !runKey) {
    throw new AgentTeamError(
      'mode: task needs the inputs task (a task id such as T3) and run_key (such as issue-12): pass them ' +
        'from the workflow_dispatch inputs, as the README\'s "Several runners" workflow does.'
    )
  }
  const sender = readSender(isObject(event.payload) ? event.payload : {})
  if (typeof sender === 'string') return { status: 'refused', reason: sender }
  // The job was started by a runner of the run through the workflow's own token, or by a person with write
  // access; the first needs github-actions[bot] in allowed_bots, as every bot does.
  const auth = await authorizeActor(
    ports.forge,
    { ...sender, trigger: 'workflow_dispatch' },
    settings.allowedBots
  )
  if (!auth.allowed) return { status: 'refused', reason: auth.reason }

  const team = await resolveTeamSettings({
    repoDir: settings.repoDir,
    ...settings.config,
    overrides: settings.overrides
  })
  askForModels([team.manager, ...Object.values(team.roles)], ports)
  const store = await ports.openStateStore({ featureBranch: '', baseBranch: '' })
  const committed = await store.load(runKey)
  if (!committed) {
    throw new AgentTeamError(
      `No run ${runKey} is on the state branch, so task ${taskId} has nothing to belong to. Start the run ` +
        'first (label the issue, or dispatch with mode all and runners above 1).'
    )
  }
  const keeper = createRunKeeper(committed, ports.clock.now)
  const saver = saveMilestones(keeper, store, ports.logger, ports.clock, { shared: true })
  const { logger } = ports
  // The job's own halt: the runner cancelling it, its timeout_minutes, or `/agents stop` on the issue or PR.
  const { halt, stop: stopWatching } = watchForHalt(keeper, settings, ports)
  const live = { ...settings, signal: halt.signal }
  const job: Job = { keeper, saver, store, team, settings: live, ports, scaleOut, taskId, halt }
  try {
    const why = reasonNotToRun(job)
    if (why) logger.info(why)
    else await doTask(job, (job.sandbox = await ports.prepareSandbox(team.sandbox)))
    recordStop(job)
    await carryOn(job)
  } finally {
    await stopWatching()
    await saver.flush()
  }
  return { status: 'ran', state: keeper.state }
}

/**
 * A person stopped the run (`/agents stop`): it is recorded once for every runner of it (replayed over
 * their commits), so none starts another task. A runner cancelled or out of its own time ends only its job:
 * its task, its work pushed, goes stale and another runner takes it up.
 */
function recordStop(job: Job): void {
  const { keeper, halt } = job
  if (!halt.signal.aborted || STOPPED_STATUSES.has(keeper.state.run.status)) return
  const reason = haltOf(halt.signal)
  if (reason.status !== 'stopped') return
  keeper.dispatch({ type: 'run_interrupted', reason: reason.message, as: 'stopped' })
}

interface Job {
  keeper: RunKeeper
  saver: StateSaver
  store: StateStore
  team: TeamConfig
  settings: RunSettings
  ports: RunPorts
  scaleOut: ScaleOut
  taskId: string
  /** Halts the job's session: the runner's cancel, its deadline, or a stop of the run. */
  halt: HaltSwitch
  /** The task's team context, made when the job first needs the workspace. */
  context?: TeamContext
  sandbox?: CommandSandbox
}

/** Why this job has nothing to do (the run ended, the task merged, another runner is on it), or undefined. */
function reasonNotToRun(job: Job): string | undefined {
  const { keeper, taskId, scaleOut, ports } = job
  const state = keeper.state
  const task = state.tasks.find(t => t.id === taskId)
  if (!task) {
    throw new AgentTeamError(
      `Run ${state.run.key} has no task ${taskId}; its tasks are ${state.tasks.map(t => t.id).join(', ')}.`
    )
  }
  if (STOPPED_STATUSES.has(state.run.status))
    return `Run ${state.run.key} is ${state.run.status}; ${taskId} is not started.`
  if (task.merge_sha !== undefined)
    return `${taskId} is already merged (${task.merge_sha.slice(0, 7)}); nothing to do.`
  if (task.state === 'running' && !isStale(task, ports.clock.now(), scaleOut.staleAfterMs)) {
    return `${taskId} is running on ${task.runner?.id ?? 'another runner'}; nothing to do here.`
  }
  if (task.state !== 'queued' && task.state !== 'running') {
    return `${taskId} is ${task.state}; /agents retry ${taskId} queues it again.`
  }
  return undefined
}

/** The task itself: its session, its merge, its branch and the feature branch pushed, the state committed. */
async function doTask(job: Job, sandbox: CommandSandbox): Promise<void> {
  const { keeper, taskId, scaleOut, ports } = job
  const task = keeper.state.tasks.find(t => t.id === taskId)
  // Started by hand, or its runner died: this job takes the task over (it is queued again, for this runner).
  if (task?.state === 'running') {
    const over = claimMarkOf(task)
    keeper.dispatch({ type: 'task_dispatched', taskId, by: scaleOut.runner.id, ...(over ? { over } : {}) })
    await job.saver.commitNow()
  }
  const ctx = await teamContext(job, sandbox)
  const planned = ctx.plan.tasks.find(t => t.id === taskId)
  if (!planned) throw new AgentTeamError(`Task ${taskId} is not in plan v${keeper.state.run.plan_version}.`)
  const dependencies = await prepareDependencies(
    ctx,
    await ctx.workspace.integrationWorktree(ctx.featureBranch)
  )
  ctx.dependencies = dependencies.path
  const heartbeat = setInterval(() => beat(job), Math.max(1_000, scaleOut.staleAfterMs / 3))
  try {
    const end = await runTask(ctx, planned)
    ports.logger.info(`${taskId} ${end}`)
    // The merge is on the remote before the state says so to anyone who reads it.
    await ctx.featurePush.flush()
  } finally {
    clearInterval(heartbeat)
    ctx.sweeper.sweepAll()
    await Promise.all(ctx.background)
    await dependencies.dispose()
  }
  await job.saver.commitNow()
}

/** The task's runner is alive; a heartbeat for a task another runner took over is refused and logged. */
function beat(job: Job): void {
  const { run } = job.keeper.state
  // Another runner (or the stop command) recorded that the run stopped: this job halts too.
  if (STOPPED_STATUSES.has(run.status)) {
    job.halt.halt(new RunHalt('stopped', run.stop_reason ?? `the run is ${run.status}`))
    return
  }
  try {
    job.keeper.dispatch({ type: 'task_heartbeat', taskId: job.taskId, runner: job.scaleOut.runner.id })
  } catch (error) {
    job.ports.logger.warning(`${job.taskId}: ${errorMessage(error)}`)
  }
}

/** What every job does at its end: start what is ready, show the committed state, or finish the run. */
async function carryOn(job: Job): Promise<void> {
  const scale: ScaleOutContext = {
    keeper: job.keeper,
    saver: job.saver,
    ports: job.ports,
    scaleOut: job.scaleOut,
    limits: job.team.limits
  }
  await job.saver.commitNow()
  const going = () => !STOPPED_STATUSES.has(job.keeper.state.run.status)
  if (going()) await dispatchReadyTasks(scale)
  await showCommittedProgress(job)
  if (going() && (await claimFinishing(scale))) {
    const sandbox = job.sandbox ?? (await job.ports.prepareSandbox(job.team.sandbox))
    await finishSpreadRun(await teamContext(job, sandbox), job.saver, job.settings)
  }
}

/**
 * The progress comment from the newest committed state (every runner's work in it), so runners that edit
 * it one after another each show everything committed before them.
 */
async function showCommittedProgress(job: Job): Promise<void> {
  const newest = (await job.store.load(job.keeper.state.run.key).catch(() => undefined)) ?? job.keeper.state
  await writeFinalProgress(newest, job.settings, job.ports).catch(error =>
    job.ports.logger.warning(`Could not update the progress comment: ${errorMessage(error)}`)
  )
}

/** The team context of this job's run: the plan, the workspace on the feature branch (fetched), the budget. */
async function teamContext(job: Job, sandbox: CommandSandbox): Promise<TeamContext> {
  if (job.context) return job.context
  const { keeper, team, settings, ports } = job
  const plan = planOf(keeper.state)
  if (!plan) throw new AgentTeamError(`Run ${keeper.state.run.key} has no plan yet.`)
  const workspace = await ports.openWorkspace()
  workspace.usePathRules(team)
  await workspace.prepareFeatureBranch(
    keeper.state.run.base_branch as string,
    keeper.state.run.feature_branch as string
  )
  job.context = createTeamContext({
    team,
    plan,
    keeper,
    workspace,
    settings,
    ports,
    managerPrompt: await composeRolePrompt(team.manager, settings.repoDir),
    sandbox,
    author: settings.author ?? DEFAULT_IDENTITY
  })
  return job.context
}
