/**
 * The Workspace port: the git operations the engine needs, in the engine's words. Task work happens in one
 * worktree per task, outside the repository's own work tree; integration happens in one worktree per feature
 * branch. The git adapter is git-workspace.ts.
 */
import type { GitIdentity } from './git.js'
import type { PathRules } from '../util/paths/path-rules.js'

export type { GitIdentity } from './git.js'

/** The feature branch a run builds on, and where it came from. */
export interface FeatureBranch {
  name: string
  sha: string
  /** `local`: the branch already existed here; `remote`: taken from the remote; `base`: newly created. */
  source: 'local' | 'remote' | 'base'
}

/** A task's private checkout. */
export interface TaskWorktree {
  taskId: string
  branch: string
  path: string
  /** The commit checked out when the worktree was made. */
  head: string
  /** True when the task branch already existed (a resumed task), false when it was created from `fromRef`. */
  resumed: boolean
}

/** A commit the caller composed; the workspace only records it. */
export interface CommitRequest {
  /** Subject and body, e.g. `T1: Add the login form`. */
  message: string
  author: GitIdentity
  /** Appended as `Key: value` trailers, e.g. `Agent-Role`, `Agent-Task`. */
  trailers?: Record<string, string>
}

/** The outcome of merging a task branch: the merge commit, or the files that conflict. */
export type MergeResult = { ok: true; sha: string; upToDate: boolean } | { ok: false; conflicts: string[] }

/**
 * A task branch merged onto the feature branch's head in a scratch worktree of its own (HEAD detached): the
 * feature branch has not moved. Check and fix it there (commitAll works in `path`), land it with
 * advanceFeature, and always removeWorktree(`path`) at the end, which also abandons a conflicted merge.
 */
export interface TrialMerge {
  /** The scratch worktree. */
  path: string
  /** The feature branch commit the merge was made on. */
  base: string
  /** On conflict the merge stays in progress in `path` until completeTrialMerge. */
  result: MergeResult
}

/** A task branch to merge without a trial, and the merge commit's message. */
export interface CleanMerge {
  taskBranch: string
  message: string
}

/**
 * How one merge of a batch went: landed (its merge commit `sha` is in the feature branch), or not: it must
 * be merged in a trial (it conflicts, this git is older than 2.38, or the feature branch moved meanwhile), or,
 * with `error`, it was refused (a change the path rules forbid).
 */
export type CleanLanding = { landed: true; sha: string } | { landed: false; error?: unknown }

/** Whether a trial landed: the feature branch now at `sha`, or still at `head`, which the trial lacks. */
export type AdvanceResult = { ok: true; sha: string } | { ok: false; head: string }

export interface PushOptions {
  /** Rewrite the remote branch (with a lease). Allowed only for task branches created by this run. */
  force?: boolean
}

export interface PushResult {
  /** The commit the remote branch now points at. */
  sha: string
  attempts: number
  /** True when the remote had moved on and its version was merged in before the push succeeded. */
  mergedRemote: boolean
}

