/**
 * Trial merges: a task branch is merged onto the feature branch's head in a scratch worktree of its own
 * (detached HEAD, so no branch moves), where the checks run and fixes are committed. Only a commit that
 * passed lands, by fast-forwarding the feature branch to it in its integration worktree: the feature branch
 * never points at an untested merge, and a merge that is abandoned never touched it.
 */
import { mkdir, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { PathRules } from '../util/paths/path-rules.js'
import type { Git, GitIdentity } from './git.js'
import { assertStagedChangeAllowed } from './staged-check.js'
import type { AdvanceResult, TrialMerge } from './workspace.js'
import { WorkspaceError } from './workspace-errors.js'

/** What trial merges need from the workspace. */
export interface TrialContext {
  /** Git at the repository's checkout; refs are shared by all worktrees. */
  git: Git
  gitAt(dir: string): Git
  /** Committer of merge commits. */
  identity: GitIdentity
  pathRules: PathRules
  /** Runs `work` under the repository's mutex (not re-entrant). */
  exclusive<T>(work: () => Promise<T>): Promise<T>
  /** The worktree where `featureBranch` is checked out (call inside `exclusive`). */
  integrationPath(featureBranch: string): Promise<string>
  /** Where the scratch worktree for merging `taskBranch` goes (inside the workspace's own folder). */
  trialPath(taskBranch: string): string
  removeWorktree(path: string): Promise<void>
}

/** Merges `taskBranch` onto the head of `featureBranch` in a new scratch worktree; see TrialMerge. */
export async function startTrialMerge(
  c: TrialContext,
  featureBranch: string,
  taskBranch: string,
  message: string
): Promise<TrialMerge> {
  const path = c.trialPath(taskBranch)
  const base = await c.exclusive(async () => {
    const head = await c.git.resolveCommit(`refs/heads/${featureBranch}`)
    if (!head)
      throw new WorkspaceError(`Feature branch ${featureBranch} does not exist here; prepare it first.`)
    if (!(await c.git.resolveCommit(`refs/heads/${taskBranch}`))) {
      throw new WorkspaceError(`Task branch ${taskBranch} does not exist; nothing to merge.`)
    }
    // A folder left by an interrupted run is ours and stale; `worktree add --force` reuses its registration.
    await rm(path, { recursive: true, force: true })
    await mkdir(dirname(path), { recursive: true })
    await c.git.worktreeAddDetached(path, head)
    return head
  })
  try {
    const result = await c.exclusive(async () => {
      const git = c.gitAt(path)
      // --no-commit: the merged change is checked against the path rules before it becomes a commit.
      const merged = await git.merge(taskBranch, message, c.identity, { noFastForward: true, noCommit: true })
      if (!merged.ok) return merged
      if (await git.isMerging()) {
        await assertStagedChangeAllowed(git, c.pathRules, () => git.mergeAbort())
        await git.commitMerge(message, c.identity)
      }
      const sha = await headOf(git)
      return { ok: true as const, sha, upToDate: sha === base }
    })
    return { path, base, result }
  } catch (error) {
    await c.removeWorktree(path).catch(() => undefined)
    throw error
  }
}

/**
 * Commits the merge in progress in `git`'s work tree once its conflicts are resolved: every change is
 * staged, conflict markers are refused, and the change is checked against the path rules (aborting the
 * merge when it breaks them). Call inside the mutex.
 */
export async function concludeMerge(
  git: Git,
  rules: PathRules,
  committer: GitIdentity,
  message: string,
  what: string
): Promise<string> {
  if (!(await git.isMerging())) throw new WorkspaceError(`No merge into ${what} is in progress.`)
  await git.addAll()
  const marked = await git.filesWithConflictMarkers()
  if (marked.length > 0) {
    throw new WorkspaceError(
      `Conflict markers remain in ${marked.join(', ')}; resolve them, then complete the merge into ${what} again.`
    )
  }
  await assertStagedChangeAllowed(git, rules, () => git.mergeAbort())
  return git.commitMerge(message, committer)
}

/**
 * Merges the commits `featureBranch` gained since the trial began (the run state, when it lives on the
 * feature branch, is committed there meanwhile) into the trial, so it can land as a fast-forward once
 * checked again. Resolves to the trial's new head; throws, with the merge undone, on a conflict.
 */
export async function catchUpTrial(c: TrialContext, path: string, featureBranch: string): Promise<string> {
  return c.exclusive(async () => {
    const git = c.gitAt(path)
    const head = await headOf(c.git, `refs/heads/${featureBranch}`)
    const message = `Merge ${featureBranch} (it moved while this merge was checked)`
    const result = await git.merge(head, message, c.identity, { noFastForward: false })
    if (!result.ok) {
      await git.mergeAbort()
      throw new WorkspaceError(
        `${featureBranch} moved while a merge was checked, and its new commits conflict in ${result.conflicts.join(', ')}.`
      )
    }
    return headOf(git)
  })
}

/**
 * Lands the trial: fast-forwards `featureBranch`, and the files of its integration worktree with it, to the
 * trial's head. Refuses (`ok: false`) when the branch has commits the trial lacks; catchUpTrial, check again.
 */
export async function advanceFeature(
  c: TrialContext,
  featureBranch: string,
  path: string
): Promise<AdvanceResult> {
  return c.exclusive(async () => {
    const trial = c.gitAt(path)
    if (await trial.isMerging()) {
      throw new WorkspaceError(`The merge in ${path} is not concluded; complete it before it can land.`)
    }
    const tested = await headOf(trial)
    const head = await headOf(c.git, `refs/heads/${featureBranch}`)
    if (!(await c.git.isAncestor(head, tested))) return { ok: false, head }
    if (head !== tested) {
      const integration = c.gitAt(await c.integrationPath(featureBranch))
      if (await integration.isMerging()) {
        throw new WorkspaceError(
          `A merge into ${featureBranch} is in progress in ${integration.dir}; complete or abort it first.`
        )
      }
      // In the worktree that has the branch checked out, so its index and files follow the branch.
      await integration.fastForwardTo(tested)
    }
    return { ok: true, sha: tested }
  })
}

async function headOf(git: Git, ref = 'HEAD'): Promise<string> {
  const sha = await git.resolveCommit(ref)
  if (!sha) throw new WorkspaceError(`${ref} does not name a commit in ${git.dir}.`)
  return sha
}
