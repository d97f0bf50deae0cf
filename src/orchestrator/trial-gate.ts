import type { PlanTask } from '../planning/plan.js'
import { fillPrompt } from '../prompts/index.js'
import { taskTrailers } from '../workspace/trailers.js'
import { briefedSession } from './agent-session.js'
import { runQualityGate, type GateResult } from './quality-gate.js'
import type { TeamContext } from './team-context.js'

/** Fix rounds one merge may get from its task's role before the task fails. */
export const MAX_FIX_ROUNDS = 2
/**
 * Times a checked merge may be brought up to date with a feature branch that moved meanwhile (state commits
 * land there with `state: feature-branch`); each time the checks run again.
 */
const MAX_CATCH_UPS = 3

export type Landing = { landed: true; sha: string } | { landed: false; reason: string }

/**
 * The QA gate on a trial merge (a scratch worktree at `trial`, see Workspace.startTrialMerge): the team's
 * checks run there; a failure gets up to MAX_FIX_ROUNDS fix rounds by the task's role, in the same worktree,
 * each also spending one of the run's iterations. Only a head whose checks passed lands on the feature
 * branch, by fast-forward; a failure leaves the feature branch as it was.
 */
export async function checkAndLand(
  ctx: TeamContext,
  task: PlanTask,
  trial: string,
  checked: GateResult | undefined
): Promise<Landing> {
  const { workspace } = ctx
  // `checked`: the gate already ran on this trial as it is (or there is nothing new to check).
  let gate: GateResult = checked ?? (await runQualityGate(ctx, trial))
  for (let fixes = 0, catchUps = 0; ;) {
    if (gate.passed) {
      const advanced = await workspace.advanceFeature(ctx.featureBranch, trial)
      if (advanced.ok) {
        if (!gate.nothingNew) ctx.checkedHead = advanced.sha
        return { landed: true, sha: advanced.sha }
      }
      if (catchUps++ >= MAX_CATCH_UPS) {
        return {
          landed: false,
          reason: `${ctx.featureBranch} kept moving while the merge of ${task.id} was checked`
        }
      }
      await workspace.catchUpTrial(trial, ctx.featureBranch)
      gate = await runQualityGate(ctx, trial)
      continue
    }
    if (fixes >= MAX_FIX_ROUNDS || ctx.iterationsLeft.count <= 0) {
      const rounds = fixes === 0 ? 'no fix rounds left in this run' : `after ${fixes} fix round(s)`
      return { landed: false, reason: `\`${gate.check}\` fails on the merge (${rounds}): ${gate.excerpt}` }
    }
    fixes++
    ctx.iterationsLeft.count--
    ctx.keeper.dispatch({
      type: 'agent_update',
      taskId: task.id,
      role: 'qa-gate',
      message: `\`${gate.check}\` fails on the merge of ${task.id} (${gate.excerpt}); fix round ${fixes} of ${MAX_FIX_ROUNDS}`
    })
    const ended = await fixRound(ctx, task, trial, gate.failure)
    if (ended !== undefined) {
      return {
        landed: false,
        reason: `\`${gate.check}\` fails on the merge: ${gate.excerpt}; the fix round ${ended}`
      }
    }
    gate = await runQualityGate(ctx, trial)
  }
}

/**
 * One fix session by the task's role, rooted in the trial worktree, with the failing output in its brief;
 * the engine commits what it changed. Resolves to why the session ended without finishing, if it did.
 */
async function fixRound(
  ctx: TeamContext,
  task: PlanTask,
  trial: string,
  failure: string
): Promise<string | undefined> {
  const text = fillPrompt('agent/fix-round', { id: task.id, title: task.title, failure })
  const result = await briefedSession(ctx, task, trial, text)
  // A run being stopped is not the task's failure: runTask keeps its work for the next run.
  ctx.signal?.throwIfAborted()
  if (result.kind !== 'finished') {
    return `ended ${result.kind === 'blocked' ? `with a question: ${result.question}` : `(${result.kind}): ${result.reason}`}`
  }
  await ctx.workspace.commitAll(trial, {
    message: `${task.id}: fix the checks after merging\n\n${result.summary}`,
    author: ctx.author,
    trailers: taskTrailers(task)
  })
  return undefined
}
