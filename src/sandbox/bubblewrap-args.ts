import { join } from 'node:path'
import type { HostMounts } from './host-mounts.js'
import type { SandboxLimits } from './sandbox.js'
import { SANDBOX_HOME, SANDBOX_TMP } from './sandbox-env.js'

/** Everything one bubblewrap invocation is made of; bubblewrapArgs turns it into argv. */
export interface BubblewrapPlan {
  mounts: HostMounts
  /** The worktree: bound read-write, the only writable host path. */
  root: string
  /** Working directory inside `root`. */
  cwd: string
  /** Paths inside `root` bound read-only over themselves (`.git`, `.github`; see bubblewrapArgs). */
  readOnlyInside: string[]
  /** A prepared `node_modules`, bound read-only at `root/node_modules`. */
  dependencies?: { path: string; cacheDir: boolean }
  network: boolean
  env: Record<string, string>
  limits?: SandboxLimits
  /** The absolute path of `prlimit` (util-linux), which sets the limits and then execs the command. */
  prlimit?: string
  /** The uid and gid inside the sandbox; set when the engine runs as root (see bubblewrapArgs). */
  id?: number
}

/**
 * The bwrap argv for `argv` (bwrap's own path not included). Each choice names the attack it stops:
 *
 * - `--unshare-all` (user, PID, mount, IPC, UTS, cgroup and network namespaces) and `--unshare-user`
 *   explicitly, so it is never only "tried": a fresh PID namespace and `--proc /proc` show the command its
 *   own processes only — not the engine's `/proc/<pid>/environ` with INPUT_GITHUB_TOKEN and
 *   ACTIONS_RUNTIME_TOKEN in it. The network namespace has no interface but loopback: nothing on the runner
 *   (a metadata endpoint, a local service, the internet) is reachable. `--share-net` only for setup.
 * - `--die-with-parent` and the PID namespace: when bwrap is killed (time limit) its PID 1 dies, and the
 *   kernel kills everything left in the namespace, `setsid` and double-forked daemons included.
 * - `--new-session`: no TIOCSTI keystroke injection into a terminal the engine might hold.
 * - `--cap-drop ALL`: when the engine runs as root, bwrap would otherwise keep every capability inside.
 *   With `--uid`/`--gid` the command also stops looking like root (its files still belong to the engine's
 *   user on the host, which is what lets the engine commit them).
 * - `--clearenv` plus an allow-list (sandboxEnv): an environment built from nothing.
 * - Mounts: a fresh root with the toolchain read-only, a fresh /proc and /dev, empty tmpfs HOME and /tmp,
 *   and the worktree as the only writable bind. The checkout's git directory, RUNNER_TEMP (GITHUB_ENV), the
 *   tool cache and credential files are not mounted at all, so there is nothing to read or append to.
 * - The worktree's `.git` file is bound read-only over itself: it says where the engine's git finds the
 *   repository, and a command that rewrote it could point the engine at a git directory it made, with a
 *   `core.fsmonitor` or hook that the engine's next `git status` would run outside the sandbox.
 * - `.github/` is bound read-only over itself too: a test run has no business writing workflows, and one
 *   that planted `.github/workflows/x.yml` would have the engine commit a workflow that runs with the
 *   repository's secrets. Binding `.github` itself (not `workflows/`) matters: a mount point cannot be
 *   renamed away, but its parent can, and a fresh `workflows/` made beside it would be writable.
 * - Limits via prlimit (RLIMIT_DATA, RLIMIT_NPROC): the kernel enforces them on every process of the
 *   command; prlimit execs the command, so it adds no process. RLIMIT_NPROC counts per user: it holds for an
 *   unprivileged runner user (GitHub's `runner`), while the kernel exempts real root from it.
 */
export function bubblewrapArgs(argv: readonly string[], plan: BubblewrapPlan): string[] {
  const args = ['--unshare-all', '--unshare-user']
  if (plan.network) args.push('--share-net')
  args.push('--die-with-parent', '--new-session', '--cap-drop', 'ALL')
  if (plan.id !== undefined) args.push('--uid', String(plan.id), '--gid', String(plan.id))
  args.push('--hostname', 'sandbox')

  args.push('--clearenv')
  for (const [name, value] of Object.entries(plan.env)) args.push('--setenv', name, value)

  for (const { target, path } of plan.mounts.symlinks) args.push('--symlink', target, path)
  for (const { from, to } of plan.mounts.readOnly) args.push('--ro-bind', from, to)
  args.push('--proc', '/proc', '--dev', '/dev')
  // Fresh and empty; mounted before the worktree, which may live under /tmp on the host.
  args.push('--tmpfs', SANDBOX_TMP, '--tmpfs', SANDBOX_HOME)

  args.push('--bind', plan.root, plan.root)
  for (const path of plan.readOnlyInside) args.push('--ro-bind', join(plan.root, path), join(plan.root, path))
  if (plan.dependencies) {
    const modules = join(plan.root, 'node_modules')
    args.push('--ro-bind', plan.dependencies.path, modules)
    // Tools keep caches in node_modules/.cache (babel, eslint): a scratch tmpfs, gone with the command.
    if (plan.dependencies.cacheDir) args.push('--tmpfs', join(modules, '.cache'))
  }
  args.push('--chdir', plan.cwd)

  args.push('--')
  if (plan.limits && plan.prlimit) {
    const bytes = plan.limits.memoryMb * 1024 * 1024
    args.push(plan.prlimit, `--data=${bytes}`, `--nproc=${plan.limits.maxProcesses}`, '--')
  }
  args.push(...argv)
  return args
}
