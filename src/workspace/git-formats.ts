/**
 * What the command manager (git-plumbing.ts, git-repository.ts) hands git and reads back: guards on the
 * arguments, the environment that names a commit's people, and the text formats of the commands' input and
 * output. Pure: no git runs here.
 */
import type { Authorship, StagedEntry, TreeEntry, WorktreeEntry } from './git.js'
import { trailerLines } from './trailers.js'
import { WorkspaceError } from './workspace-errors.js'

/** Refuses a ref or remote name that git would read as an option. */
export function arg(value: string): string {
  if (value.startsWith('-')) throw new WorkspaceError(`"${value}" cannot start with "-".`)
  return value
}

const COMMIT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/

/** Only full commit ids: a ref could move between the check and the operation. */
export function commitId(value: string): string {
  if (!COMMIT_ID.test(value)) throw new WorkspaceError(`"${value}" is not a full commit id.`)
  return value
}

/** The variables through which git takes a commit's author and committer. */
export function authorshipEnv({ author, committer }: Authorship): NodeJS.ProcessEnv {
  return {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email
  }
}

/**
 * Entries of `-z` output. NUL-separated output is read untrimmed: a path may begin or end with a space.
 */
export function splitZ(text: string): string[] {
  return text.split('\0').filter(entry => entry.length > 0)
}

/** Entries of `-z` output, each once. */
export function uniqueZ(text: string): string[] {
  return [...new Set(splitZ(text))]
}

/** `git worktree list --porcelain`: blocks of `worktree`, `HEAD` and `branch` lines. */
export function parseWorktreeList(text: string): WorktreeEntry[] {
  const entries: WorktreeEntry[] = []
  for (const block of text.split(/\n\n+/)) {
    const entry: WorktreeEntry = { path: '', head: '' }
    for (const line of block.split('\n')) {
      if (line.startsWith('worktree ')) entry.path = line.slice('worktree '.length)
      else if (line.startsWith('HEAD ')) entry.head = line.slice('HEAD '.length)
      else if (line.startsWith('branch refs/heads/')) entry.branch = line.slice('branch refs/heads/'.length)
    }
    if (entry.path) entries.push(entry)
  }
  return entries
}

/** `git diff --raw -z --no-abbrev --no-renames`: a `:mode mode sha sha status` field, then the path. */
export function parseRawDiff(text: string): StagedEntry[] {
  const fields = text.split('\0')
  const entries: StagedEntry[] = []
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const [, , mode = '', , sha = '', status = ''] = fields[i]!.split(/[: ]/)
    entries.push({ status, mode, sha, path: fields[i + 1]! })
  }
  return entries
}

/** `git ls-tree -z`: `mode type sha<TAB>name` per entry. */
export function parseTree(text: string): TreeEntry[] {
  return splitZ(text).map(line => {
    const tab = line.indexOf('\t')
    const [mode = '', type = '', sha = ''] = line.slice(0, tab).split(' ')
    return { mode, type, sha, name: line.slice(tab + 1) }
  })
}

/** The input of `git mktree -z`: the same lines `ls-tree -z` prints. */
export function formatTree(entries: readonly TreeEntry[]): string {
  return entries.map(entry => `${entry.mode} ${entry.type} ${entry.sha}\t${entry.name}\0`).join('')
}

/** `git config --null --get-regexp`: the key, a newline, then the value (no newline for a bare key). */
export function parseConfigEntries(text: string): { key: string; value: string }[] {
  return splitZ(text).map(entry => {
    const newline = entry.indexOf('\n')
    return newline === -1
      ? { key: entry, value: '' }
      : { key: entry.slice(0, newline), value: entry.slice(newline + 1) }
  })
}

/** A commit message with `trailers` ending it, as `git commit --trailer` would write them. */
export function withTrailers(message: string, trailers: Record<string, string>): string {
  const lines = trailerLines(trailers)
  return lines.length > 0 ? `${message}\n\n${lines.join('\n')}\n` : message
}

/** The line `git push --porcelain` prints for `refspec`: `<flag>\t<from>:<to>\t<summary>`. */
export function pushStatusLine(stdout: string, refspec: string): string | undefined {
  return stdout.split('\n').find(entry => entry.includes(`\t${refspec}\t`))
}
