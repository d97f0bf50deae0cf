/**
 * Pushing a branch the way a run must: never overwrite someone else's commits. A rejected push of a shared
 * branch (the feature branch, pushed by other runners and by people) fetches the remote version, merges it
 * in, and tries again a bounded number of times. Only task branches of this run may be force-pushed, and
 * then only with a lease on the commit we last saw there.
 */
import type { Clock } from '../util/clock.js'
import type { Git, GitIdentity } from './git.js'
import type { PushResult } from './workspace.js'
import { ForcePushRefused, WorkspaceError } from './workspace-errors.js'

/** What pushBranch needs from the workspace. */
export interface PushContext {
  /** Git at the repository's checkout; refs and remotes are shared by all worktrees. */
  git: Git
  remote: string
  identity: GitIdentity
  clock: Clock
  pushAttempts: number
  retryDelayMs: number
  /** Runs `work` under the repository's mutex. */
  exclusive<T>(work: () => Promise<T>): Promise<T>
  /**
   * Runs `work` after every other push of `branch` by this workspace has ended: the push itself is a network
   * round trip and leaves the repository's mutex to the run's other git work, so pushes of one branch queue
   * here instead.
   */
  oneAtATime<T>(branch: string, work: () => Promise<T>): Promise<T>
  /** True when this run may rewrite `branch` on the remote. */
  mayForce(branch: string): boolean
  /** Git in a worktree where `branch` is checked out (call inside `exclusive`). */
  checkoutOf(branch: string): Promise<Git>
}

// `fetch first`: the remote has commits we do not; `non-fast-forward`: ours is not a descendant of theirs;
// `failed to update ref` / `cannot lock ref` / `incorrect old value`: another push of the same branch (another
// runner of the run) was landing at that moment, and the remote refused ours rather than wait for its lock.
const BEHIND = /fetch first|non-fast-forward|failed to update ref|cannot lock ref|incorrect old value/

/** Pushes `branch` to the remote, merging and retrying when the remote moved; see the file comment. */
export async function pushBranch(context: PushContext, branch: string, force: boolean): Promise<PushResult> {
  if (force && !context.mayForce(branch)) throw new ForcePushRefused(branch)
  return context.oneAtATime(branch, () => (force ? forcePush(context, branch) : pushShared(context, branch)))
}

async function forcePush(context: PushContext, branch: string): Promise<PushResult> {
  const { git, remote } = context
  // The lease is the last remote value we know of (none: the branch must not exist there yet).
  const lease = (await git.resolveCommit(`refs/remotes/${remote}/${branch}`)) ?? ''
  const outcome = await git.push(remote, branch, lease)
  if (!outcome.ok) {
    throw new WorkspaceError(
      `Force-push of ${branch} was rejected (${outcome.reason}): ${remote} has commits this run has not seen.`
    )
  }
  return { sha: await localSha(git, branch), attempts: 1, mergedRemote: false }
}

async function pushShared(context: PushContext, branch: string): Promise<PushResult> {
  const { git, remote } = context
  let mergedRemote = false
  for (let attempt = 1; ; attempt++) {
    // git reads the branch once, when the push starts; only merging the remote's version needs the mutex.
    const outcome = await git.push(remote, branch)
    if (!outcome.ok && BEHIND.test(outcome.reason) && attempt < context.pushAttempts) {
      await context.exclusive(() => mergeRemoteVersion(context, branch))
    }
    if (outcome.ok) return { sha: await localSha(git, branch), attempts: attempt, mergedRemote }
    if (!BEHIND.test(outcome.reason)) {
      throw new WorkspaceError(`${remote} rejected the push of ${branch}: ${outcome.reason}.`)
    }
    if (attempt >= context.pushAttempts) {
      throw new WorkspaceError(
        `${branch} was still behind ${remote} after ${attempt} merge-and-push attempts; someone keeps pushing to it. Try again later.`
      )
    }
    mergedRemote = true
    // The first retry follows at once (the merge is the fix); later ones back off outside the mutex.
    if (attempt > 1) await context.clock.sleep(context.retryDelayMs * (attempt - 1))
  }
}

async function localSha(git: Git, branch: string): Promise<string> {
  const sha = await git.resolveCommit(`refs/heads/${branch}`)
  if (!sha) throw new WorkspaceError(`Local branch ${branch} does not exist.`)
  return sha
}

async function mergeRemoteVersion(context: PushContext, branch: string): Promise<void> {
  const { git, remote } = context
  // Deleted on the remote meanwhile: the next push simply recreates it.
  if (!(await git.fetchBranch(remote, branch))) return
  const checkout = await context.checkoutOf(branch)
  if (await checkout.isMerging()) {
    throw new WorkspaceError(
      `A merge is in progress on ${branch} in ${checkout.dir}; finish it before pushing.`
    )
  }
  const tracking = `refs/remotes/${remote}/${branch}`
  const message = `Merge ${remote}/${branch} into ${branch}`
  const result = await checkout.merge(tracking, message, context.identity, { noFastForward: false })
  if (!result.ok) {
    await checkout.mergeAbort()
    throw new WorkspaceError(
      `${branch} on ${remote} has changes that conflict with this run's in ${result.conflicts.join(', ')}. ` +
        'Merge them by hand (or ask the team to), then run again.'
    )
  }
}
