import type { PlanTask } from '../planning/plan.js'
import { fillPrompt } from '../prompts/index.js'
import { errorMessage } from '../util/errors.js'
import { mergeTrailers, trailerLines } from '../workspace/trailers.js'
import { briefedSession } from './agent-session.js'
import type { TaskEnd } from './scheduler.js'
import type { TeamContext } from './team-context.js'
import { runQualityGate, type GateResult } from './quality-gate.js'
import { checkAndLand } from './trial-gate.js'
import { landCheckedMerges, type CheckedMerge, type CheckedOutcome } from './checked-landing.js'
import { batchedUnder } from '../util/batched.js'
import { ChecksInFlight } from './checks-in-flight.js'
import type { CleanLanding, CleanMerge } from '../workspace/workspace.js'

/**
 * Merges a finished task branch into the feature branch (a merge commit naming the task). The merge is made
 * in a scratch worktree on the feature branch's head and checked by the QA gate before the feature branch
 * moves, by fast-forward, only to a merge that passed; it is pushed then so dependents and people see it. A
 * merge that cannot pass fails the task and leaves the feature branch untouched; the task's work stays on its
 * own branch.
 *
 * The checks of a clean merge run first outside the merge lock, alongside other tasks' merges, since they
 * take longest; only landing takes the lock, and if the feature branch moved meanwhile, the trial catches up
 * and is checked again there, together with the other checked merges waiting for the lock (checked-landing.ts). A merge that conflicts, or fails its checks, or cannot catch up, is done again
 * from the start under the lock, where it gets an integration session and fix rounds (trial-gate.ts).
 */
export async function mergeIntoFeature(ctx: TeamContext, task: PlanTask, branch: string): Promise<TaskEnd> {
  const message = `Merge ${task.id}: ${task.title}\n\n${trailerLines(mergeTrailers(task)).join('\n')}`
  const queues = queuesOf(ctx)
  if (ctx.team.checks.length === 0) {
    // Nothing to check: a clean merge lands as it is made, without a scratch worktree, in one batch with
    // the other tasks that finished meanwhile.
    const landing = await queues.clean({ taskBranch: branch, message })
    if (landing.landed) return landed(ctx, task, landing.sha)
    if (landing.error !== undefined) throw landing.error
    return ctx.mergeLock.runExclusive(() => mergeUnderLock(ctx, task, branch, message))
  }
  const early = await checksOf(ctx).track(checkedAhead(ctx, branch, message))
  if (early?.gate.passed && !early.gate.nothingNew) {
    // Passed ahead of the lock: lands with the other checked merges waiting for it (checked-landing.ts).
    try {
      const outcome = await queues.checked({ task, branch, message, trial: early.path })
      if ('error' in outcome) throw outcome.error
      return outcome.end
    } finally {
      await removeTrial(ctx, early.path)
    }
  }
  return ctx.mergeLock.runExclusive(async () => {
    if (early) {
      try {
        return await landChecked(ctx, task, branch, early)
      } catch (error) {
        // Typically: the feature branch moved and its new commits conflict with the trial.
        ctx.ports.logger.debug(
          `${task.id}: the merge checked ahead cannot land (${errorMessage(error)}); merging again`
        )
      } finally {
        await removeTrial(ctx, early.path)
      }
    }
    return mergeUnderLock(ctx, task, branch, message)
  })
}

/** The run's two merge queues, each served in batches under the merge lock. */
interface MergeQueues {
  clean(merge: CleanMerge): Promise<CleanLanding>
  checked(merge: CheckedMerge): Promise<CheckedOutcome>
}

const queuesByRun = new WeakMap<TeamContext, MergeQueues>()

function queuesOf(ctx: TeamContext): MergeQueues {
  let queues = queuesByRun.get(ctx)
  if (!queues) {
    queues = {
      clean: batchedUnder(ctx.mergeLock, merges => ctx.workspace.landCleanMerges(ctx.featureBranch, merges)),
      checked: batchedUnder(ctx.mergeLock, (merges, more) =>
        landCheckedMerges(ctx, merges, {
          landed: (task, sha) => landed(ctx, task, sha),
          mergeAlone: merge => mergeUnderLock(ctx, merge.task, merge.branch, merge.message),
          gather: async () => {
            await checksOf(ctx).settled()
            // A check that passed queues its merge right after it ends, within the same turn of the loop.
            await new Promise(resolve => setImmediate(resolve))
            return more()
          }
        })
      )
    }
    queuesByRun.set(ctx, queues)
  }
  return queues
}

const checksByRun = new WeakMap<TeamContext, ChecksInFlight>()

function checksOf(ctx: TeamContext): ChecksInFlight {
  let checks = checksByRun.get(ctx)
  if (!checks) checksByRun.set(ctx, (checks = new ChecksInFlight()))
  return checks
}

