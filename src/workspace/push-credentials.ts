import { authorizationHeader, remoteHeaderKey } from './git-auth.js'
import { createGit } from './git.js'
import { WorkspaceError } from './workspace-errors.js'

/**
 * The environment for the engine's own git commands: every fetch and push to GitHub authenticates with the
 * action's token, and with nothing else. GitHub answers 400 to a request that carries two Authorization
 * headers, and a second header that wins would silently replace the token the user chose (a PAT or App
 * token passed as `github_token`).
 *
 * The header is keyed to the remote's own URL, the most specific match git knows, so a header configured for
 * the whole server (by actions/checkout, globally, or in an included file) is never used alongside it; an
 * empty value before ours empties the header list git has read so far. It travels in GIT_CONFIG_* variables
 * of the engine's git processes only, never in a file that code the agents run could read.
 *
 * The token goes only to the GitHub server: a remote elsewhere gets no header.
 */
export async function pushCredentialsEnv(
  repoDir: string,
  options: { token: string; serverUrl: string; env: NodeJS.ProcessEnv; remote?: string }
): Promise<NodeJS.ProcessEnv> {
  if (!options.token) return options.env
  if (/[\r\n]/.test(options.token)) {
    throw new WorkspaceError('The github_token input holds a line break; pass the token alone.')
  }
  const remoteUrl = await createGit(repoDir, { env: options.env })
    .remoteUrl(options.remote ?? 'origin')
    .catch(() => undefined)
  if (!remoteUrl || !sameServer(remoteUrl, options.serverUrl)) return options.env
  const key = remoteHeaderKey(remoteUrl)
  const count = Number(options.env.GIT_CONFIG_COUNT ?? 0) || 0
  return {
    ...options.env,
    GIT_CONFIG_COUNT: String(count + 2),
    [`GIT_CONFIG_KEY_${count}`]: key,
    [`GIT_CONFIG_VALUE_${count}`]: '',
    [`GIT_CONFIG_KEY_${count + 1}`]: key,
    [`GIT_CONFIG_VALUE_${count + 1}`]: authorizationHeader(options.token)
  }
}

function sameServer(remoteUrl: string, serverUrl: string): boolean {
  try {
    return new URL(remoteUrl).origin === new URL(serverUrl).origin
  } catch {
    // scp-like `git@github.com:owner/repo` and local paths: not HTTPS, so a header would not be sent anyway.
    return false
  }
}
