import { existsSync } from 'node:fs'
import { basename, isAbsolute, resolve } from 'node:path'
import type { Logger } from '../util/logger.js'
import { silentLogger } from '../util/logger.js'
import { createGit } from './git.js'

/** Header keys as git prints them: `http.<url>.extraheader`, or the unscoped `http.extraheader`. */
const EXTRA_HEADER = /^http\.(.*\.)?extraheader$/i

/**
 * Removes the credential actions/checkout persisted in the repository's configuration (`persist-credentials`
 * is on by default), before any agent runs. Code the agents write runs in worktrees of this repository and
 * could otherwise read the token from the config, or from the file the config includes.
 *
 * What checkout leaves depends on its version:
 * - v4 and v5: an `http.<server>/.extraheader` entry in `.git/config` itself;
 * - v6: `includeIf.gitdir:<git dir>.path` entries in `.git/config` (one for the checkout, one for its
 *   worktrees, and the same two for the path a container job sees) naming a config file under RUNNER_TEMP
 *   that holds the extraheader.
 * Both are removed: the header entries, the include entries that pull in a file holding a header (under
 * either path), and the header inside that file. The file itself stays for checkout's post step, which deletes it (and which
 * finds nothing left to unset in the repository's config, as with `persist-credentials: false`).
 *
 * Resolves to a description of what was removed, never the values.
 */
export async function removeCheckoutCredentials(
  repoDir: string,
  options: { env?: NodeJS.ProcessEnv; logger?: Logger } = {}
): Promise<string[]> {
  const logger = options.logger ?? silentLogger
  const git = createGit(repoDir, { env: options.env, logger })
  const removed: string[] = []

  for (const key of new Set((await git.configEntries('^http\\..*extraheader$')).map(entry => entry.key))) {
    if (!EXTRA_HEADER.test(key)) continue
    await git.configUnset(key)
    removed.push(`${key} in the repository's config`)
  }

  // Several include entries may name one file: find every file that holds a header before changing any.
  const gitDir = await git.commonDir()
  const holdsHeader = new Map<string, string[]>()
  const includes = await git.configEntries('^includeif\\..*\\.path$')
  for (const entry of includes) {
    const file = isAbsolute(entry.value) ? entry.value : resolve(gitDir, entry.value)
    if (holdsHeader.has(file) || !existsSync(file)) continue
    const headers = (await git.configEntries('^http\\..*extraheader$', file)).map(h => h.key)
    holdsHeader.set(file, [...new Set(headers.filter(key => EXTRA_HEADER.test(key)))])
  }
  // v6 also names the same file by the path a container job sees it at (`/github/runner_temp/<name>`).
  const credentialFiles = new Set(
    [...holdsHeader].filter(([, keys]) => keys.length > 0).map(([file]) => basename(file))
  )
  for (const entry of includes) {
    if (!credentialFiles.has(basename(entry.value))) continue
    const file = isAbsolute(entry.value) ? entry.value : resolve(gitDir, entry.value)
    await git.configUnset(entry.key, { value: entry.value })
    removed.push(`${entry.key} (includes ${file}, which holds a credential)`)
  }
  for (const [file, keys] of holdsHeader) {
    for (const key of keys) await git.configUnset(key, { file })
  }
  return removed
}
