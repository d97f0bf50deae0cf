/**
 * The git command manager: each method is one git operation with its argv spelled out in git-repository.ts,
 * so callers never build command lines, and every command goes through run-git.ts (no shell, hooks off,
 * stable environment).
 *
 * execFile rather than simple-git: we need exit codes as data (merge conflicts, `diff --quiet`, a missing
 * remote ref), both output streams, and the hooks override, which simple-git refuses as unsafe unless
 * unlocked; its parsers would go unused.
 */
import type { Logger } from '../util/logger.js'
import { GitRepository } from './git-repository.js'

/** A person or bot as git records them. */
export interface GitIdentity {
  name: string
  email: string
}

/** Who a commit names: git records an author and a committer. */
export interface Authorship {
  author: GitIdentity
  committer: GitIdentity
}

export interface GitOptions {
  /** The environment git runs with; defaults to this process's. */
  env?: NodeJS.ProcessEnv
  logger?: Logger
  /**
   * Answer resolveCommit from one long-lived git (ref-reader.ts) instead of a process per question: for the
   * repository's own directory, which a run asks about all the time, not for short-lived worktrees.
   */
  batchRefReads?: boolean
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

/** Where the repository is: the directory the commands run in and the folders git keeps around it. */
export interface GitLocation {
  readonly dir: string
  /** The top directory of the work tree `dir` belongs to. */
  topLevel(): Promise<string>
  /** The absolute path of the git directory shared by all worktrees (`.git` of the main checkout). */
  commonDir(): Promise<string>
  /** Both of the above in one call. */
  locate(): Promise<{ topLevel: string; commonDir: string }>
}

/** Commits, branches and refs by name. */
export interface GitRefs {
  /** The commit `ref` names, or undefined when it names none. */
  resolveCommit(ref: string): Promise<string | undefined>
  /** The tree of the commit (or the tree) `ref` names, or undefined when it names none. */
  resolveTree(ref: string): Promise<string | undefined>
  /** The branch checked out in `dir`, or undefined when HEAD is detached. */
  currentBranch(): Promise<string | undefined>
  /** True when git accepts `name` as a branch name (`git check-ref-format --branch`). */
  isValidBranchName(name: string): Promise<boolean>
  /** Creates local branch `name` at `startPoint` without upstream tracking. */
  createBranch(name: string, startPoint: string): Promise<void>
  /**
   * Points `ref` at `sha`. With `expected`, only while the ref still points there (an empty string: only
   * while it does not exist); git refuses otherwise, so a concurrent move is never overwritten.
   */
  updateRef(ref: string, sha: string, expected?: string): Promise<void>
  /** Deletes `ref` only while it still points at `expected`; false when it had moved (or was gone). */
  deleteRef(ref: string, expected: string): Promise<boolean>
  /** True when `ancestor` is `descendant` itself or in its history. */
  isAncestor(ancestor: string, descendant: string): Promise<boolean>
}

/** The remote: where branches are fetched from and pushed to. */
export interface GitRemotes {
  /** True when a remote of that name is configured. */
  hasRemote(remote: string): Promise<boolean>
  /** The URL `remote` fetches from. */
  remoteUrl(remote: string): Promise<string>
  /**
   * Fetches `branch` from `remote` into `refs/remotes/<remote>/<branch>`. Resolves false, and drops a stale
   * tracking ref, when the remote has no such branch.
   */
  fetchBranch(remote: string, branch: string): Promise<boolean>
  /**
   * The branches `remote` has whose full ref matches `pattern` (a glob such as `refs/heads/feature--*`); asks
   * the remote and writes nothing here, not even a tracking ref.
   */
  remoteBranches(remote: string, pattern: string): Promise<Set<string>>
  /**
   * Pushes local `branch` to the same name on `remote`. With `lease`, the push may rewrite the remote branch
   * only while it still points at that commit (an empty lease: only while it does not exist).
   */
  push(remote: string, branch: string, lease?: string): Promise<PushOutcome>
}

/** Worktrees: one checkout per task, and the scratch checkouts of trial merges (trial-merge.ts). */
export interface GitWorktrees {
  /** Every worktree of the repository, the main checkout first. */
  worktreeList(): Promise<WorktreeEntry[]>
  /** Adds a worktree at `path` on `branch`, creating the branch at `createFrom` when given. */
  worktreeAdd(path: string, branch: string, createFrom?: string): Promise<void>
  /**
   * Adds a worktree at `path` with HEAD detached at `commit` (a full commit id): no branch is made or moved.
   * A path git still has registered from an interrupted run whose folder is gone is reused.
   */
  worktreeAddDetached(path: string, commit: string): Promise<void>
  /** Removes the worktree at `path`, discarding uncommitted changes in it. */
  worktreeRemove(path: string): Promise<void>
  /** Forgets worktrees whose directories are gone. */
  worktreePrune(): Promise<void>
}

/** The index of the work tree in `dir`, and the commits made from it. */
export interface GitIndex {
  /** Stages every change in this work tree, including new and deleted files, honouring .gitignore. */
  addAll(): Promise<void>
  /** Stages `paths` as the work tree has them, even where .gitignore would leave them out. */
  stagePaths(paths: readonly string[]): Promise<void>
  /** Empties the index back to HEAD; the work tree keeps every change. */
  unstageAll(): Promise<void>
  /**
   * What the index would commit: every path that differs from HEAD (from the empty tree before the first
   * commit), with its new mode and object; deletions have mode `000000`. No renames, so both sides of a
   * move are listed.
   */
  stagedEntries(): Promise<StagedEntry[]>
  /** What turns tree (or commit) `from` into `to`, listed as stagedEntries lists the index's change. */
  treeChanges(from: string, to: string): Promise<StagedEntry[]>
  /** Paths that differ between `ref` and the work tree, committed or not, plus untracked files. */
  changedSince(ref: string): Promise<string[]>
  /**
   * Commits the index, or with `only` just those paths (other staged changes stay staged); trailers are
   * appended by git in its own format; `allowEmpty` records a commit that changes nothing. Resolves to the
   * new commit.
   */
  commit(
    message: string,
    who: Authorship,
    trailers?: Record<string, string>,
    only?: readonly string[],
    options?: { allowEmpty?: boolean }
  ): Promise<string>
}

/** Merging into the branch checked out in `dir`. */
export interface GitMerges {
  /**
   * Merges `ref` into the checked-out branch (with `noCommit`, leaves the merge staged and in progress).
   * On conflict the merge is left in progress and the unmerged paths are returned; any other failure throws.
   */
  merge(
    ref: string,
    message: string,
    committer: GitIdentity,
    mode: { noFastForward: boolean; noCommit?: boolean }
  ): Promise<{ ok: true } | { ok: false; conflicts: string[] }>
  /** True while a merge waits to be concluded in this work tree. */
  isMerging(): Promise<boolean>
  mergeAbort(): Promise<void>
  /** Paths that are still unmerged in the index. */
  unmergedFiles(): Promise<string[]>
  /**
   * Staged files, among those that differ from HEAD, with a line that opens or closes a conflict hunk. Only
   * `<<<<<<<` and `>>>>>>>` count: a bare `=======` is also a Markdown heading underline.
   */
  filesWithConflictMarkers(): Promise<string[]>
  /**
   * Merges commit `theirs` into commit `ours` without touching a work tree or an index (`git merge-tree
   * --write-tree`): the merged tree, or the paths that conflict. Undefined when this git is older than 2.38
   * and cannot; merge in a work tree then.
   */
  mergeTrees(
    ours: string,
    theirs: string
  ): Promise<{ ok: true; tree: string } | { ok: false; conflicts: string[] } | undefined>
  /** Concludes the merge in progress with `message`. Resolves to the merge commit. */
  commitMerge(message: string, committer: GitIdentity): Promise<string>
  /**
   * Moves the branch checked out here, with its index and files, to `commit` (a full commit id); git refuses
   * (and nothing moves) unless `commit` descends from the branch's head, so history is never rewritten.
   */
  fastForwardTo(commit: string): Promise<void>
}

/**
 * Plumbing: objects read and written directly, so that a branch nobody has checked out can gain commits
 * without a work tree or an index (the state store commits this way, with `updateRef`).
 */
export interface GitObjects {
  /** Stores `text` as a blob; resolves to its id. */
  writeBlob(text: string): Promise<string>
  /** The content of the blob `sha` (a symlink's target, for one). */
  blobText(sha: string): Promise<string>
  /** The text of `path` at `ref`, or undefined when the path does not exist there. */
  readBlob(ref: string, path: string): Promise<string | undefined>
  /** The entries directly inside `treeish` (a tree, or a commit's tree). */
  listTree(treeish: string): Promise<TreeEntry[]>
  /** Writes a tree holding exactly `entries` (git puts them in order); resolves to its id. */
  makeTree(entries: readonly TreeEntry[]): Promise<string>
  /** Writes a commit of `tree` on `parents` (none: a root commit); trailers end the message. */
  commitTree(
    tree: string,
    parents: readonly string[],
    message: string,
    who: Authorship,
    trailers?: Record<string, string>
  ): Promise<string>
}

/** The repository's own config file, read and cleaned (checkout-credentials.ts). */
export interface GitConfig {
  /**
   * Entries of the repository's own config file (`--local`, includes not followed), or of `file`, whose name
   * matches the extended regular expression `pattern`. Names come back as git prints them: section and key
   * lower-case.
   */
  configEntries(pattern: string, file?: string): Promise<{ key: string; value: string }[]>
  /**
   * Removes `key` from the repository's config file (or `file`): every value, or only the one equal to
   * `value`. No error when there is none. Never pass a secret: argv is visible to others.
   */
  configUnset(key: string, options?: { value?: string; file?: string }): Promise<void>
}

/** The git command manager: one method per git operation, grouped as above. */
export interface Git
  extends GitLocation, GitRefs, GitRemotes, GitWorktrees, GitIndex, GitMerges, GitObjects, GitConfig {}

/** The git command manager for the repository or worktree at `dir`. */
export function createGit(dir: string, options: GitOptions = {}): Git {
  return new GitRepository(dir, options)
}
