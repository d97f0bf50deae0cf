import type { Forge, Permission } from '../github/forge.js'
import { errorMessage } from '../util/errors.js'
import type { FollowUpTrigger, TriggerKind } from './request.js'

/**
 * Whether the actor may start the team, with what let them (their permission, or `allowed_bots` for a bot
 * named there), or the reason they may not.
 */
export type Authorization =
  { allowed: true; permission: Permission | 'allowed_bots' } | { allowed: false; reason: string }

/** The bot behind the workflow's own `GITHUB_TOKEN`: every comment, label and PR the team makes is its. */
export const WORKFLOW_TOKEN_BOT = 'github-actions'

const WRITE_ACCESS: ReadonlySet<string> = new Set<Permission>(['admin', 'maintain', 'write'])

/**
 * Decides whether the actor may spend the team's budget and push code. People need write, maintain or
 * admin on the repository: anyone can open an issue or comment, so without this check any stranger could
 * run agents with the repository's secrets and token. Bots are refused unless `allowedBots` names them
 * (with or without `[bot]`; `*` names every bot). A named bot is allowed by its account type and name alone:
 * GitHub's permission endpoint answers 404 (or `none`) for App bots, which are not collaborators, so a
 * lookup would refuse every bot the workflow's author chose to trust. Only a Bot account can carry a
 * `[bot]` login, so a person cannot pass as one.
 *
 * The workflow-token bot (`github-actions[bot]`) is special. It is the author of the team's own progress
 * comments, so letting it trigger runs would let the team re-trigger itself, in a loop or on text an
 * attacker got it to echo. It is therefore never covered by `*`; when named explicitly it is allowed only
 * for `workflow_dispatch` (how `integrate` mode starts the next wave: creating a dispatch already needs
 * write access, i.e. a workflow of this repository), and with no permission lookup, since it is not a
 * collaborator the API knows. A failing lookup refuses the actor; it never throws.
 */
export async function authorizeActor(
  forge: Pick<Forge, 'getPermission'>,
  request: { actor: string; actorIsBot: boolean; trigger?: TriggerKind | FollowUpTrigger },
  allowedBots: string[]
): Promise<Authorization> {
  const actor = request.actor.trim()
  if (!actor) return refuse('the event names no actor, so their permission cannot be checked')
  const isBot = request.actorIsBot || /\[bot\]$/i.test(actor)

  if (isBot) {
    const name = botName(actor)
    const listed = new Set(allowedBots.map(botName))
    if (name === WORKFLOW_TOKEN_BOT) {
      if (!listed.has(WORKFLOW_TOKEN_BOT)) {
        return refuse(
          `${actor} is the workflow's own token, whose comments are the team's output; list "${actor}" ` +
            'in allowed_bots (by name: "*" does not cover it) to let it dispatch the next wave'
        )
      }
      if (request.trigger !== 'workflow_dispatch') {
        return refuse(
          `${actor} may only start a run through workflow_dispatch, never from a comment or label`
        )
      }
      return { allowed: true, permission: 'write' }
    }
    if (!listed.has(name) && !listed.has('*')) {
      return refuse(`${actor} is a bot; add "${name}" to allowed_bots to let it start a run`)
    }
    return { allowed: true, permission: 'allowed_bots' }
  }

  let permission: Permission
  try {
    permission = await forge.getPermission(actor)
  } catch (error) {
    return refuse(`could not read the repository permission of ${actor}: ${errorMessage(error)}`)
  }
  if (!WRITE_ACCESS.has(permission)) {
    return refuse(
      `${actor} has ${String(permission)} access; write, maintain or admin is needed to run the team`
    )
  }
  return { allowed: true, permission }
}

/** A bot login compared the way people write it: case-insensitive, `[bot]` optional. */
function botName(login: string): string {
  return login
    .trim()
    .toLowerCase()
    .replace(/\[bot\]$/, '')
}

function refuse(reason: string): Authorization {
  return { allowed: false, reason }
}
