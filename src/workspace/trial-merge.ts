/**
 * Trial merges: a task branch is merged onto the feature branch's head in a scratch worktree of its own
 * (detached HEAD, so no branch moves), where the checks run and fixes are committed. Only a commit that
 * passed lands, by fast-forwarding the feature branch to it in its integration worktree: the feature branch
 * never points at an untested merge, and a merge that is abandoned never touched it.
 *
 * A merge that is clean is made without a work tree (`git merge-tree`, git 2.38+), which is a few processes
 * where a merge in a worktree is a dozen; only a conflict is merged in the worktree, for an agent to resolve.
 */
import { mkdir, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { PathRules } from '../util/paths/path-rules.js'
import type { Git, GitIdentity } from './git.js'
import type { Mutex } from './mutex.js'
import { assertStagedChangeAllowed, changeRefusals, ForbiddenChange } from './staged-check.js'
import type { AdvanceResult, CleanLanding, CleanMerge, TrialMerge } from './workspace.js'
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
  /** The lock every worktree add and remove takes (git-workspace.ts); taken inside `exclusive`, never around it. */
  worktreeChanges(): Mutex
}

/**
 * Merges `taskBranch` onto the head of `featureBranch` in a new scratch worktree; see TrialMerge. A clean
 * merge is made without a work tree and the scratch worktree checked out at it; one that conflicts is made
 * in the worktree, where it stays in progress for an agent to resolve.
 */
export async function startTrialMerge(
  c: TrialContext,
  featureBranch: string,
  taskBranch: string,
  message: string
): Promise<TrialMerge> {
  const path = c.trialPath(taskBranch)
  const base = await headOf(c.git, `refs/heads/${featureBranch}`, featureMissing(featureBranch))
  const clean = await cleanMerge(c, base, taskBranch, message)
  await c.exclusive(async () => {
    // A folder left by an interrupted run is ours and stale; `worktree add --force` reuses its registration.
    await rm(path, { recursive: true, force: true })
    await mkdir(dirname(path), { recursive: true })
    await c.worktreeChanges().runExclusive(() => c.git.worktreeAddDetached(path, clean?.sha ?? base))
  })
  if (clean) return { path, base, result: { ok: true, ...clean } }
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
 * Merges each task branch in turn into `featureBranch`, every merge commit on the one before, and lands the
 * last with one fast-forward: for a team without checks, clean merges have nothing to wait for, and a batch
 * of them costs one move of the branch and its integration worktree. See Workspace.landCleanMerges.
 */
export async function landCleanMerges(
  c: TrialContext,
  featureBranch: string,
  merges: readonly CleanMerge[]
): Promise<CleanLanding[]> {
  const base = await headOf(c.git, `refs/heads/${featureBranch}`, featureMissing(featureBranch))
  let head = base
  const landings: CleanLanding[] = []
  for (const merge of merges) {
    try {
      const clean = await cleanMerge(c, head, merge.taskBranch, merge.message)
      if (clean) head = clean.sha
      landings.push(clean ? { landed: true, sha: clean.sha } : { landed: false })
    } catch (error) {
      landings.push({ landed: false, error })
    }
  }
  if (head === base || (await advanceFeatureTo(c, featureBranch, head, base)).ok) return landings
  // The branch moved under the batch: nothing landed, and each merge is made again in a trial.
  return landings.map(landing => (landing.landed ? { landed: false } : landing))
}

/**
 * The merge commit of `taskBranch` onto `base`, made without a work tree (`git merge-tree`), its change
 * checked against the path rules as a merge in a worktree is; `base` itself when the task branch is in it
 * already. Undefined when the merge conflicts or this git cannot make it so.
 */
async function cleanMerge(
  c: TrialContext,
  base: string,
  taskBranch: string,
  message: string
): Promise<{ sha: string; upToDate: boolean } | undefined> {
  const task = await headOf(
    c.git,
    `refs/heads/${taskBranch}`,
    `Task branch ${taskBranch} does not exist; nothing to merge.`
  )
  const merged = await c.git.mergeTrees(base, task)
  if (!merged?.ok) return undefined
  // The task branch is in `base` already: nothing to merge (asked only when the merge changes nothing).
  const unchanged = merged.tree === (await c.git.resolveTree(base))
  if (unchanged && (await c.git.isAncestor(task, base))) return { sha: base, upToDate: true }
  const refusals = await changeRefusals(c.git, c.pathRules, await c.git.treeChanges(base, merged.tree))
  if (refusals.length > 0) throw new ForbiddenChange(refusals)
  const sha = await c.git.commitTree(merged.tree, [base, task], message, {
    author: c.identity,
    committer: c.identity
  })
  return { sha, upToDate: false }
}

function featureMissing(featureBranch: string): string {
  return `Feature branch ${featureBranch} does not exist here; prepare it first.`
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
 * Merges `taskBranch` into the trial at `path` as one more merge commit, its change checked against the path
 * rules like the trial's first merge; a conflict or a refused change is undone and answers `ok: false`.
 */
export async function mergeIntoTrial(
  c: TrialContext,
  path: string,
  taskBranch: string,
  message: string
): Promise<{ ok: boolean }> {
  return c.exclusive(async () => {
    const git = c.gitAt(path)
    const merged = await git.merge(taskBranch, message, c.identity, { noFastForward: true, noCommit: true })
    if (!merged.ok) {
      await git.mergeAbort()
      return { ok: false }
    }
    if (!(await git.isMerging())) return { ok: true }
    try {
      await assertStagedChangeAllowed(git, c.pathRules, () => git.mergeAbort())
    } catch (error) {
      if (error instanceof ForbiddenChange) return { ok: false }
      throw error
    }
    await git.commitMerge(message, c.identity)
    return { ok: true }
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
  const trial = c.gitAt(path)
  if (await trial.isMerging()) {
    throw new WorkspaceError(`The merge in ${path} is not concluded; complete it before it can land.`)
  }
  return advanceFeatureTo(c, featureBranch, await headOf(trial))
}

/**
 * Fast-forwards `featureBranch` and its integration worktree to commit `tested`; see advanceFeature. `builtOn`:
 * a commit `tested` is known to descend from, which spares the ancestry test while the branch is still there.
 */
async function advanceFeatureTo(
  c: TrialContext,
  featureBranch: string,
  tested: string,
  builtOn?: string
): Promise<AdvanceResult> {
  return c.exclusive(async () => {
    const head = await headOf(c.git, `refs/heads/${featureBranch}`)
    if (head !== builtOn && !(await c.git.isAncestor(head, tested))) return { ok: false, head }
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

async function headOf(git: Git, ref = 'HEAD', missing?: string): Promise<string> {
  const sha = await git.resolveCommit(ref)
  if (!sha) throw new WorkspaceError(missing ?? `${ref} does not name a commit in ${git.dir}.`)
  return sha
}
