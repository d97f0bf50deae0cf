/**
 * The environment of the engine's git processes, built from nothing: a few variables git needs, never the
 * engine's whole environment. Reasons, each an attack:
 * - The runner's environment holds secrets (the model API key, the GitHub token) that no git command needs,
 *   and git runs programs (filters, drivers, ssh) that would inherit them.
 * - `GIT_DIR`, `GIT_CONFIG_PARAMETERS`, `GIT_EXEC_PATH`… set by whoever started the engine (a git hook, a
 *   test, a workflow step) would point our commands at other repositories, settings or programs.
 * - `HOME` is an empty folder of our own and global and system config are off: `~/.gitconfig` and
 *   `~/.config/git/attributes` are writable by the code agents run when no OS sandbox is in place.
 * - The token for pushes and fetches (GIT_CONFIG_* pairs of the caller's environment, see
 *   push-credentials.ts) goes to those commands only.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Commands that talk to a remote: the only ones that get credentials, proxies and ssh. */
export const NETWORK_COMMANDS: ReadonlySet<string> = new Set(['fetch', 'push', 'ls-remote', 'pull', 'clone'])

/** Copied from the caller when set: what the machine needs to run programs and stamp commits. */
const BASE_VARIABLES = [
  'PATH',
  'TZ',
  'TMPDIR',
  'SYSTEMROOT',
  'SystemRoot',
  'COMSPEC',
  'ComSpec',
  'PATHEXT',
  'WINDIR',
  'GIT_AUTHOR_NAME',
  'GIT_AUTHOR_EMAIL',
  'GIT_AUTHOR_DATE',
  'GIT_COMMITTER_NAME',
  'GIT_COMMITTER_EMAIL',
  'GIT_COMMITTER_DATE'
]

/** The runner operator's network setup, for commands that talk to a remote. */
const NETWORK_VARIABLES = [
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'ALL_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'all_proxy',
  'GIT_SSL_CAINFO',
  'GIT_SSL_CAPATH',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'SSH_AUTH_SOCK',
  'GIT_SSH_COMMAND',
  'GIT_SSH'
]

/**
 * Without an explicit credential (the command line tool on a person's machine), pushes and fetches use the
 * person's own git setup: credential helpers and askpass programs in their global config.
 */
const USER_NETWORK_VARIABLES = [
  'HOME',
  'XDG_CONFIG_HOME',
  'GIT_CONFIG_GLOBAL',
  'GIT_CONFIG_NOSYSTEM',
  'GIT_ASKPASS',
  'SSH_ASKPASS'
]

/** One `-c key=value`, passed as a GIT_CONFIG_KEY_n / GIT_CONFIG_VALUE_n pair (no quoting, not in argv). */
export type ConfigPair = readonly [key: string, value: string]

/** The GIT_CONFIG_* pairs of an environment: how push-credentials.ts hands over the token. */
export function credentialPairs(env: NodeJS.ProcessEnv): ConfigPair[] {
  const count = Number(env.GIT_CONFIG_COUNT ?? 0) || 0
  const pairs: ConfigPair[] = []
  for (let i = 0; i < count; i++) {
    const key = env[`GIT_CONFIG_KEY_${i}`]
    if (key) pairs.push([key, env[`GIT_CONFIG_VALUE_${i}`] ?? ''])
  }
  return pairs
}

let emptyHome: string | undefined

/** An empty folder of our own for HOME, made once per process. */
function homeDir(): string {
  emptyHome ??= mkdtempSync(join(tmpdir(), 'agent-team-git-home-'))
  return emptyHome
}

/**
 * The environment for one engine git command. `userConfig`: a network command without an explicit
 * credential, which reads the person's global config (see USER_NETWORK_VARIABLES). Config pairs are added
 * by the caller.
 */
export function gitEnvironment(
  source: NodeJS.ProcessEnv,
  options: { network: boolean; userConfig: boolean }
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  const copy = (names: readonly string[]) => {
    for (const name of names) if (source[name] !== undefined) env[name] = source[name]
  }
  copy(BASE_VARIABLES)
  env.PATH ??= '/usr/local/bin:/usr/bin:/bin'
  Object.assign(env, {
    HOME: homeDir(),
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_ATTR_NOSYSTEM: '1',
    // We read git's messages; a prompt would hang the runner; a pager or editor is a program to run.
    LC_ALL: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_PAGER: 'cat',
    GIT_EDITOR: ':',
    GIT_SEQUENCE_EDITOR: ':',
    // `ext::` runs a command and `git://` runs core.gitProxy (a list our -c cannot reset): neither is allowed.
    GIT_ALLOW_PROTOCOL: 'file:http:https:ssh'
  })
  if (options.network) {
    copy(NETWORK_VARIABLES)
    // The environment beats core.sshCommand in the repository's config.
    if (env.GIT_SSH_COMMAND === undefined && env.GIT_SSH === undefined) env.GIT_SSH_COMMAND = 'ssh'
    if (options.userConfig) {
      delete env.GIT_CONFIG_GLOBAL
      delete env.GIT_CONFIG_NOSYSTEM
      copy(USER_NETWORK_VARIABLES)
    }
  }
  return env
}

/** `env` with `pairs` as GIT_CONFIG_COUNT / KEY / VALUE: command-line config, which beats every file. */
export function withConfigPairs(env: NodeJS.ProcessEnv, pairs: readonly ConfigPair[]): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = { ...env, GIT_CONFIG_COUNT: String(pairs.length) }
  pairs.forEach(([key, value], i) => {
    result[`GIT_CONFIG_KEY_${i}`] = key
    result[`GIT_CONFIG_VALUE_${i}`] = value
  })
  return result
}
