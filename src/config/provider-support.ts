import { AgentTeamError } from '../util/errors.js'
import { DEFAULT_MODEL } from './defaults.js'
import type { RoleConfig } from './team-config.js'

/**
 * The refusal for a role whose provider this version cannot call: it names the role, the provider and
 * model, and the two ways out (the role's configuration, or `override`, the input or flag that sets every
 * role's model). The run asks for every role's model before it plans (run.ts), so this comes before anything
 * is spent.
 */
export function unsupportedProvider(role: RoleConfig, override: string): AgentTeamError {
  return new AgentTeamError(
    `Role "${role.name}" asks for ${role.model.provider}'s ${role.model.modelName}, and this version of ` +
      `agent-team calls anthropic, openai, bedrock and vertex models here (scripted is for the command line's ` +
      `replays). Give the role one of those providers in the team configuration, or choose one model for every ` +
      `role with ${override} ` +
      `(for example anthropic:${DEFAULT_MODEL.modelName} or openai:gpt-5).`
  )
}
