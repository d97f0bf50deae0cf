/**
 * Credentials for pushes, kept the way actions/checkout keeps them: an `http.<server>/.extraheader` entry in
 * the repository's local config, so every git command that talks to the server sends the token and nothing
 * else has to know about it. A checkout that already persisted credentials needs none of this.
 *
 * The token never appears in an argv (other processes on the runner, agents' commands included, can read
 * those) nor in a log line: git writes a placeholder, and the real value is put into the config file directly.
 */
import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '../util/logger.js'
import { createGit } from './git.js'
import { WorkspaceError } from './workspace-errors.js'

export interface AuthOptions {
  token: string
  /** The GitHub server, e.g. `https://github.com` or a GitHub Enterprise URL. Default: https://github.com. */
  serverUrl?: string
  env?: NodeJS.ProcessEnv
  logger?: Logger
}

/** The config key checkout uses for `serverUrl`: `http.https://github.com/.extraheader`. */
export function extraHeaderKey(serverUrl = 'https://github.com'): string {
  return `http.${new URL(serverUrl).origin}/.extraheader`
}

/** The header value GitHub accepts for a token over HTTPS. */
export function authorizationHeader(token: string): string {
  return `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64')}`
}

/** Stores `token` as the repository's extra header for `serverUrl`, replacing any header set before. */
export async function configureAuth(dir: string, options: AuthOptions): Promise<void> {
  if (!options.token || /[\r\n]/.test(options.token)) {
    throw new WorkspaceError('The GitHub token is empty or malformed; pass the github_token input.')
  }
  const git = createGit(dir, { env: options.env, logger: options.logger })
  const key = extraHeaderKey(options.serverUrl)
  const placeholder = `AUTHORIZATION: basic agent-team-placeholder-${randomBytes(8).toString('hex')}`
  await git.configUnsetAll(key)
  await git.configSet(key, placeholder)
  const configPath = join(await git.commonDir(), 'config')
  const content = await readFile(configPath, 'utf8')
  if (content.split(placeholder).length !== 2) {
    throw new WorkspaceError(
      `Could not find the credential placeholder in ${configPath}; is it a symlink or include?`
    )
  }
  await writeFile(
    configPath,
    content.replace(placeholder, () => authorizationHeader(options.token))
  )
  options.logger?.debug(`stored credentials for ${new URL(options.serverUrl ?? 'https://github.com').origin}`)
}

/** Removes the extra header for `serverUrl`, so no token is left behind on a reused (self-hosted) runner. */
export async function removeAuth(dir: string, options: Omit<AuthOptions, 'token'> = {}): Promise<void> {
  await createGit(dir, { env: options.env, logger: options.logger }).configUnsetAll(
    extraHeaderKey(options.serverUrl)
  )
}
