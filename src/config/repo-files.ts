import { constants } from 'node:fs'
import { open, realpath, stat } from 'node:fs/promises'
import { isAbsolute, join, posix, relative, sep, win32 } from 'node:path'

/** Where a repository path leads: a real file inside the repository, or why it cannot be read. */
export type RepoFile =
  | { ok: true; path: string; relativePath: string }
  | { ok: false; reason: 'missing' | 'refused' | 'not-a-file'; problem: string }

/**
 * Resolves a path from the configuration to a regular file inside `repoDir`.
 *
 * Security boundary. Everything read here goes into a model prompt, and a prompt can leak into a pull request
 * or a provider's logs. The configuration may come from a branch that anyone with write access edited, so it
 * may not read outside the checkout: absolute paths, `..` that climbs out, and symlinks whose real target lies
 * outside are refused. `.git/` is refused too, even inside the checkout: actions/checkout leaves the job's
 * token in `.git/config`. Refusal is decided on the real path (symlinks followed), never on the text alone.
 */
export async function resolveRepoFile(repoDir: string, path: string): Promise<RepoFile> {
  const shown = JSON.stringify(path)
  const refused = (problem: string): RepoFile => ({ ok: false, reason: 'refused', problem })
  if (path.trim() === '') return refused('the path is empty')
  if (isAbsolute(path) || win32.isAbsolute(path) || path.startsWith('~')) {
    return refused(`${shown} is an absolute path; give a path relative to the repository root`)
  }
  const relativePath = posix.normalize(path.replaceAll('\\', '/')).replace(/^\.\/+/, '')
  if (relativePath === '..' || relativePath.startsWith('../')) {
    return refused(`${shown} points outside the repository; only files inside it can be read`)
  }
  if (touchesGit(relativePath)) return refused(`${shown} is inside .git/, which is never read`)

  const root = await realpath(repoDir)
  let real: string
  try {
    real = await realpath(join(root, relativePath))
  } catch (error) {
    if (isMissing(error)) {
      return { ok: false, reason: 'missing', problem: `${shown} does not exist in the repository` }
    }
    throw error
  }
  const inside = relative(root, real)
  if (inside === '')
    return { ok: false, reason: 'not-a-file', problem: `${shown} is the repository itself, not a file` }
  if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    return refused(
      `${shown} is a symlink that leads outside the repository; only files inside it can be read`
    )
  }
  if (touchesGit(inside.split(sep).join('/')))
    return refused(`${shown} leads into .git/, which is never read`)
  if (!(await stat(real)).isFile()) {
    return { ok: false, reason: 'not-a-file', problem: `${shown} is not a file (a directory?)` }
  }
  return { ok: true, path: real, relativePath }
}

/** The start of a file's text, at most `maxBytes` of it, without reading the rest. */
export async function readCapped(
  realPath: string,
  maxBytes: number
): Promise<{ text: string; bytes: number; truncated: boolean }> {
  // O_NOFOLLOW: the path was resolved already, so a symlink here means it was swapped in since.
  const handle = await open(realPath, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0))
  try {
    const bytes = (await handle.stat()).size
    const buffer = Buffer.alloc(Math.min(bytes, maxBytes))
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    let text = new TextDecoder().decode(buffer.subarray(0, bytesRead))
    const truncated = bytes > bytesRead
    // A cut can split a multi-byte character; drop the replacement character it leaves.
    if (truncated) text = text.replace(/\uFFFD$/, '')
    return { text, bytes, truncated }
  } finally {
    await handle.close()
  }
}

function touchesGit(relativePath: string): boolean {
  return relativePath.split('/').some(segment => segment.toLowerCase() === '.git')
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return code === 'ENOENT' || code === 'ENOTDIR'
}
