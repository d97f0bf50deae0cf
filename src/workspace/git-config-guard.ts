/**
 * The repository's own config is not ours: agents run its scripts (`npm install` runs husky, which sets
 * `core.hooksPath`), and code nobody has read can write `.git/config` and `.git/info/attributes`. Git has
 * no switch to ignore the repository's config, and attributes (`.gitattributes`, `info/attributes`) name
 * filter and merge drivers by any name, so no fixed set of `-c` flags can switch them off. So before a
 * command that could run one, the engine lists the config git will read (includes followed) and overrides,
 * with command-line config (which beats every file), each key that names a program:
 *
 * - `filter.<x>.clean/smudge/process` → empty (git then stores and checks out content unfiltered), and
 *   `filter.<x>.required` → false. A Git LFS checkout thus sees pointer files, and stores them unchanged.
 * - `merge.<x>.driver` → `git merge-file`, the built-in text merge: an empty driver makes git fail the
 *   whole merge, and `true` would silently keep our side.
 * - `diff.<x>.textconv/command`, `diff.external`, `trailer.<x>.cmd/command`, `hook.<x>.command`,
 *   `remote.<x>.vcs/proxy`, `core.askPass`, `credential.*helper` → empty (git fails instead of running it).
 *   `remote.<x>.uploadpack/receivepack` are first-one-wins, so run-git.ts names git's own programs on the
 *   command line of every push and fetch instead.
 * - For a push or fetch with the engine's token, `http.*` proxy and TLS settings and `url.*.insteadOf`
 *   rewrites that lead away from the token's server cannot be reset by a later value: the command is
 *   refused instead, with the key to remove.
 *
 * Fixed settings (hooks off, fsmonitor off, no signing, no submodule recursion) are in FIXED_CONFIG. The
 * listing and the command are two processes: code that rewrites `.git/config` between them wins the race,
 * which is why agents' commands run in an OS sandbox where `.git` is not writable.
 */
import type { ConfigPair } from './git-env.js'
import { WorkspaceError } from './workspace-errors.js'

/** Settings every engine git command runs with. */
export const FIXED_CONFIG: readonly ConfigPair[] = [
  ['core.hooksPath', '/dev/null'],
  ['core.fsmonitor', 'false'],
  ['core.attributesFile', '/dev/null'],
  ['core.alternateRefsCommand', ''],
  ['commit.gpgSign', 'false'],
  ['tag.gpgSign', 'false'],
  ['submodule.recurse', 'false'],
  ['fetch.recurseSubmodules', 'false'],
  ['push.recurseSubmodules', 'no'],
  // Automatic gc repacks refs under packed-refs.lock, which collides with a concurrent ref update.
  ['gc.auto', '0'],
  ['maintenance.auto', 'false']
]

/** The text merge git uses when no driver is named, as a driver command line. */
export const TEXT_MERGE_DRIVER = 'git merge-file --marker-size=%L %A %O %B'

/** One config entry as `git config --list --show-scope` reports it. */
export interface ConfigEntry {
  scope: string
  key: string
  value: string
}

/** Reads `git config --list -z --show-scope --includes` output. */
export function parseConfigList(output: string): ConfigEntry[] {
  const fields = output.split('\0')
  const entries: ConfigEntry[] = []
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const scope = fields[i]!
    const item = fields[i + 1]!
    const newline = item.indexOf('\n')
    entries.push(
      newline === -1
        ? { scope, key: item, value: '' }
        : { scope, key: item.slice(0, newline), value: item.slice(newline + 1) }
    )
  }
  return entries
}

/** Scopes whose files code in the worktree could have written. */
const UNTRUSTED_SCOPES = new Set(['local', 'worktree'])

const RESET: ReadonlyArray<readonly [RegExp, (match: RegExpExecArray) => ConfigPair[]]> = [
  [
    /^filter\.(.+)\.(clean|smudge|process|required)$/i,
    m => [
      [`filter.${m[1]}.clean`, ''],
      [`filter.${m[1]}.smudge`, ''],
      [`filter.${m[1]}.process`, ''],
      [`filter.${m[1]}.required`, 'false']
    ]
  ],
  [/^merge\.(.+)\.driver$/i, m => [[`merge.${m[1]}.driver`, TEXT_MERGE_DRIVER]]],
  [/^diff\.(.+)\.(textconv|command)$/i, m => [[`diff.${m[1]}.${m[2]}`, '']]],
  [/^diff\.external$/i, () => [['diff.external', '']]],
  [/^trailer\.(.+)\.(cmd|command)$/i, m => [[`trailer.${m[1]}.${m[2]}`, '']]],
  [/^hook\.(.+)\.command$/i, m => [[`hook.${m[1]}.command`, '']]],
  [/^remote\.(.+)\.(vcs|proxy)$/i, m => [[`remote.${m[1]}.${m[2]}`, '']]],
  [/^core\.askpass$/i, () => [['core.askPass', '']]],
  [/^credential\.(?:(.+)\.)?helper$/i, m => [[m[1] ? `credential.${m[1]}.helper` : 'credential.helper', '']]]
]

/** http settings that send the token through someone else's hands (a proxy, a certificate we did not pick). */
const TOKEN_DIVERTING_HTTP =
  /^http\.(?:.+\.)?(proxy|proxyauthmethod|sslverify|sslcainfo|sslcapath|sslcert|sslkey|sslbackend|curloptresolve|pinnedpubkey|cookiefile|proxysslcert|proxysslkey|proxysslcainfo)$/i
const URL_REWRITE = /^url\.(.+)\.(insteadof|pushinsteadof)$/i

/**
 * The config pairs that neutralise what `entries` configure, for one command. `credentialServer` is the
 * origin the engine's token is for (undefined: no explicit token), for the refusal of diverting settings.
 * Throws WorkspaceError when a setting cannot be neutralised.
 */
export function neutralisingPairs(
  entries: readonly ConfigEntry[],
  options: { credentialServer?: string }
): ConfigPair[] {
  const pairs = new Map<string, ConfigPair>()
  // Values of trusted scopes (the person's own global config) come back after a reset of a list.
  const trustedHelpers = entries.filter(
    entry => !UNTRUSTED_SCOPES.has(entry.scope) && /^credential\.(?:.+\.)?helper$/i.test(entry.key)
  )
  for (const entry of entries) {
    if (!UNTRUSTED_SCOPES.has(entry.scope)) continue
    for (const [pattern, reset] of RESET) {
      const match = pattern.exec(entry.key)
      if (match) for (const pair of reset(match)) pairs.set(pair[0], pair)
    }
    if (options.credentialServer !== undefined) refuseDiversion(entry, options.credentialServer)
  }
  const result = [...pairs.values()]
  if (result.some(([key]) => /^credential\./i.test(key))) {
    for (const helper of trustedHelpers) result.push([helper.key, helper.value])
  }
  return result
}

function refuseDiversion(entry: ConfigEntry, server: string): void {
  const rewrite = URL_REWRITE.exec(entry.key)
  const diverts =
    TOKEN_DIVERTING_HTTP.test(entry.key) || (rewrite !== null && !sameServer(rewrite[1]!, server))
  if (!diverts) return
  throw new WorkspaceError(
    `The repository's git config sets ${entry.key} (${entry.scope} config), which would send the engine's ` +
      `token somewhere other than ${server}; code run in the worktree may have set it. Remove it ` +
      `(git config --${entry.scope} --unset-all '${entry.key}') and run again.`
  )
}

function sameServer(base: string, server: string): boolean {
  try {
    return new URL(base).origin === new URL(server).origin
  } catch {
    return false
  }
}
