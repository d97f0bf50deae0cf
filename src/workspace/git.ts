/**
 * The git command manager: each method is one git operation with its argv spelled out here, so callers never
 * build command lines, and every command goes through run-git.ts (no shell, hooks off, stable environment).
 *
 * execFile rather than simple-git: we need exit codes as data (merge conflicts, `diff --quiet`, a missing
 * remote ref), both output streams, and the hooks override, which simple-git refuses as unsafe unless
 * unlocked; its parsers would go unused.
 */
import { resolve } from 'node:path'
import type { Logger } from '../util/logger.js'
import { silentLogger } from '../util/logger.js'
import { runGit } from './run-git.js'
import { trialCommands } from './git-trial-commands.js'
import { trailerLines } from './trailers.js'
import { GitCommandError, WorkspaceError } from './workspace-errors.js'

/** A person or bot as git records them. */
export interface GitIdentity {
  name: string
  email: string
}

export interface GitOptions {
  /** The environment git runs with; defaults to this process's. */
  env?: NodeJS.ProcessEnv
  logger?: Logger
}

/** One entry of `git worktree list`. */
export interface WorktreeEntry {
  path: string
  head: string
  /** Short branch name; undefined when detached. */
  branch?: string
}

/** One entry of a tree object, as `git ls-tree` lists it. */
export interface TreeEntry {
  /** `100644`, `100755`, `040000`, `120000` or `160000`. */
  mode: string
  /** `blob`, `tree` or `commit` (a submodule). */
  type: string
  sha: string
  /** The entry's own name, without any folder. */
  name: string
}

/** One path of the staged change, as `git diff --cached --raw` lists it. */
export interface StagedEntry {
  /** `A`, `M`, `D`, `T`… */
  status: string
  /** The new mode: `100644`, `120000` (symlink), `160000` (gitlink); `000000` when deleted. */
  mode: string
  /** The new object; all zeros when deleted. */
  sha: string
  path: string
}

/** What a push did to one ref, read from `git push --porcelain`. */
export type PushOutcome = { ok: true } | { ok: false; reason: string }

/** Refuses a ref or remote name that git would read as an option. */
function arg(value: string): string {
  if (value.startsWith('-')) throw new WorkspaceError(`"${value}" cannot start with "-".`)
  return value
}

function identityEnv(prefix: 'AUTHOR' | 'COMMITTER', who: GitIdentity): NodeJS.ProcessEnv {
  return { [`GIT_${prefix}_NAME`]: who.name, [`GIT_${prefix}_EMAIL`]: who.email }
}

function splitZ(text: string): string[] {
  return text.split('\0').filter(entry => entry.length > 0)
}

