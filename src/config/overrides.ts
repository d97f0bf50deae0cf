import { AgentTeamError } from '../util/errors.js'
import { maxParallelRefusal, parseMaxParallel } from './max-parallel.js'
import { parseModelChoice } from './model-choice.js'
import type { RoleConfig, TeamConfig } from './team-config.js'

/**
 * The settings a workflow input or a command-line flag may set on top of the team configuration. Each
 * has one source of truth once resolved: the team that resolveTeamSettings (settings.ts) returns, which
 * every later step reads (the scheduler takes `limits.maxParallel` from it, the models their ids), so no
 * step applies an override of its own. Apart from the loader, so that the action's start can check its
 * inputs without loading the YAML and schema libraries.
 */
export interface SettingOverrides {
  /**
   * Every role's model (input `model`, flag `--model`): a model id, or `provider:model` such as `openai:gpt-5`.
   * Unset: each role's own.
   */
  model?: string
  /** Tasks worked on at once (input `max_parallel`, flag `--max-parallel`). Unset: `limits.max_parallel`. */
  maxParallel?: number
}

/** What a person typed for each override, '' or undefined when unset, and what the setting is called there. */
export interface GivenOverrides {
  model?: string
  maxParallel?: string
}

/** The name each override goes by where it was given, for messages that point at the right place. */
export const OVERRIDE_NAMES = {
  action: { model: 'Input model', maxParallel: 'Input max_parallel' },
  cli: { model: '--model', maxParallel: '--max-parallel' }
} as const

/**
 * The overrides as typed, checked against the one range each setting has wherever it is set (see
 * max-parallel.ts). Throws an AgentTeamError naming the input or flag as the person wrote it.
 */
export function readOverrides(
  given: GivenOverrides,
  names: (typeof OVERRIDE_NAMES)['action' | 'cli']
): SettingOverrides {
  const overrides: SettingOverrides = {}
  const model = given.model?.trim()
  if (model) {
    parseModelChoice(model, names.model)
    overrides.model = model
  }
  const parallel = given.maxParallel
  if (parallel !== undefined && parallel !== '') {
    const value = parseMaxParallel(parallel)
    if (value === undefined) throw new AgentTeamError(maxParallelRefusal(names.maxParallel, parallel))
    overrides.maxParallel = value
  }
  return overrides
}

/** The team with `overrides` on top. Pure; the overrides must already be in range (readOverrides). */
export function applyOverrides(team: TeamConfig, overrides: SettingOverrides): TeamConfig {
  let resolved = team
  const { maxParallel } = overrides
  if (maxParallel !== undefined) {
    // Overrides built in code (tests, another driver) skip readOverrides; the range still holds for them.
    if (parseMaxParallel(String(maxParallel)) === undefined) {
      throw new AgentTeamError(maxParallelRefusal('max_parallel', String(maxParallel)))
    }
    resolved = { ...resolved, limits: { ...resolved.limits, maxParallel } }
  }
  const model = overrides.model?.trim()
  if (model) {
    // One model for the whole team, so a workflow can switch every role at once (`openai:gpt-5` names the
    // provider too; a bare name keeps each role's provider unless it is plainly OpenAI's).
    const choice = parseModelChoice(model, 'The model override')
    const withModel = (role: RoleConfig): RoleConfig => ({
      ...role,
      model: { ...role.model, provider: choice.provider ?? role.model.provider, modelName: choice.modelName }
    })
    resolved = {
      ...resolved,
      manager: withModel(resolved.manager),
      roles: Object.fromEntries(Object.entries(resolved.roles).map(([name, role]) => [name, withModel(role)]))
    }
  }
  return resolved
}
