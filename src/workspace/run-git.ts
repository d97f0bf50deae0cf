/**
 * How every git process is started. The protections live here so that no operation can forget one:
 *
 * - `execFile`, never a shell: branch names, messages and paths reach git as single arguments.
 * - Configuration overrides on every command (`SAFE_CONFIG`), because the repository under test is not ours:
 *   agents run its scripts (`npm install` runs husky, which sets `core.hooksPath`), so its `.git/config` and
 *   hooks may have been changed by code nobody has read. Hooks would run with the engine's environment, which
 *   holds the GitHub token, on every commit, merge, checkout and push the engine makes.
 * - A stable, prompt-free environment: `LC_ALL=C` because we read git's messages, `GIT_TERMINAL_PROMPT=0` so a
 *   missing credential fails instead of hanging the runner, and no inherited `GIT_DIR`-style variables (set
 *   when the engine itself is started from a git hook) that would point every command at another repository.
 */
import { execFile } from 'node:child_process'
import type { Logger } from '../util/logger.js'
import { GitCommandError } from './workspace-errors.js'

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
  env: NodeJS.ProcessEnv
  logger: Logger
}

const SAFE_CONFIG = [
  'core.hooksPath=/dev/null',
  // fsmonitor and gpg.program name programs to run; a changed config must not make us run them.
  'core.fsmonitor=false',
  'commit.gpgSign=false',
  // Automatic gc repacks refs under packed-refs.lock, which collides with a concurrent ref update.
  'gc.auto=0',
  'maintenance.auto=false'
].flatMap(setting => ['-c', setting])

const INHERITED_GIT_VARIABLES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_PREFIX']

/**
 * Runs `git <args>` in `cwd`. Resolves when the exit code is one of `okCodes`; otherwise rejects with a
 * GitCommandError carrying git's stderr. `args` are logged at debug level, so they must never hold a secret.
 */
export function runGit(cwd: string, args: string[], options: RunOptions): Promise<RunResult> {
  const okCodes = options.okCodes ?? [0]
  const env: NodeJS.ProcessEnv = { ...options.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' }
  for (const name of INHERITED_GIT_VARIABLES) delete env[name]
  options.logger.debug(`git ${args.join(' ')} (in ${cwd})`)
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      [...SAFE_CONFIG, ...args],
      { cwd, env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === 'number' ? error.code : null) : 0
        if (exitCode !== null && okCodes.includes(exitCode)) {
          resolve({ exitCode, stdout, stderr })
        } else {
          reject(new GitCommandError(args, exitCode, stderr || error?.message || ''))
        }
      }
    )
    if (options.input !== undefined) {
      // A git that exits before reading all of it closes the pipe; its exit code already tells the story.
      child.stdin?.on('error', () => undefined)
      child.stdin?.end(options.input)
    }
  })
}
