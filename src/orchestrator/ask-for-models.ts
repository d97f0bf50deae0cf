import type { TeamConfig } from '../config/team-config.js'
import { FALLBACK_PRICE, isKnownModel } from '../models/pricing.js'
import type { RunPorts } from '../ports/run-ports.js'

/**
 * Asks for every role's model (an adapter that cannot serve a role throws here), and warns once per model the
 * price table does not know: its calls are counted at FALLBACK_PRICE, so the cost is an estimate, and a budget
 * still stops it rather than letting it spend unseen.
 */
export function askForModels(roles: TeamConfig['manager'][], ports: RunPorts): void {
  const warned = new Set<string>()
  for (const role of roles) {
    const model = ports.modelFor(role)
    if (model.provider === undefined || isKnownModel(model.id) || warned.has(model.id)) continue
    warned.add(model.id)
    const { input, output } = FALLBACK_PRICE
    ports.logger.warning(
      `${model.id} (role "${role.name}") is not in agent-team's price table: its cost is counted at $${input} ` +
        `input / $${output} output per million tokens, so the reported cost is an estimate and the budget still ` +
        'holds. Name a listed model, or a dated id of one, for exact figures.'
    )
  }
}
