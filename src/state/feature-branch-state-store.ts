/**
 * The StateStore for `state: feature-branch`: the classic layout, `.ai-agents/state/team-communication.json`
 * committed on the run's own feature branch, for repositories whose other tools read that file there.
 *
 * The commit is made in the feature branch's integration worktree, which the orchestrator's Workspace owns,
 * and the Workspace pushes it: the file must be in that worktree's index and work tree too, or the next merge
 * or commit there would undo it.
 */
import { lstat, mkdir, realpath, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { StateError } from '../util/errors.js'
import type { Logger } from '../util/logger.js'
import { createGit, type GitIdentity } from '../workspace/git.js'
import { DEFAULT_IDENTITY } from '../workspace/git-workspace.js'
import { Mutex, mutexFor } from '../workspace/mutex.js'
import { runTrailers } from '../workspace/trailers.js'
import { serializeRunState } from './load-state.js'
import type { RunState } from './run-state.js'
import { assertMilestone, parseStoredState, stateCommitMessage, type StateStore } from './state-store.js'

/** Where the classic layout keeps the state, relative to the repository's top. */
export const CLASSIC_STATE_PATH = '.ai-agents/state/team-communication.json'

export interface FeatureBranchStateStoreOptions {
  /** The run's feature branch; it must exist (prepared by the Workspace) before the first load or save. */
  featureBranch: string
  /** The worktree where `featureBranch` is checked out: the Workspace's `integrationWorktree`. */
  worktreeFor(featureBranch: string): Promise<string>
  /** Pushes `branch`: the Workspace's `push`, or nothing in a repository without a remote. */
  push(branch: string): Promise<unknown>
  /** Author and committer of state commits. Default: github-actions[bot]. */
  identity?: GitIdentity
  env?: NodeJS.ProcessEnv
  logger?: Logger
}

/** The classic-layout store for one run's feature branch. */
export function createFeatureBranchStateStore(options: FeatureBranchStateStoreOptions): StateStore {
  const { featureBranch } = options
  const identity = options.identity ?? DEFAULT_IDENTITY
  const gitAt = (dir: string) => createGit(dir, { env: options.env, logger: options.logger })
  // Whole saves queue, so a later save of the run never lands before an earlier one.
  const saves = new Mutex()
  // The text this store last committed: a state that differs from it is a change without reading the file
  // back from the branch (three git processes at every milestone).
  let committed: string | undefined

  return {
    async load(runKey) {
      const git = gitAt(await options.worktreeFor(featureBranch))
      const text = await git.readBlob('HEAD', CLASSIC_STATE_PATH)
      if (text === undefined) return undefined
      return parseStoredState(text, `${featureBranch}:${CLASSIC_STATE_PATH}`, runKey)
    },

    async save(state: RunState, milestone: string, covered?: readonly string[]) {
      assertMilestone(milestone)
      const branch = state.run.feature_branch
      if (branch !== undefined && branch !== featureBranch) {
        throw new StateError(`The state of ${state.run.key} belongs on ${branch}, not on ${featureBranch}.`)
      }
      // Refuses an invalid state before anything is written.
      const text = serializeRunState(state)
      await saves.runExclusive(async () => {
        const dir = await options.worktreeFor(featureBranch)
        const git = gitAt(dir)
        // The Workspace's mutex (same key): its merges and commits use this worktree's index too.
        const repoMutex = mutexFor(await realpath(await git.commonDir()))
        await repoMutex.runExclusive(async () => {
          if (await git.isMerging()) {
            throw new StateError(
              `A merge into ${featureBranch} is in progress in ${dir}; ` +
                'save the state after it is completed or aborted.'
            )
          }
          const maybeSame = committed === undefined || committed === text
          if (maybeSame && (await git.readBlob('HEAD', CLASSIC_STATE_PATH)) === text) return
          await writePlainFile(dir, CLASSIC_STATE_PATH, text)
          await git.stagePaths([CLASSIC_STATE_PATH])
          const who = { author: identity, committer: identity }
          const message = stateCommitMessage(milestone, covered)
          // Only the state file: whatever else is staged in the worktree is not ours to commit.
          await git.commit(message, who, runTrailers(state.run.key), [CLASSIC_STATE_PATH])
          committed = text
        })
        await options.push(featureBranch)
      })
    }
  }
}

/**
 * Writes `path` under `root`, refusing a symbolic link (or anything but a folder) along the way: the feature
 * branch carries the agents' work, and a link planted there must not redirect the engine's write.
 */
async function writePlainFile(root: string, path: string, text: string): Promise<void> {
  const parts = path.split('/')
  for (let depth = 1; depth <= parts.length; depth++) {
    const at = join(root, ...parts.slice(0, depth))
    const stat = await lstat(at).catch(() => undefined)
    if (stat === undefined) break
    const plain = depth < parts.length ? stat.isDirectory() : stat.isFile()
    if (stat.isSymbolicLink() || !plain) {
      throw new StateError(
        `${parts.slice(0, depth).join('/')} in ${root} is not a plain ${depth < parts.length ? 'folder' : 'file'}; ` +
          `remove it from the branch so the run state can be written to ${path}.`
      )
    }
  }
  await mkdir(dirname(join(root, path)), { recursive: true })
  await writeFile(join(root, path), text)
}
