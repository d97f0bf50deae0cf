import type { Usage } from '../models/model.js'
import { PlanError } from '../planning/plan-error.js'
import { revisePlan, type RevisedPlan, type RevisePlanOptions } from '../planning/revise-plan.js'
import { planSnapshot } from './current-plan.js'
import type { RunKeeper } from './run-keeper.js'

/** How a caller puts a revision on record. */
export interface RevisionRecord {
  /** The cost in USD of what the manager's calls used; the run's budget is charged with it where there is one. */
  charge(usage: Usage): number
  /** Why the version was made, as `plan_history` shows it, given the manager's own account of the change. */
  reasonFor(change: string): string
  /** The follow-up round the version's new tasks belong to. */
  round?: number
}

/**
 * Asks the manager for the next version of the run's current plan and records it as `plan_made`. The one way
 * a revision gets on record, whether a task failed, someone asked (`/agents revise`) or a review came in. A
 * revision the manager cannot make valid (PlanError) is recorded only by what its attempts cost, then thrown
 * on: the plan stays as it was. Any other error (a halt) is thrown untouched.
 */
export async function reviseAndRecord(
  keeper: RunKeeper,
  options: Omit<RevisePlanOptions, 'current'>,
  record: RevisionRecord
): Promise<RevisedPlan> {
  let revised: RevisedPlan
  try {
    revised = await revisePlan({ ...options, current: planSnapshot(keeper.state) })
  } catch (error) {
    if (error instanceof PlanError && error.usage) {
      keeper.dispatch({
        type: 'manager_usage',
        usage: error.usage,
        costUsd: record.charge(error.usage),
        provider: options.model.provider
      })
    }
    throw error
  }
  keeper.dispatch({
    type: 'plan_made',
    plan: revised.plan,
    version: keeper.state.run.plan_version + 1,
    usage: revised.usage,
    costUsd: record.charge(revised.usage),
    provider: options.model.provider,
    reason: record.reasonFor(revised.change),
    dropped: revised.dropped,
    ...(record.round === undefined ? {} : { round: record.round })
  })
  return revised
}
