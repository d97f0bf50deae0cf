import type { RoleConfig, TeamConfig } from '../config/team-config.js'

/** Input `model` replaces every role's model id, so a workflow can switch the whole team at once. */
export function applyModelOverride(team: TeamConfig, settings: { modelOverride?: string }): TeamConfig {
  const modelName = settings.modelOverride?.trim()
  if (!modelName) return team
  const override = (role: RoleConfig): RoleConfig => ({ ...role, model: { ...role.model, modelName } })
  return {
    ...team,
    manager: override(team.manager),
    roles: Object.fromEntries(Object.entries(team.roles).map(([name, role]) => [name, override(role)]))
  }
}
