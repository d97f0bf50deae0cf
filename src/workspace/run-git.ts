/**
 * How every git process of the engine is started. The protections live here so that no operation can
 * forget one:
 *
 * - `execFile`, never a shell: branch names, messages and paths reach git as single arguments.
 * - An environment built from nothing (git-env.ts): no secrets, no inherited `GIT_*` redirections, no global
 *   or system config, and the token only for commands that talk to the remote.
 * - A fixed configuration, and before every command that could run a program the repository's config names
 *   (filters, merge drivers, textconv, trailer commands…), a listing of that config and command-line
 *   overrides that neutralise each such key (git-config-guard.ts). Agents run the repository's scripts, so
 *   its `.git/config` and `info/attributes` may have been changed by code nobody has read; what git would
 *   run from them runs with the engine's rights, on every commit, merge, checkout and push.
 */
import { execFile } from 'node:child_process'
import type { Logger } from '../util/logger.js'
import { FIXED_CONFIG, neutralisingPairs, parseConfigList, type ConfigEntry } from './git-config-guard.js'
import {
  credentialPairs,
  gitEnvironment,
  NETWORK_COMMANDS,
  withConfigPairs,
  type ConfigPair
} from './git-env.js'
import { GitCommandError } from './workspace-errors.js'
import { listingFor } from './config-listing.js'

/** What one git process printed, and how it ended. */
export interface RunResult {
  exitCode: number
  stdout: string
  stderr: string
}

export interface RunOptions {
  /** Exit codes that count as an answer rather than a failure. Default: 0 only. */
  okCodes?: number[]
  /** Text written to git's standard input (for `mktree`, `hash-object --stdin`); none when absent. */
  input?: string
  /**
   * Where git's few variables come from (PATH, commit identities, proxies) and the credential pairs of
   * push-credentials.ts. Nothing else of it reaches git.
   */
  env: NodeJS.ProcessEnv
  logger: Logger
}

/**
 * Plumbing that reads or writes objects and refs by name only: none of it runs a filter, driver or hook,
 * so the config listing is skipped. Everything else is listed first.
 */
const CONFIG_BLIND = new Set([
  'rev-parse',
  'symbolic-ref',
  'check-ref-format',
  'remote',
  'update-ref',
  'mktree',
  'commit-tree',
  'ls-tree',
  'cat-file',
  'merge-base',
  'config',
  'for-each-ref',
  'show-ref'
])

/**
 * Runs `git <args>` in `cwd`. Resolves when the exit code is one of `okCodes`; otherwise rejects with a
 * GitCommandError carrying git's stderr. `args` are logged at debug level, so they must never hold a secret.
 */
export async function runGit(cwd: string, args: string[], options: RunOptions): Promise<RunResult> {
  const network = NETWORK_COMMANDS.has(args[0] ?? '')
  const credentials = network ? credentialPairs(options.env) : []
  const env = gitEnvironment(options.env, { network, userConfig: network && credentials.length === 0 })
  let pairs: ConfigPair[] = [...FIXED_CONFIG]
  if (!CONFIG_BLIND.has(args[0] ?? '') && !(args[0] === 'worktree' && args[1] === 'list')) {
    const listingEnv = withConfigPairs(env, pairs)
    // A network command may read the user's own config too, which the kept listings do not follow.
    const listed = network
      ? await listConfig(cwd, listingEnv)
      : await listingFor(cwd, listingEnv, () => listConfig(cwd, listingEnv))
    pairs = [
      ...pairs,
      ...neutralisingPairs(listed, { credentialServer: credentialServer(credentials, listed, network) })
    ]
  }
  options.logger.debug(`git ${args.join(' ')} (in ${cwd})`)
  const argv = network ? withOwnTransportPrograms(args) : args
  const result = await execGit(cwd, argv, withConfigPairs(env, [...pairs, ...credentials]), options.input)
  if (result.exitCode !== null && (options.okCodes ?? [0]).includes(result.exitCode)) {
    return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr }
  }
  throw new GitCommandError(args, result.exitCode, result.stderr || result.error || '')
}

/**
 * `remote.<x>.uploadpack` / `receivepack` name the program a local or ssh transport runs, and git keeps the
 * first value it reads (the repository's), so only the command line beats them.
 */
function withOwnTransportPrograms(args: readonly string[]): string[] {
  const [command, ...rest] = args as [string, ...string[]]
  const option = command === 'push' ? '--receive-pack=git-receive-pack' : '--upload-pack=git-upload-pack'
  return [command, option, ...rest]
}

/** Every config entry git will read in `cwd`, included files followed, with the scope it came from. */
async function listConfig(cwd: string, env: NodeJS.ProcessEnv): Promise<ConfigEntry[]> {
  const args = ['config', '--list', '-z', '--show-scope', '--includes']
  const result = await execGit(cwd, args, env)
  if (result.exitCode !== 0)
    throw new GitCommandError(args, result.exitCode, result.stderr || result.error || '')
  return parseConfigList(result.stdout)
}

/** The server the engine's token is for: from its own credential pair, or the checkout's persisted header. */
function credentialServer(
  credentials: readonly ConfigPair[],
  listed: readonly ConfigEntry[],
  network: boolean
): string | undefined {
  if (!network) return undefined
  const header = /^http\.(.+)\.extraheader$/i
  const key =
    credentials.find(([name]) => header.test(name))?.[0] ??
    listed.find(entry => entry.scope === 'local' && header.test(entry.key))?.key
  return key === undefined ? undefined : header.exec(key)?.[1]
}

interface ExecResult {
  exitCode: number | null
  stdout: string
  stderr: string
  error?: string
}

function execGit(cwd: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<ExecResult> {
  return new Promise(resolve => {
    const child = execFile(
      'git',
      args,
      { cwd, env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === 'number' ? error.code : null) : 0
        resolve({ exitCode, stdout, stderr, error: error?.message })
      }
    )
    if (input !== undefined) {
      // A git that exits before reading all of it closes the pipe; its exit code already tells the story.
      child.stdin?.on('error', () => undefined)
      child.stdin?.end(input)
    }
  })
}
