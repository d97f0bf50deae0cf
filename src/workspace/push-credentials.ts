import { authorizationHeader, extraHeaderKey } from './git-auth.js'
import { createGit } from './git.js'

/**
 * The environment for the engine's own git commands, so that fetches and pushes authenticate with the
 * action's token even when actions/checkout did not persist credentials (`persist-credentials: false`).
 * The header travels in GIT_CONFIG_* variables of the engine's git processes only: it is never written to
 * `.git/config`, where code the agents write and run could read it. A checkout that persisted its own
 * header is left alone, since git would send both headers and GitHub refuses a request with two.
 */
export async function pushCredentialsEnv(
  repoDir: string,
  options: { token: string; serverUrl: string; env: NodeJS.ProcessEnv }
): Promise<NodeJS.ProcessEnv> {
  if (!options.token) return options.env
  const key = extraHeaderKey(options.serverUrl)
  const persisted = await createGit(repoDir, { env: options.env })
    .configGetAll(key)
    .catch(() => [])
  if (persisted.length > 0) return options.env
  const count = Number(options.env.GIT_CONFIG_COUNT ?? 0) || 0
  return {
    ...options.env,
    GIT_CONFIG_COUNT: String(count + 1),
    [`GIT_CONFIG_KEY_${count}`]: key,
    [`GIT_CONFIG_VALUE_${count}`]: authorizationHeader(options.token)
  }
}
