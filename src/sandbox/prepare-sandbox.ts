import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { isAbsolute, join } from 'node:path'
import { SandboxUnavailable } from '../util/errors.js'
import type { Logger } from '../util/logger.js'
import { createBubblewrapSandbox } from './bubblewrap-sandbox.js'
import { hostMounts } from './host-mounts.js'
import { FIX_STEPS, setUpHost } from './host-setup.js'
import type { CommandSandbox, SandboxMode } from './sandbox.js'
import { UNSANDBOXED_WARNING } from './sandbox.js'
import { createUnsandboxed } from './unsandboxed.js'

export interface PrepareSandboxOptions {
  mode: SandboxMode
  /**
   * What `auto` does when the sandbox cannot start: `fail` (the action: fail closed, before any model call)
   * or `fall-back` (the CLI on a developer's machine: run unsandboxed and say so loudly).
   */
  onUnavailable: 'fail' | 'fall-back'
  /** Install bubblewrap and its AppArmor profile when they are missing and root or sudo allows it (the action). */
  setUpHost: boolean
  /** The runner's environment: PATH (to find bwrap, prlimit, node), HOME, RUNNER_TEMP, AGENT_TEAM_BWRAP. */
  env: NodeJS.ProcessEnv
  /** The checkout: never visible in the sandbox (its `.git/config` can hold the push token). */
  repoDir: string
  /** Extra read-only paths from the configuration (`sandbox.read_only_paths`). */
  readOnlyPaths: readonly string[]
  /** The scrubbed environment for `sandbox: none` (see scrubbedEnv). */
  unsandboxedEnv: Record<string, string>
  logger: Logger
}

/**
 * The sandbox agents' commands will run in, checked to work: `true` has run inside it. Called once per
 * run, before the first model call, so a machine that cannot isolate the agents' code costs nothing.
 *
 * `bubblewrap` requires it; `auto` sets the machine up when allowed (setUpHost) and then fails closed — or,
 * for the CLI, falls back with a warning; `none` runs commands directly, with UNSANDBOXED_WARNING logged.
 * Throws SandboxUnavailable with the exact steps that fix the machine.
 */
export async function prepareSandbox(options: PrepareSandboxOptions): Promise<CommandSandbox> {
  const { logger, env } = options
  if (options.mode === 'none') return unsandboxed(options, 'sandbox: none was asked for')

  // A named binary (tests, or a runner that keeps bwrap elsewhere) is used as it is and never "fixed".
  const named = env.AGENT_TEAM_BWRAP
  let attempt = await tryBubblewrap(options, named)
  if (!attempt.ok && !named && options.setUpHost) {
    const setup = await setUpHost({
      bwrapMissing: attempt.missing,
      path: env.PATH ?? '/usr/bin:/bin',
      logger
    })
    for (const note of setup.notes) logger.warning(`Sandbox setup: ${note}`)
    if (setup.changed) attempt = await tryBubblewrap(options, named)
  }
  if (attempt.ok) {
    logger.info(`Agents' commands run in the sandbox: ${attempt.sandbox.description}`)
    return attempt.sandbox
  }
  if (options.mode === 'auto' && options.onUnavailable === 'fall-back') {
    return unsandboxed(options, `the sandbox cannot start here (${attempt.reason})`)
  }
  throw new SandboxUnavailable(
    `The sandbox for the agents' commands cannot start on this machine: ${attempt.reason}. ` +
      'Code the agents write would run with the runner’s secrets and credentials within reach, so the run ' +
      'stops here, before any model call. To fix it, run these on the runner before this action ' +
      '(GitHub-hosted Ubuntu runners have passwordless sudo):\n' +
      FIX_STEPS.map(step => `    ${step}`).join('\n') +
      '\nor, knowing that agents’ code then runs unisolated, set the input `sandbox: none`.'
  )
}

type Attempt = { ok: true; sandbox: CommandSandbox } | { ok: false; missing: boolean; reason: string }

/** Builds the bubblewrap sandbox and runs `true` in it, in an empty scratch worktree. */
async function tryBubblewrap(options: PrepareSandboxOptions, named: string | undefined): Promise<Attempt> {
  const { env } = options
  const bwrap = named ?? findProgram('bwrap', env.PATH)
  if (!bwrap || !existsSync(bwrap)) {
    return {
      ok: false,
      missing: true,
      reason: `bwrap (bubblewrap) is not installed${named ? ` at ${named}` : ''}`
    }
  }
  const mounts = hostMounts({
    programs: [process.execPath, 'node', 'npm'],
    path: env.PATH,
    extra: options.readOnlyPaths,
    forbidden: [env.HOME].filter(isPath),
    sealed: [options.repoDir, env.RUNNER_TEMP, env.GITHUB_WORKSPACE].filter(isPath)
  })
  for (const skipped of mounts.skipped) options.logger.warning(`Sandbox: not mounting ${skipped}`)
  const sandbox = createBubblewrapSandbox({
    bwrap,
    prlimit: findProgram('prlimit', env.PATH),
    mounts,
    hostEnv: env,
    uid: process.getuid?.() ?? 1000
  })
  const scratch = await mkdtemp(join(tmpdir(), 'agent-team-preflight-'))
  try {
    const result = await sandbox.run(['true'], {
      root: scratch,
      cwd: scratch,
      timeoutMs: 30_000,
      maxOutputBytes: 4000,
      secrets: []
    })
    if (result.exitCode === 0) return { ok: true, sandbox }
    const said = (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' / ')
    return {
      ok: false,
      missing: false,
      reason: `\`${bwrap}\` fails (exit ${result.exitCode}${said ? `: ${said}` : ''})`
    }
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}

function unsandboxed(options: PrepareSandboxOptions, why: string): CommandSandbox {
  options.logger.warning(`${UNSANDBOXED_WARNING} Reason: ${why}.`)
  return createUnsandboxed(options.unsandboxedEnv)
}

function findProgram(name: string, path: string | undefined): string | undefined {
  for (const dir of [...(path ?? '').split(':'), '/usr/bin', '/bin']) {
    if (dir === '' || !isAbsolute(dir)) continue
    if (existsSync(join(dir, name))) return join(dir, name)
  }
  return undefined
}

function isPath(value: string | undefined): value is string {
  return value !== undefined && value !== '' && isAbsolute(value)
}