/** The git command manager for the repository or worktree at `dir`. */
export function createGit(dir: string, options: GitOptions = {}) {
  // Children inherit the environment anyway; the caller may pass a narrower one.
  const baseEnv = options.env ?? process.env
  const logger = options.logger ?? silentLogger

  const run = (args: string[], okCodes: number[] = [0], extraEnv: NodeJS.ProcessEnv = {}, input?: string) =>
    runGit(dir, args, { okCodes, env: { ...baseEnv, ...extraEnv }, logger, input })

  const out = async (args: string[]): Promise<string> => (await run(args)).stdout.trim()
  // NUL-separated output is read untrimmed: a path may begin or end with a space.
  const paths = async (args: string[]): Promise<string[]> => [...new Set(splitZ((await run(args)).stdout))]
  // A worktree diff looks inside nested repositories (git status in them, with their own config, which
  // the engine does not neutralise): --ignore-submodules=all keeps the engine's git out of them.
  const unmerged = () =>
    paths([
      'diff',
      '--ignore-submodules=all',
      '--no-ext-diff',
      '--no-textconv',
      '--name-only',
      '--diff-filter=U',
      '-z'
    ])

  return {
    dir,
    ...trialCommands(run),

    /** The top directory of the work tree `dir` belongs to. */
    topLevel: () => out(['rev-parse', '--show-toplevel']),

    /** The absolute path of the git directory shared by all worktrees (`.git` of the main checkout). */
    commonDir: async () => resolve(dir, await out(['rev-parse', '--git-common-dir'])),

    /** Both of the above in one call. */
    async locate(): Promise<{ topLevel: string; commonDir: string }> {
      const [topLevel = '', commonDir = ''] = (
        await out(['rev-parse', '--show-toplevel', '--git-common-dir'])
      ).split('\n')
      return { topLevel, commonDir: resolve(dir, commonDir) }
    },

    /** The commit `ref` names, or undefined when it names none. */
    async resolveCommit(ref: string): Promise<string | undefined> {
      const result = await run(['rev-parse', '--verify', '--quiet', `${arg(ref)}^{commit}`], [0, 1])
      return result.exitCode === 0 ? result.stdout.trim() : undefined
    },

    /** The branch checked out in `dir`, or undefined when HEAD is detached. */
    async currentBranch(): Promise<string | undefined> {
      const result = await run(['symbolic-ref', '--quiet', '--short', 'HEAD'], [0, 1])
      return result.exitCode === 0 ? result.stdout.trim() : undefined
    },

    /** True when git accepts `name` as a branch name (`git check-ref-format --branch`). */
    async isValidBranchName(name: string): Promise<boolean> {
      return (await run(['check-ref-format', '--branch', name], [0, 1, 128])).exitCode === 0
    },

    /** True when a remote of that name is configured. */
    async hasRemote(remote: string): Promise<boolean> {
      return (await run(['remote', 'get-url', arg(remote)], [0, 2])).exitCode === 0
    },

    /**
     * Fetches `branch` from `remote` into `refs/remotes/<remote>/<branch>`. Resolves false, and drops a stale
     * tracking ref, when the remote has no such branch.
     */
    async fetchBranch(remote: string, branch: string): Promise<boolean> {
      const tracking = `refs/remotes/${remote}/${branch}`
      const refspec = `+refs/heads/${arg(branch)}:${tracking}`
      const result = await run(['fetch', '--quiet', '--no-tags', arg(remote), refspec], [0, 128])
      if (result.exitCode === 0) return true
      if (!/couldn't find remote ref/i.test(result.stderr)) {
        throw new GitCommandError(['fetch', remote, refspec], result.exitCode, result.stderr)
      }
      await run(['update-ref', '-d', tracking])
      return false
    },

    /** Creates local branch `name` at `startPoint` without upstream tracking. */
    createBranch: (name: string, startPoint: string) =>
      run(['branch', '--no-track', arg(name), arg(startPoint)]).then(() => undefined),

    /** Every worktree of the repository, the main checkout first. */
    async worktreeList(): Promise<WorktreeEntry[]> {
      const entries: WorktreeEntry[] = []
      for (const block of (await out(['worktree', 'list', '--porcelain'])).split(/\n\n+/)) {
        const entry: WorktreeEntry = { path: '', head: '' }
        for (const line of block.split('\n')) {
          if (line.startsWith('worktree ')) entry.path = line.slice('worktree '.length)
          else if (line.startsWith('HEAD ')) entry.head = line.slice('HEAD '.length)
          else if (line.startsWith('branch refs/heads/'))
            entry.branch = line.slice('branch refs/heads/'.length)
        }
        if (entry.path) entries.push(entry)
      }
      return entries
    },

    /** Adds a worktree at `path` on `branch`, creating the branch at `createFrom` when given. */
    async worktreeAdd(path: string, branch: string, createFrom?: string): Promise<void> {
      const args = createFrom
        ? ['worktree', 'add', '--quiet', '--no-track', '-b', arg(branch), path, arg(createFrom)]
        : ['worktree', 'add', '--quiet', path, arg(branch)]
      await run(args)
    },

    /** Removes the worktree at `path`, discarding uncommitted changes in it. */
    worktreeRemove: (path: string) => run(['worktree', 'remove', '--force', path]).then(() => undefined),

    /** Forgets worktrees whose directories are gone. */
    worktreePrune: () => run(['worktree', 'prune']).then(() => undefined),

    /** Stages every change in this work tree, including new and deleted files, honouring .gitignore. */
    addAll: () => run(['add', '--all']).then(() => undefined),

    /** True when the index differs from HEAD. */
    async hasStagedChanges(): Promise<boolean> {
      return (
        (await run(['diff', '--no-ext-diff', '--no-textconv', '--cached', '--quiet'], [0, 1])).exitCode === 1
      )
    },

    /** Stages `paths` as the work tree has them, even where .gitignore would leave them out. */
    stagePaths: (paths: readonly string[]) => run(['add', '--force', '--', ...paths]).then(() => undefined),

    /**
     * What the index would commit: every path that differs from HEAD (from the empty tree before the first
     * commit), with its new mode and object; deletions have mode `000000`. No renames, so both sides of a
     * move are listed.
     */
    async stagedEntries(): Promise<StagedEntry[]> {
      // --ignore-submodules=none: a `.gitmodules` the agents wrote (ignore = all) must not hide a gitlink.
      const args = [
        'diff',
        '--cached',
        '--ignore-submodules=none',
        '--raw',
        '-z',
        '--no-renames',
        '--no-abbrev',
        '--no-ext-diff',
        '--no-textconv'
      ]
      const fields = (await run(args)).stdout.split('\0')
      const entries: StagedEntry[] = []
      for (let i = 0; i + 1 < fields.length; i += 2) {
        const [, , mode = '', , sha = '', status = ''] = (fields[i] as string).split(/[: ]/)
        entries.push({ status, mode, sha, path: fields[i + 1] as string })
      }
      return entries
    },

    /** Empties the index back to HEAD; the work tree keeps every change. */
    unstageAll: () => run(['reset', '--quiet']).then(() => undefined),

    /**
     * Commits the index, or with `only` just those paths (other staged changes stay staged); trailers are
     * appended by git in its own format; `allowEmpty` records a commit that changes nothing. Resolves to the
     * new commit.
     */
    async commit(
      message: string,
      who: { author: GitIdentity; committer: GitIdentity },
      trailers: Record<string, string> = {},
      only?: readonly string[],
      options: { allowEmpty?: boolean } = {}
    ): Promise<string> {
      const trailerArgs = trailerLines(trailers).flatMap(line => ['--trailer', line])
      const onlyArgs = only ? ['--only', '--', ...only] : []
      const emptyArgs = options.allowEmpty ? ['--allow-empty'] : []
      const env = { ...identityEnv('AUTHOR', who.author), ...identityEnv('COMMITTER', who.committer) }
      await run(
        ['commit', '--quiet', '--no-verify', ...emptyArgs, '--message', message, ...trailerArgs, ...onlyArgs],
        [0],
        env
      )
      return out(['rev-parse', 'HEAD'])
    },

    /*
     * Plumbing: objects and refs written directly, so that a branch nobody has checked out can gain commits
     * without a work tree or an index (the state store commits this way).
     */

    /** Stores `text` as a blob; resolves to its id. */
    writeBlob: async (text: string): Promise<string> =>
      (await run(['hash-object', '-w', '--no-filters', '--stdin'], [0], {}, text)).stdout.trim(),

    /** The entries directly inside `treeish` (a tree, or a commit's tree). */
    async listTree(treeish: string): Promise<TreeEntry[]> {
      return splitZ((await run(['ls-tree', '-z', arg(treeish)])).stdout).map(line => {
        const tab = line.indexOf('\t')
        const [mode = '', type = '', sha = ''] = line.slice(0, tab).split(' ')
        return { mode, type, sha, name: line.slice(tab + 1) }
      })
    },

    /** Writes a tree holding exactly `entries` (git puts them in order); resolves to its id. */
    async makeTree(entries: readonly TreeEntry[]): Promise<string> {
      const input = entries.map(entry => `${entry.mode} ${entry.type} ${entry.sha}\t${entry.name}\0`).join('')
      return (await run(['mktree', '-z'], [0], {}, input)).stdout.trim()
    },

    /** Writes a commit of `tree` on `parents` (none: a root commit); trailers end the message. */
    async commitTree(
      tree: string,
      parents: readonly string[],
      message: string,
      who: { author: GitIdentity; committer: GitIdentity },
      trailers: Record<string, string> = {}
    ): Promise<string> {
      const lines = trailerLines(trailers)
      const text = lines.length > 0 ? `${message}\n\n${lines.join('\n')}\n` : message
      const parentArgs = parents.flatMap(parent => ['-p', arg(parent)])
      const env = { ...identityEnv('AUTHOR', who.author), ...identityEnv('COMMITTER', who.committer) }
      return (await run(['commit-tree', arg(tree), ...parentArgs, '-m', text], [0], env)).stdout.trim()
    },

    /**
     * Points `ref` at `sha`. With `expected`, only while the ref still points there (an empty string: only
     * while it does not exist); git refuses otherwise, so a concurrent move is never overwritten.
     */
    updateRef: (ref: string, sha: string, expected?: string) =>
      run(['update-ref', arg(ref), arg(sha), ...(expected === undefined ? [] : [expected])]).then(
        () => undefined
      ),

    /** True when `ancestor` is `descendant` itself or in its history. */
    async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
      const args = ['merge-base', '--is-ancestor', arg(ancestor), arg(descendant)]
      return (await run(args, [0, 1])).exitCode === 0
    },

    /**
     * Merges `ref` into the checked-out branch (with `noCommit`, leaves the merge staged and in progress).
     * On conflict the merge is left in progress and the unmerged
     * paths are returned; any other failure throws.
     */
    async merge(
      ref: string,
      message: string,
      committer: GitIdentity,
      mode: { noFastForward: boolean; noCommit?: boolean }
    ): Promise<{ ok: true } | { ok: false; conflicts: string[] }> {
      const args = [
        'merge',
        '--no-edit',
        mode.noFastForward ? '--no-ff' : '--ff',
        ...(mode.noCommit ? ['--no-commit'] : []),
        '--message',
        message,
        arg(ref)
      ]
      const result = await run(args, [0, 1], {
        ...identityEnv('AUTHOR', committer),
        ...identityEnv('COMMITTER', committer)
      })
      if (result.exitCode === 0) return { ok: true }
      const conflicts = await unmerged()
      if (conflicts.length === 0)
        throw new GitCommandError(args, result.exitCode, result.stderr + result.stdout)
      return { ok: false, conflicts }
    },

    /** True while a merge waits to be concluded in this work tree. */
    async isMerging(): Promise<boolean> {
      return (await run(['rev-parse', '--verify', '--quiet', 'MERGE_HEAD'], [0, 1])).exitCode === 0
    },

    mergeAbort: () => run(['merge', '--abort']).then(() => undefined),

    /** Paths that are still unmerged in the index. */
    unmergedFiles: unmerged,

    /**
     * Staged files, among those that differ from HEAD, with a line that opens or closes a conflict hunk. Only
     * `<<<<<<<` and `>>>>>>>` count: a bare `=======` is also a Markdown heading underline.
     */
    async filesWithConflictMarkers(): Promise<string[]> {
      const changed = await paths([
        'diff',
        '--no-ext-diff',
        '--no-textconv',
        '--cached',
        '--name-only',
        '--no-renames',
        '-z',
        'HEAD'
      ])
      if (changed.length === 0) return []
      const pathspecs = changed.map(path => `:(literal)${path}`)
      const pattern = '^(<<<<<<<|>>>>>>>)( |$)'
      const result = await run(
        ['grep', '--no-textconv', '--cached', '-I', '-l', '-z', '-E', pattern, '--', ...pathspecs],
        [0, 1]
      )
      return [...new Set(splitZ(result.stdout))]
    },

    /** Concludes the merge in progress with `message`. Resolves to the merge commit. */
    async commitMerge(message: string, committer: GitIdentity): Promise<string> {
      const env = { ...identityEnv('AUTHOR', committer), ...identityEnv('COMMITTER', committer) }
      await run(['commit', '--quiet', '--no-verify', '--message', message], [0], env)
      return out(['rev-parse', 'HEAD'])
    },

    /** Paths that differ between `ref` and the work tree, committed or not, plus untracked files. */
    async changedSince(ref: string): Promise<string[]> {
      const tracked = await paths([
        'diff',
        '--ignore-submodules=all',
        '--no-ext-diff',
        '--no-textconv',
        '--name-only',
        '--no-renames',
        '-z',
        arg(ref),
        '--'
      ])
      const untracked = await paths(['ls-files', '--others', '--exclude-standard', '-z'])
      return [...new Set([...tracked, ...untracked])].sort()
    },

    /**
     * Pushes local `branch` to the same name on `remote`. With `lease`, the push may rewrite the remote branch
     * only while it still points at that commit (an empty lease: only while it does not exist).
     */
    async push(remote: string, branch: string, lease?: string): Promise<PushOutcome> {
      const refspec = `refs/heads/${arg(branch)}:refs/heads/${branch}`
      const leaseArgs = lease === undefined ? [] : [`--force-with-lease=refs/heads/${branch}:${lease}`]
      const args = ['push', '--porcelain', ...leaseArgs, arg(remote), refspec]
      const result = await run(args, [0, 1])
      const line = result.stdout.split('\n').find(entry => entry.includes(`\t${refspec}\t`))
      if (result.exitCode === 0 && line && !line.startsWith('!')) return { ok: true }
      if (!line) throw new GitCommandError(args, result.exitCode, result.stderr)
      return { ok: false, reason: line.split('\t')[2] ?? line }
    },

    /** The content of the blob `sha` (a symlink's target, for one). */
    blobText: async (sha: string): Promise<string> => (await run(['cat-file', 'blob', arg(sha)])).stdout,

    /** The text of `path` at `ref`, or undefined when the path does not exist there. */
    async readBlob(ref: string, path: string): Promise<string | undefined> {
      const spec = `${arg(ref)}:${path.replace(/^\.?\//, '')}`
      if ((await run(['rev-parse', '--verify', '--quiet', spec], [0, 1])).exitCode !== 0) return undefined
      if ((await out(['cat-file', '-t', spec])) !== 'blob') {
        throw new WorkspaceError(`${path} at ${ref} is a directory or submodule, not a file.`)
      }
      return (await run(['cat-file', 'blob', spec])).stdout
    },

    /** The URL `remote` fetches from. */
    remoteUrl: (remote: string) => out(['remote', 'get-url', arg(remote)]),

    /**
     * Entries of the repository's own config file (`--local`, includes not followed) whose name matches the
     * extended regular expression `pattern`. Names come back as git prints them: section and key lower-case.
     */
    async configEntries(pattern: string, file?: string): Promise<{ key: string; value: string }[]> {
      const scope = file ? ['--file', file] : ['--local']
      const result = await run(['config', ...scope, '--null', '--get-regexp', pattern], [0, 1])
      return splitZ(result.stdout).map(entry => {
        const newline = entry.indexOf('\n')
        return newline === -1
          ? { key: entry, value: '' }
          : { key: entry.slice(0, newline), value: entry.slice(newline + 1) }
      })
    },

    /**
     * Removes `key` from the repository's config file (or `file`): every value, or only the one equal to
     * `value`. No error when there is none. Never pass a secret: argv is visible to others.
     */
    configUnset: (key: string, options: { value?: string; file?: string } = {}) =>
      run(
        [
          'config',
          ...(options.file ? ['--file', options.file] : ['--local']),
          '--unset-all',
          ...(options.value === undefined ? [key] : ['--fixed-value', key, options.value])
        ],
        [0, 5]
      ).then(() => undefined)
  }
}

/** The command manager `createGit` returns. */
export type Git = ReturnType<typeof createGit>
