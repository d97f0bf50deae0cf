import { execFileSync } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { createTempRepo, runGit, type TempRepo } from './git-repo.js'

export const SAMPLE_DIR = resolve(import.meta.dirname ?? process.cwd(), '..', '..', 'samples', 'greeting')

async function filesOf(dir: string, root = dir): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) Object.assign(out, await filesOf(path, root))
    else out[relative(root, path)] = await readFile(path, 'utf8')
  }
  return out
}

/** A temporary checkout (with a bare origin) of the greeting sample project, plus extra files. */
export async function sampleRepo(extra: Record<string, string> = {}): Promise<TempRepo> {
  return createTempRepo({ files: { ...(await filesOf(SAMPLE_DIR)), ...extra } })
}

/** Whether the bare repository has the branch; synchronous, for the fake GitHub's branchExists hook. */
export function bareHasBranch(bare: string, branch: string): boolean {
  try {
    execFileSync('git', ['--git-dir', bare, 'rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], {
      stdio: 'ignore'
    })
    return true
  } catch {
    return false
  }
}

/** Files on `branch` of the bare repository. */
export async function branchFiles(bare: string, branch: string): Promise<string[]> {
  const out = await runGit(bare, 'ls-tree', '-r', '--name-only', branch)
  return out.split('\n').filter(Boolean).sort()
}

/** Whether the bare repository has the full ref (`refs/heads/main`, `refs/tags/v1`). */
export async function bareHasRef(bare: string, fullRef: string): Promise<boolean> {
  try {
    await runGit(bare, 'show-ref', '--verify', '--quiet', fullRef)
    return true
  } catch {
    return false
  }
}

/**
 * The file at `path` on `ref` of the bare repository (without its final newline), or undefined when the ref or
 * the file is not there.
 */
export async function bareFileAt(bare: string, ref: string, path: string): Promise<string | undefined> {
  try {
    return await runGit(bare, 'cat-file', 'blob', `${ref}:${path}`)
  } catch {
    return undefined
  }
}