/**
 * A clean trial merge of the task onto the feature branch as it is now, checked by the gate without the
 * merge lock; undefined (the scratch removed) when the merge conflicts or cannot be made.
 */
async function checkedAhead(
  ctx: TeamContext,
  branch: string,
  message: string
): Promise<{ path: string; gate: GateResult } | undefined> {
  if (ctx.team.checks.length === 0) return undefined
  const trial = await ctx.workspace.startTrialMerge(ctx.featureBranch, branch, message).catch(error => {
    ctx.ports.logger.debug(`Could not merge ${branch} ahead of the lock: ${errorMessage(error)}`)
    return undefined
  })
  if (!trial) return undefined
  if (trial.result.ok) {
    try {
      const gate: GateResult = trial.result.upToDate
        ? { passed: true, nothingNew: true }
        : await runQualityGate(ctx, trial.path)
      return { path: trial.path, gate }
    } catch (error) {
      ctx.ports.logger.debug(
        `Could not check the merge of ${branch} ahead of the lock: ${errorMessage(error)}`
      )
    }
  }
  await removeTrial(ctx, trial.path)
  return undefined
}

/** Lands a trial checked ahead (fix rounds if its checks failed, a catch-up if the branch moved). */
async function landChecked(
  ctx: TeamContext,
  task: PlanTask,
  branch: string,
  early: { path: string; gate: GateResult }
): Promise<TaskEnd> {
  const landing = await checkAndLand(ctx, task, early.path, early.gate)
  if (!landing.landed) {
    return fail(ctx, task, `${landing.reason}. ${ctx.featureBranch} is unchanged; the work is on ${branch}`)
  }
  return landed(ctx, task, landing.sha)
}

async function mergeUnderLock(
  ctx: TeamContext,
  task: PlanTask,
  branch: string,
  message: string
): Promise<TaskEnd> {
  const { workspace, keeper } = ctx
  const trial = await workspace.startTrialMerge(ctx.featureBranch, branch, message)
  try {
    const merge = trial.result
    if (!merge.ok) {
      keeper.dispatch({ type: 'integration_requested', taskId: task.id, conflictedFiles: merge.conflicts })
      const resolved = await integrate(ctx, task, trial.path, merge.conflicts, message)
      if (!resolved.ok) {
        return fail(
          ctx,
          task,
          `merge conflict in ${merge.conflicts.join(', ')} could not be resolved (${resolved.reason}); the work is on ${branch}`
        )
      }
      keeper.dispatch({ type: 'integration_resolved', taskId: task.id, resolution: resolved.summary })
    }
    // Nothing new (the task branch was merged before): the feature branch's head passed when it landed.
    const landing = await checkAndLand(
      ctx,
      task,
      trial.path,
      merge.ok && merge.upToDate ? { passed: true, nothingNew: true } : undefined
    )
    if (!landing.landed) {
      return fail(ctx, task, `${landing.reason}. ${ctx.featureBranch} is unchanged; the work is on ${branch}`)
    }
    return landed(ctx, task, landing.sha)
  } finally {
    await removeTrial(ctx, trial.path)
  }
}

/** The merge is on the feature branch: on record, and on its way to the remote (the push follows alone). */
function landed(ctx: TeamContext, task: PlanTask, sha: string): TaskEnd {
  ctx.keeper.dispatch({ type: 'task_merged', taskId: task.id, sha })
  if (ctx.push) ctx.featurePush.request()
  return 'merged'
}

/** Removing the scratch worktree also abandons a merge left conflicted or unchecked there. */
async function removeTrial(ctx: TeamContext, path: string): Promise<void> {
  await ctx.workspace
    .removeWorktree(path)
    .catch(error => ctx.ports.logger.warning(`Could not remove ${path}: ${errorMessage(error)}`))
}

function fail(ctx: TeamContext, task: PlanTask, reason: string): TaskEnd {
  ctx.keeper.dispatch({ type: 'task_failed', taskId: task.id, reason })
  return 'failed'
}

/** An agent of the task's role resolves the conflicts in the trial worktree; the engine concludes the merge. */
async function integrate(
  ctx: TeamContext,
  task: PlanTask,
  root: string,
  conflicts: string[],
  message: string
): Promise<{ ok: true; summary: string } | { ok: false; reason: string }> {
  try {
    const text = fillPrompt('agent/integration', {
      id: task.id,
      title: task.title,
      files: conflicts.map(f => `- ${f}`).join('\n')
    })
    const result = await briefedSession(ctx, task, root, text)
    if (result.kind !== 'finished') {
      return { ok: false, reason: result.kind === 'blocked' ? result.question : result.reason }
    }
    await ctx.workspace.completeTrialMerge(root, message)
    return { ok: true, summary: result.summary }
  } catch (error) {
    return { ok: false, reason: errorMessage(error) }
  }
}
