import type { PlanTask } from '../planning/plan.js'
import { errorMessage } from '../util/errors.js'
import { runQualityGate } from './quality-gate.js'
import type { TaskEnd } from './scheduler.js'
import type { TeamContext } from './team-context.js'

/** A task whose merge passed the checks in its trial ahead of the merge lock, waiting to land. */
export interface CheckedMerge {
  task: PlanTask
  branch: string
  message: string
  /** The trial worktree; its owner removes it once the merge has landed or failed. */
  trial: string
}

/** How one merge of a pass ended, or what it threw (the task's own failure, not the others'). */
export type CheckedOutcome = { end: TaskEnd } | { error: unknown }

/**
 * Lands merges that passed their checks ahead of the lock, every one waiting when the lock comes free (call
 * under the merge lock). A merge checked on the feature branch's head lands as it is. Once the branch has
 * moved, the first merge that must be checked again carries the others: its trial catches up with the branch,
 * the other tasks' branches are merged into it, and the checks run once for all of them; when they pass, one
 * fast-forward lands them all. Tasks of a wave then cost one check after the first lands, not one each. A task
 * whose branch does not merge into the carrier, and every task of a carrier whose checks fail, is merged again
 * on its own with fix rounds (`mergeAlone`), as a merge that was not checked ahead would be. Before a carrier's
 * check, the merges still being checked ahead are waited for (`gather`) and carried too: a wave whose checks end
 * a moment apart then costs one more check, not one per moment. Answers one outcome per merge, `merges` first,
 * then the gathered ones in the order they came.
 */
export async function landCheckedMerges(
  ctx: TeamContext,
  merges: readonly CheckedMerge[],
  handlers: {
    landed(task: PlanTask, sha: string): TaskEnd
    mergeAlone(merge: CheckedMerge): Promise<TaskEnd>
    /**
     * The merges whose checks ahead were still running when a carrier needed a check of its own, once those
     * checks have ended: they join its check rather than wait for one more after it.
     */
    gather?(): Promise<readonly CheckedMerge[]>
  }
): Promise<CheckedOutcome[]> {
  const { workspace } = ctx
  const all = [...merges]
  const outcomes = new Map<CheckedMerge, CheckedOutcome>()
  const settle = async (merge: CheckedMerge, work: () => Promise<TaskEnd>): Promise<void> => {
    try {
      outcomes.set(merge, { end: await work() })
    } catch (error) {
      outcomes.set(merge, { error })
    }
  }
  let waiting = [...merges]
  while (waiting.length > 0) {
    const carrier = waiting.shift() as CheckedMerge
    const advanced = await workspace.advanceFeature(ctx.featureBranch, carrier.trial).catch(() => undefined)
    if (advanced?.ok) {
      ctx.checkedHead = advanced.sha
      await settle(carrier, async () => handlers.landed(carrier.task, advanced.sha))
      continue
    }
    const joined = (await handlers.gather?.()) ?? []
    all.push(...joined)
    waiting.push(...joined)
    const carried = await carryOthers(ctx, carrier, waiting)
    waiting = waiting.filter(merge => !carried.includes(merge))
    const sha = carried.length > 0 ? await checkAndAdvance(ctx, carrier.trial) : undefined
    for (const merge of carried.length > 0 ? carried : [carrier]) {
      await settle(merge, async () => (sha ? handlers.landed(merge.task, sha) : handlers.mergeAlone(merge)))
    }
  }
  return all.map(merge => outcomes.get(merge) as CheckedOutcome)
}

/**
 * The carrier's trial brought up to the feature branch's head, with the branches of `others` merged into it
 * where they merge cleanly: the merges it now carries, itself first; none when it cannot catch up.
 */
async function carryOthers(
  ctx: TeamContext,
  carrier: CheckedMerge,
  others: readonly CheckedMerge[]
): Promise<CheckedMerge[]> {
  try {
    await ctx.workspace.catchUpTrial(carrier.trial, ctx.featureBranch)
  } catch (error) {
    ctx.ports.logger.debug(`${carrier.task.id}: its checked merge cannot catch up (${errorMessage(error)})`)
    return []
  }
  const carried = [carrier]
  for (const other of others) {
    const merged = await ctx.workspace
      .mergeIntoTrial(carrier.trial, other.branch, other.message)
      .catch(() => ({ ok: false }))
    if (merged.ok) carried.push(other)
  }
  if (carried.length > 1) {
    ctx.ports.logger.debug(`${carried.map(merge => merge.task.id).join(', ')}: checked together`)
  }
  return carried
}

/**
 * The feature branch's new head when the checks pass on the trial and it lands; undefined otherwise, also when
 * a step throws: each carried merge is then made again on its own, where a lasting fault fails that task.
 */
async function checkAndAdvance(ctx: TeamContext, trial: string): Promise<string | undefined> {
  try {
    const gate = await runQualityGate(ctx, trial)
    if (!gate.passed) return undefined
    const advanced = await ctx.workspace.advanceFeature(ctx.featureBranch, trial)
    if (!advanced.ok) return undefined
    ctx.checkedHead = advanced.sha
    return advanced.sha
  } catch (error) {
    ctx.ports.logger.debug(`The merges checked together cannot land: ${errorMessage(error)}`)
    return undefined
  }
}
