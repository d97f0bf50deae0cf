import { lstatSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { bubblewrapArgs } from './bubblewrap-args.js'
import { runCommand, type RunResult } from './command-runner.js'
import type { HostMounts } from './host-mounts.js'
import type { CommandSandbox, SandboxedRun } from './sandbox.js'
import { sandboxEnv } from './sandbox-env.js'

export interface BubblewrapSettings {
  /** Absolute path of the bwrap binary. */
  bwrap: string
  /** Absolute path of prlimit; without it the memory and process limits are not set (the log says so). */
  prlimit?: string
  mounts: HostMounts
  /** The runner's environment: only PATH and LANG are read from it. */
  hostEnv: NodeJS.ProcessEnv
  /** The engine's uid (process.getuid()); as root the command runs as uid 1000 without capabilities. */
  uid: number
}

/** The uid and gid a command has inside the sandbox when the engine is root. */
const UNPRIVILEGED_ID = 1000

/**
 * The bubblewrap adapter of the CommandSandbox port (see bubblewrap-args.ts for what each flag stops).
 *
 * Why drive bwrap directly rather than `@anthropic-ai/sandbox-runtime`: that package is built to let an
 * interactive agent use the machine — it binds the whole host file system read-only (`--ro-bind / /`)
 * and hides a deny-list of paths, keeps the caller's environment, runs commands through a shell string,
 * and filters network by domain through host-side proxies (socat, a seccomp helper). Our threat is the
 * opposite: code that must not read anything of the runner. An allow-list of mounts fails closed (a
 * credential file nobody listed is simply absent), an environment built from nothing cannot leak a
 * variable nobody listed, and no network is simpler than a proxy. The flags we need fit in one function
 * we can read and test, with no dependency and no long-lived helper processes.
 *
 * bwrap itself is started with an EMPTY environment: inside the PID namespace, PID 1 is bwrap's own helper
 * and `/proc/1/environ` shows bwrap's environment to the command.
 */
export function createBubblewrapSandbox(settings: BubblewrapSettings): CommandSandbox {
  const limited = settings.prlimit
    ? 'memory and process limits'
    : 'no memory or process limits (prlimit not found)'
  return {
    kind: 'bubblewrap',
    description: `bubblewrap (${settings.bwrap}): own user, PID, mount and network namespaces, ${limited}`,
    run(argv: readonly string[], options: SandboxedRun): Promise<RunResult> {
      const dependencies =
        // lstat, not exists: a node_modules replaced by a symlink would bind a host path into the sandbox.
        options.dependencies && isDirectory(options.dependencies)
          ? { path: options.dependencies, cacheDir: isDirectory(join(options.dependencies, '.cache')) }
          : undefined
      const args = bubblewrapArgs(argv, {
        mounts: settings.mounts,
        root: options.root,
        cwd: options.cwd,
        readOnlyInside: readOnlyInside(options.root),
        dependencies,
        network: options.network === true,
        env: sandboxEnv(settings.hostEnv, options.env),
        limits: options.limits,
        prlimit: settings.prlimit,
        id: settings.uid === 0 ? UNPRIVILEGED_ID : undefined
      })
      return runCommand([settings.bwrap, ...args], {
        cwd: options.root,
        env: {},
        timeoutMs: options.timeoutMs,
        maxOutputBytes: options.maxOutputBytes,
        secrets: options.secrets
      })
    }
  }
}

/**
 * `.git` when it is a plain file (a worktree's pointer to its git directory) and `.github` when it is a plain
 * directory, made empty when missing (git does not see an empty directory). Never a symlink: bwrap follows
 * a bind's source, and a committed `.github -> /` would show the host's root to the sandbox.
 */
function readOnlyInside(root: string): string[] {
  const paths: string[] = []
  const github = join(root, '.github')
  if (!lstatSync(github, { throwIfNoEntry: false })) mkdirSync(github)
  if (lstatSync(join(root, '.git'), { throwIfNoEntry: false })?.isFile()) paths.push('.git')
  if (lstatSync(github, { throwIfNoEntry: false })?.isDirectory()) paths.push('.github')
  return paths
}

function isDirectory(path: string): boolean {
  try {
    return lstatSync(path).isDirectory()
  } catch {
    return false
  }
}
