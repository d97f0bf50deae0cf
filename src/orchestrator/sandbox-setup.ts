import { lstat, mkdir, mkdtemp, rename, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { parseCommandLine } from '../util/commands/command-line.js'
import { errorMessage } from '../util/errors.js'
import { sandboxLimits } from './agent-session.js'
import type { TeamContext } from './team-context.js'

/** Output of a failing setup command kept for the log. */
const SETUP_OUTPUT_BYTES = 8_000

export interface PreparedDependencies {
  /** The `node_modules` every sandboxed command sees, read-only, at `<worktree>/node_modules`. */
  path?: string
  /** Removes what setup made. */
  dispose(): Promise<void>
}

/**
 * Runs `sandbox.setup` (default `npm ci`) once per run, in the sandbox WITH network — and still without
 * secrets, with an environment built from nothing — in the feature branch's worktree, before any task.
 *
 * Its `node_modules` is then moved out of the worktree, next to it, and every later command (each task's,
 * the QA checks) sees it read-only at `<worktree>/node_modules` without network. Moving it out keeps it away
 * from the engine's `git add --all` in a repository that does not ignore node_modules, and read-only means
 * one task's code cannot plant something in the dependencies another task's tests will load. Git worktrees
 * share no untracked files, so binding is what lets every worktree reuse one install (a copy per task would
 * cost the install's size and time again).
 *
 * A failing setup is logged and the run goes on without it: the agents then see the missing modules in
 * their test output. Does nothing with `sandbox: none` (no setup ran before the sandbox existed).
 */
export async function prepareDependencies(
  ctx: Pick<TeamContext, 'team' | 'sandbox' | 'ports' | 'secrets'>,
  worktree: string
): Promise<PreparedDependencies> {
  const none: PreparedDependencies = { dispose: async () => undefined }
  const commands = ctx.team.sandbox.setup
  if (commands.length === 0 || ctx.sandbox.kind === 'none') return none
  const { logger } = ctx.ports
  for (const line of commands) {
    const parsed = parseCommandLine(line)
    if (!parsed.ok) {
      logger.warning(`sandbox.setup \`${line}\` cannot run: ${parsed.reason}`)
      return none
    }
    logger.info(`sandbox.setup: ${line} (with network, no secrets)`)
    const result = await ctx.sandbox.run(parsed.argv, {
      root: worktree,
      cwd: worktree,
      network: true,
      timeoutMs: ctx.team.limits.commandTimeoutSeconds * 1000,
      maxOutputBytes: SETUP_OUTPUT_BYTES,
      env: ctx.team.sandbox.env,
      secrets: ctx.secrets,
      limits: sandboxLimits(ctx)
    })
    if (result.exitCode !== 0 || result.timedOut) {
      const why = result.timedOut ? 'timed out' : `exited ${result.exitCode}`
      logger.warning(
        `sandbox.setup \`${line}\` ${why}; tasks run without prepared dependencies.\n${result.stdout}\n${result.stderr}`.trim()
      )
      return none
    }
  }
  const modules = join(worktree, 'node_modules')
  if (!(await isDirectory(modules))) {
    if (
      await lstat(modules).then(
        () => true,
        () => false
      )
    ) {
      logger.warning(
        'sandbox.setup left a node_modules that is not a directory (a symlink?); it is not used.'
      )
    }
    return none
  }
  try {
    const holder = await mkdtemp(join(dirname(worktree), '.agent-team-deps-'))
    const path = join(holder, 'node_modules')
    await rename(modules, path)
    // A mount point for the scratch tmpfs tools write their caches to (node_modules/.cache).
    await mkdir(join(path, '.cache'), { recursive: true })
    return { path, dispose: () => rm(holder, { recursive: true, force: true }) }
  } catch (error) {
    logger.warning(`Could not keep the dependencies sandbox.setup installed: ${errorMessage(error)}`)
    return none
  }
}

/** A real directory: a symlink (setup scripts may plant one) would have the sandbox bind a host path. */
async function isDirectory(path: string): Promise<boolean> {
  return lstat(path).then(
    s => s.isDirectory(),
    () => false
  )
}
