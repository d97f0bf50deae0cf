import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'

/** A read-only view of the host inside the sandbox: directories and files bound, and symlinks recreated. */
export interface HostMounts {
  /** Host paths bound read-only at `to` (the same path unless a symlink was resolved). */
  readOnly: { from: string; to: string }[]
  /** Symlinks made inside the sandbox (`/bin -> usr/bin` on merged-/usr systems). */
  symlinks: { target: string; path: string }[]
  /** Paths that were asked for but left out, and why (for the log). */
  skipped: string[]
}

/** The system toolchain: programs and the libraries they load. */
const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']

/**
 * The pieces of /etc that programs need to start, resolve names and check certificates. Everything else in
 * /etc stays out: `gitconfig` may name a credential helper, `npmrc` may hold a registry token, and
 * `shadow`, `ssh/` and the like have no business in a test run.
 */
const ETC_FILES = [
  '/etc/alternatives',
  '/etc/ld.so.cache',
  '/etc/ld.so.conf',
  '/etc/ld.so.conf.d',
  '/etc/passwd',
  '/etc/group',
  '/etc/nsswitch.conf',
  '/etc/host.conf',
  '/etc/hosts',
  '/etc/resolv.conf',
  '/etc/gai.conf',
  '/etc/localtime',
  '/etc/ssl',
  '/etc/ca-certificates',
  '/etc/pki',
  '/etc/mime.types'
]

export interface HostMountOptions {
  /** Programs whose install prefix is mounted too: the engine's own node (process.execPath), and `node`/`npm` on PATH. */
  programs: string[]
  /** The runner's PATH, to find `node` and `npm`. */
  path?: string
  /** Extra read-only paths from the configuration (`sandbox.read_only_paths`). */
  extra: readonly string[]
  /**
   * Paths no mount may show: a toolchain prefix or extra path that is one of these or a parent of one is
   * refused. The home directory goes here (credential files such as `~/.git-credentials`; an install under
   * it, like `~/.nvm/versions/node/v20`, is fine).
   */
  forbidden: readonly string[]
  /**
   * Like `forbidden`, and nothing inside them either: the checkout (its `.git/config` can hold the push
   * token) and the runner's temp directory (GITHUB_ENV, GITHUB_OUTPUT, the other worktrees).
   */
  sealed: readonly string[]
}

/**
 * What the sandbox shows of the host, read-only: the system toolchain, the /etc pieces above, the install
 * prefix of node and npm (e.g. `/opt/hostedtoolcache/node/20.11.0/x64`, not the whole tool cache), and the
 * configured extra paths. Paths that do not exist are skipped silently; refused ones are listed.
 */
export function hostMounts(options: HostMountOptions): HostMounts {
  const mounts: HostMounts = { readOnly: [], symlinks: [], skipped: [] }
  const covered = (path: string): boolean =>
    mounts.readOnly.some(mount => isInside(path, mount.to)) ||
    mounts.symlinks.some(link => isInside(path, link.path))

  for (const dir of SYSTEM_DIRS) {
    const stat = lstatOrUndefined(dir)
    if (!stat) continue
    if (stat.isSymbolicLink()) mounts.symlinks.push({ target: readlinkSync(dir), path: dir })
    else if (stat.isDirectory()) mounts.readOnly.push({ from: dir, to: dir })
  }
  for (const file of ETC_FILES) {
    // /etc/resolv.conf is often a link into /run; bind what it points to, at the path programs read.
    const real = realpathOrUndefined(file)
    if (real) mounts.readOnly.push({ from: real, to: file })
  }

  const prefixes = new Set<string>()
  for (const program of options.programs) {
    const found = isAbsolute(program) ? program : findOnPath(program, options.path)
    const prefix = found && installPrefix(found)
    if (prefix) prefixes.add(prefix)
  }
  for (const path of [...prefixes, ...options.extra]) {
    const real = realpathOrUndefined(path)
    if (!real || covered(real)) continue
    const clash =
      [...options.forbidden, ...options.sealed].find(path => isInside(resolve(path), real)) ??
      options.sealed.find(path => isInside(real, resolve(path)))
    if (real === sep || clash) {
      mounts.skipped.push(`${path}: it would show ${clash ?? 'the whole file system'} to the sandbox`)
      continue
    }
    mounts.readOnly.push({ from: real, to: real })
  }
  return mounts
}

/** `/opt/node/bin/node` → `/opt/node`: a program in a `bin` folder belongs to the install above it. */
function installPrefix(program: string): string | undefined {
  const real = realpathOrUndefined(program)
  if (!real) return undefined
  const dir = dirname(real)
  return basename(dir) === 'bin' ? dirname(dir) : dir
}

function findOnPath(name: string, path: string | undefined): string | undefined {
  for (const dir of (path ?? '').split(':')) {
    if (dir === '' || !isAbsolute(dir)) continue
    const candidate = join(dir, name)
    if (existsSync(candidate)) return candidate
  }
  return undefined
}

/** True when `path` is `dir` or inside it. */
export function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path)
  } catch {
    return undefined
  }
}

function realpathOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path)
  } catch {
    return undefined
  }
}