export interface Workspace {
  /** The repository's top directory (the checkout the run started in). */
  readonly repoDir: string
  /** Makes `feature` exist locally: reuses a local or remote branch, or creates it from the remote `base`. */
  prepareFeatureBranch(base: string, feature: string): Promise<FeatureBranch>
  /**
   * Undoes prepareFeatureBranch for a run that will not build: removes the branch's integration worktree and,
   * when the branch was created from the base (`source: 'base'`) and still points where it was made, the
   * branch itself. A branch found here or on the remote, or one that has moved, stays.
   */
  discardFeatureBranch(branch: FeatureBranch): Promise<void>
  /** True when `branch` has commits that the base branch (as the remote has it, if any) does not. */
  isAheadOf(branch: string, base: string): Promise<boolean>
  /**
   * True when `branch` on the remote (fetched now) holds every commit of `commits`: another runner's merges
   * have been pushed. Without a remote, the local branch is asked.
   */
  branchHolds(branch: string, commits: readonly string[]): Promise<boolean>
  /** Adds a commit that changes no file to `branch` (checked out in its integration worktree). */
  commitEmpty(branch: string, request: CommitRequest): Promise<string>
  /**
   * Whether task branch `branch` is here or on the remote (an earlier attempt's work, which
   * createTaskWorktree resumes). The remote is listed once per feature branch.
   */
  taskBranchExists(branch: string): Promise<boolean>
  /** A worktree for the task on `branch`, reusing the branch if it exists, else creating it at `fromRef`. */
  createTaskWorktree(taskId: string, branch: string, fromRef: string): Promise<TaskWorktree>
  /**
   * The team config's path rules (protected paths, workflow edits). Until called, the strictest rules
   * apply: `.git`, gitlinks, symlinks out of the worktree and `.github/workflows/` are refused.
   */
  usePathRules(rules: PathRules): void
  /**
   * Commits every change in the worktree; resolves to the commit, or undefined when nothing changed.
   * A change that breaks the path rules is not committed: the index is reset and ForbiddenChange names
   * the paths. The trial merges (startTrialMerge, completeTrialMerge) check the merged change the same way
   * (and abort the merge).
   */
  commitAll(worktreePath: string, request: CommitRequest): Promise<string | undefined>
  /** Files changed in the worktree since `sinceRef`: committed, uncommitted and untracked, sorted. */
  changedFiles(worktreePath: string, sinceRef: string): Promise<string[]>
  /** Removes a worktree this workspace made; the branch stays. */
  removeWorktree(worktreePath: string): Promise<void>
  /** The worktree where `featureBranch` is checked out for merges and integration checks. */
  integrationWorktree(featureBranch: string): Promise<string>
  /**
   * Merges `taskBranch` (with a merge commit carrying `message`) onto the head of `featureBranch` in a new
   * scratch worktree, checking the merged change against the path rules; the feature branch does not move.
   */
  startTrialMerge(featureBranch: string, taskBranch: string, message: string): Promise<TrialMerge>
  /**
   * Merges each task branch in turn into `featureBranch` (a merge commit carrying its message, each on the one
   * before) and lands them at once, with no scratch worktree and no checks: the feature branch moves once for
   * the whole batch. Each merge's change is checked against the path rules. Answers one CleanLanding per
   * merge, in order; a merge that is not clean is skipped and the batch goes on without it.
   */
  landCleanMerges(featureBranch: string, merges: readonly CleanMerge[]): Promise<CleanLanding[]>
  /**
   * Commits the conflicted merge in the trial worktree at `path` once its files are resolved; refuses while
   * conflict markers remain.
   */
  completeTrialMerge(path: string, message: string): Promise<string>
  /**
   * Merges the commits `featureBranch` gained since the trial at `path` began into it (a merge commit), so
   * that it can land once checked again; resolves to the trial's new head.
   */
  catchUpTrial(path: string, featureBranch: string): Promise<string>
  /**
   * Merges one more task branch into the trial at `path` (a merge commit carrying `message`), its change
   * checked against the path rules, so that several tasks can be checked and land together. On a conflict or
   * a refused change the merge is undone and `ok` is false.
   */
  mergeIntoTrial(path: string, taskBranch: string, message: string): Promise<{ ok: boolean }>
  /**
   * Fast-forwards `featureBranch`, and its integration worktree with it, to the head of the trial at `path`.
   * Never rewrites the branch: when it has commits the trial lacks, nothing moves and `ok` is false.
   */
  advanceFeature(featureBranch: string, path: string): Promise<AdvanceResult>
  /** Pushes `branch` to the remote; see PushOptions for the force rule. */
  push(branch: string, options?: PushOptions): Promise<PushResult>
  /** The commit `ref` names; throws when it names none. */
  currentSha(ref: string): Promise<string>
  /** The tree of the commit `ref` names: what its files are; throws when it names none. */
  currentTree(ref: string): Promise<string>
  /** The text of `path` at `ref`, or undefined when it does not exist there. */
  readFileAt(ref: string, path: string): Promise<string | undefined>
}
