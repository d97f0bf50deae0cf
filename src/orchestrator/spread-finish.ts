import { finishPull } from '../publish/pull-request.js'
import { publishPlan } from '../publish/publish-plan.js'
import { showStatusLabel } from '../publish/status-labels.js'
import { writeFinalProgress } from '../publish/progress.js'
import type { RunSettings } from '../ports/run-ports.js'
import type { RunState, TaskRecord } from '../state/run-state.js'
import type { StateSaver } from '../state/state-saver.js'
import { AgentTeamError, errorMessage } from '../util/errors.js'
import { runQualityGate } from './quality-gate.js'
import type { ScheduleResult } from './scheduler.js'
import type { TeamContext } from './team-context.js'
import { finalStatus, needsFinalChecks } from './team-work.js'

/** How long the finishing runner waits for the last merges to reach the remote (their runner pushes them). */
const MERGES_ON_REMOTE_WAIT_MS = 120_000

/**
 * The run's finishing step, on the one runner whose claim was committed: the feature branch as the remote
 * has it (with every runner's merge), the checks once more on it, the run's ending recorded, the PR out of
 * draft when everything merged and passed, and the comments and the label showing the ending.
 */
export async function finishSpreadRun(
  ctx: TeamContext,
  saver: StateSaver,
  settings: RunSettings
): Promise<void> {
  const { keeper, ports } = ctx
  const ending = await checkedEnding(ctx).catch(error => ({
    status: 'failed' as const,
    error: errorMessage(error)
  }))
  keeper.dispatch({
    type: 'run_finished',
    status: ending.status,
    ...(ending.error ? { error: ending.error } : {})
  })
  const pull = keeper.state.run.pull_request
  if (ending.status === 'done' && pull) await finishPull(ports, await ports.forge.getPull(pull.number))
  await saver.commitNow()
  ports.logger.info(`Run ${keeper.state.run.key} finished here: ${ending.status}`)
  await writeFinalProgress(keeper.state, settings, ports).catch(error =>
    ports.logger.warning(`Could not update the progress comment: ${errorMessage(error)}`)
  )
  const planComment = keeper.state.run.plan_comment
  await publishPlan(
    keeper.state,
    settings,
    ports,
    planComment && { id: planComment.id, htmlUrl: planComment.url }
  ).catch(error => ports.logger.warning(`Could not update the plan comment: ${errorMessage(error)}`))
  const issue = keeper.state.run.issue_number
  if (issue !== undefined) await showStatusLabel(ports, issue, keeper.state.run.status)
}

/** How the run ends: every merge on the remote, the feature branch caught up with it, checked once more. */
async function checkedEnding(ctx: TeamContext): Promise<ReturnType<typeof finalStatus>> {
  const merged = ctx.keeper.state.tasks.filter(task => task.merge_sha !== undefined)
  await waitForMerges(ctx, merged)
  // Brings this runner's feature branch to the remote's head (merging, never forcing) before the checks.
  await ctx.workspace.push(ctx.featureBranch)
  let gateFailure: string | undefined
  if (await needsFinalChecks(ctx, merged.length)) {
    const gate = await runQualityGate(ctx, await ctx.workspace.integrationWorktree(ctx.featureBranch))
    if (!gate.passed) gateFailure = gate.failure
  }
  return finalStatus(scheduleOf(ctx.keeper.state), gateFailure)
}

/**
 * Waits until the feature branch on the remote holds every merge the state records: a runner commits the
 * state of its merge right after pushing it, so this is a matter of seconds; a runner that died in between
 * leaves its merge only in the state, and the run fails here saying which.
 */
async function waitForMerges(ctx: TeamContext, merged: TaskRecord[]): Promise<void> {
  const { clock } = ctx.ports
  const deadline = clock.now() + MERGES_ON_REMOTE_WAIT_MS
  const holds = (tasks: TaskRecord[]) =>
    ctx.workspace.branchHolds(
      ctx.featureBranch,
      tasks.map(task => task.merge_sha as string)
    )
  while (!(await holds(merged))) {
    if (clock.now() > deadline) {
      const missing: string[] = []
      for (const task of merged) if (!(await holds([task]))) missing.push(task.id)
      throw new AgentTeamError(
        `${ctx.featureBranch} on the remote lacks the merges of ${missing.join(', ')} that the run state ` +
          'records: the runner that made them died before pushing. Their task branches are pushed; merge ' +
          'them into the feature branch by hand, then /agents run to finish.'
      )
    }
    await clock.sleep(2_000)
  }
}

/** The run's tasks as the schedule's result, for finalStatus: tasks a revision dropped are not counted. */
function scheduleOf(state: RunState): ScheduleResult {
  const live = state.tasks.filter(task => task.state !== 'dropped')
  const ids = (keep: (task: TaskRecord) => boolean) => live.filter(keep).map(task => task.id)
  return {
    merged: ids(task => task.merge_sha !== undefined),
    failed: ids(task => task.merge_sha === undefined && task.state === 'failed'),
    blocked: ids(task => task.state === 'blocked'),
    notStarted: ids(
      task => task.merge_sha === undefined && (task.state === 'queued' || task.state === 'done')
    )
  }
}
