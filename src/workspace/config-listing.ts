/**
 * The repository config listed before a git command (git-config-guard.ts), kept per checkout while the files
 * it came from stay the same. A merge, a commit or a worktree change each runs several git commands in the
 * same checkout, and the listing doubled the processes the engine starts; a change to either config file
 * (its inode, size, or change time, which no process can set back) lists it again. A listing that follows an
 * include is never kept: the included file could change unseen.
 */
import { statSync } from 'node:fs'
import { join } from 'node:path'
import type { ConfigEntry } from './git-config-guard.js'
import { gitDirsOf } from './git-dirs.js'

/** Listings remembered at most (a checkout and an environment each); a run has a few dozen worktrees. */
const MAX_LISTINGS = 512

const kept = new Map<string, { sources: string; entries: ConfigEntry[] }>()

/**
 * The listing for a command in `cwd` with `env`: the one kept for this checkout and environment if its
 * config files are as they were when it was listed, otherwise a fresh `list()`.
 */
export async function listingFor(
  cwd: string,
  env: NodeJS.ProcessEnv,
  list: () => Promise<ConfigEntry[]>
): Promise<ConfigEntry[]> {
  const key = JSON.stringify([cwd, env])
  const sources = sourcesOf(cwd)
  const known = sources === undefined ? undefined : kept.get(key)
  if (known && known.sources === sources) return known.entries
  const entries = await list()
  // Kept only if nothing changed while git was reading, and nothing was read from an included file.
  if (sources !== undefined && sourcesOf(cwd) === sources && !entries.some(isInclude)) {
    kept.delete(key)
    if (kept.size >= MAX_LISTINGS) kept.delete(kept.keys().next().value as string)
    kept.set(key, { sources, entries })
  }
  return entries
}

/** What the listing in `cwd` depends on besides the environment: the git directories and their config files. */
function sourcesOf(cwd: string): string | undefined {
  const dirs = gitDirsOf(cwd)
  if (!dirs) return undefined
  const files = [join(dirs.commonDir, 'config'), join(dirs.gitDir, 'config.worktree')]
  const stamps = files.map(file => {
    const found = statSync(file, { bigint: true, throwIfNoEntry: false })
    return found ? `${found.ino}:${found.size}:${found.ctimeNs}:${found.mtimeNs}` : 'none'
  })
  return JSON.stringify([dirs.gitDir, dirs.commonDir, stamps])
}

function isInclude(entry: ConfigEntry): boolean {
  return /^include(if)?\./i.test(entry.key)
}
