import type { PlanTask } from '../planning/plan.js'
import { fillPrompt } from '../prompts/index.js'
import { errorMessage } from '../util/errors.js'
import { mergeTrailers, trailerLines } from '../workspace/trailers.js'
import { briefedSession } from './agent-session.js'
import type { TaskEnd } from './scheduler.js'
import type { TeamContext } from './team-context.js'
import { checkAndLand } from './trial-gate.js'

/**
 * Merges a finished task branch into the feature branch (a merge commit naming the task), one task at a
 * time. The merge is made first in a scratch worktree on the feature branch's head: a conflict gets an
 * integration session there (an agent of the task's role, with the conflicted files), then the QA gate
 * checks it, with fix rounds (trial-gate.ts). The feature branch moves, by fast-forward, only to a merge that
 * passed, and is pushed then so dependents and people see it. A merge that cannot pass fails the task and
 * leaves the feature branch untouched; the task's work stays on its own branch.
 */
export async function mergeIntoFeature(ctx: TeamContext, task: PlanTask, branch: string): Promise<TaskEnd> {
  return ctx.mergeLock.runExclusive(async () => {
    const { workspace, keeper } = ctx
    const message = `Merge ${task.id}: ${task.title}\n\n${trailerLines(mergeTrailers(task)).join('\n')}`
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
      const landing = await checkAndLand(ctx, task, trial.path, merge.ok && merge.upToDate)
      if (!landing.landed) {
        return fail(
          ctx,
          task,
          `${landing.reason}. ${ctx.featureBranch} is unchanged; the work is on ${branch}`
        )
      }
      keeper.dispatch({ type: 'task_merged', taskId: task.id, sha: landing.sha })
      if (ctx.push) await workspace.push(ctx.featureBranch)
      return 'merged'
    } finally {
      // Removing the scratch worktree also abandons a merge left conflicted or unchecked there.
      await workspace
        .removeWorktree(trial.path)
        .catch(error => ctx.ports.logger.warning(`Could not remove ${trial.path}: ${errorMessage(error)}`))
    }
  })
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
