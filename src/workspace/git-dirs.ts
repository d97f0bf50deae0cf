/**
 * Where git keeps a checkout's files, read from the checkout the way git finds them: `.git` is the
 * repository's directory, or (a linked worktree) a file naming the worktree's own directory, whose
 * `commondir` leads to the shared one. Reading two small files here saves a `git rev-parse` process, which
 * costs the engine's event loop several milliseconds to start.
 */
import { readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

export interface GitDirs {
  /** This checkout's own directory: HEAD, index, MERGE_HEAD, `config.worktree`. */
  gitDir: string
  /** The directory shared by all worktrees: objects, refs, `config`. */
  commonDir: string
}

/**
 * The git directories of the checkout whose top level is `topLevel`; undefined when `topLevel` holds no
 * `.git` of either kind (a subdirectory, a bare repository), where callers ask git instead.
 */
export function gitDirsOf(topLevel: string): GitDirs | undefined {
  const dotGit = join(topLevel, '.git')
  const found = statSync(dotGit, { throwIfNoEntry: false })
  let gitDir: string
  if (found?.isDirectory()) {
    gitDir = dotGit
  } else if (found?.isFile()) {
    const named = /^gitdir: (.+)$/m.exec(readText(dotGit) ?? '')?.[1]?.trim()
    if (!named) return undefined
    gitDir = resolve(topLevel, named)
  } else {
    return undefined
  }
  const common = readText(join(gitDir, 'commondir'))?.trim()
  return { gitDir, commonDir: common ? resolve(gitDir, common) : gitDir }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/

/**
 * The commit HEAD of the checkout at `topLevel` names, read from its files: a detached HEAD's id, or the
 * branch it names as a loose ref (where git has just written it, after a commit). Undefined when the files
 * do not say (a packed ref, a bare repository): the caller asks git then.
 */
export function headCommitOf(topLevel: string): string | undefined {
  const dirs = gitDirsOf(topLevel)
  if (!dirs) return undefined
  const head = readText(join(dirs.gitDir, 'HEAD'))?.trim()
  if (head === undefined) return undefined
  if (OBJECT_ID.test(head)) return head
  const ref = /^ref: (refs\/heads\/[^\0]+)$/.exec(head)?.[1]
  if (ref === undefined || ref.split('/').includes('..')) return undefined
  const id = readText(join(dirs.commonDir, ref))?.trim()
  return id !== undefined && OBJECT_ID.test(id) ? id : undefined
}
