import type { TeamConfig } from '../config/team-config.js'
import { costOf } from '../models/pricing.js'
import { makePlan } from '../planning/make-plan.js'
import type { Feature } from '../trigger/request.js'
import { PlanError } from '../planning/plan-error.js'
import type { RunKeeper } from '../state/run-keeper.js'
import type { RunPorts, RunSettings } from '../ports/run-ports.js'

/** The manager plans the feature; a plan that cannot be made ends the run `failed` with the reason. */
export async function planFeature(
  keeper: RunKeeper,
  input: { team: TeamConfig; managerPrompt: string; feature: Feature; settings: RunSettings; ports: RunPorts }
): Promise<void> {
  const managerModel = input.ports.modelFor(input.team.manager)
  try {
    const made = await makePlan({
      model: managerModel,
      team: input.team,
      managerPrompt: input.managerPrompt,
      feature: input.feature,
      logger: input.ports.logger,
      signal: input.settings.signal
    })
    keeper.dispatch({
      type: 'plan_made',
      plan: made.plan,
      version: 1,
      usage: made.usage,
      costUsd: costOf(managerModel.id, made.usage),
      provider: managerModel.provider
    })
  } catch (error) {
    if (!(error instanceof PlanError) || input.settings.signal?.aborted) throw error
    if (error.usage) {
      keeper.dispatch({
        type: 'manager_usage',
        usage: error.usage,
        costUsd: costOf(managerModel.id, error.usage),
        provider: managerModel.provider
      })
    }
    keeper.dispatch({ type: 'run_finished', status: 'failed', error: error.message })
  }
}
