/**
 * The default StateStore: the state of every run of the repository on one orphan branch, `agent-team/state`,
 * at `runs/<run-key>/team-communication.json`, one commit per milestone, so the branch's history is the audit
 * log of every run.
 *
 * Commits are written with plumbing (blob, trees, commit, compare-and-swap ref update), not in a worktree:
 * - nothing is checked out, so the user's checkout, its index and its work tree are never touched, and there
 *   is no folder to create, lock, or leave behind when the runner dies;
 * - a push race is settled without a merge: our file is put into the remote tip's tree and committed on top
 *   of it. Other runs' files come along as they are, so runners never conflict, and nothing is forced;
 * - the local ref only moves from the value we read, so a writer we did not expect makes the save fail loudly
 *   instead of losing a commit.
 */
import { realpath } from 'node:fs/promises'
import type { Clock } from '../util/clock.js'
import { systemClock } from '../util/clock.js'
import { StateError } from '../util/errors.js'
import type { Logger } from '../util/logger.js'
import { silentLogger } from '../util/logger.js'
import { STATE_BRANCH } from '../workspace/branch-names.js'
import { createGit, type Git, type GitIdentity, type PushOutcome } from '../workspace/git.js'
import { DEFAULT_IDENTITY } from '../workspace/git-workspace.js'
import { mutexFor, type Mutex } from '../workspace/mutex.js'
import { runTrailers } from '../workspace/trailers.js'
import { serializeRunState } from './load-state.js'
import type { RunState } from './run-state.js'
import { assertMilestone, assertRunKey, parseStoredState, type StateStore } from './state-store.js'

export interface BranchStateStoreOptions {
  /** The repository's checkout (any directory inside it); only its objects and refs are used. */
  repoDir: string
  /** Default: `origin`. Without it (the CLI in a local repository) state is committed locally only. */
  remote?: string
  /** Author and committer of state commits. Default: github-actions[bot]. */
  identity?: GitIdentity
  env?: NodeJS.ProcessEnv
  logger?: Logger
  clock?: Clock
  /** Pushes tried before giving up while other runners keep pushing. Default: 5. */
  pushAttempts?: number
  /** The pause before the third and later attempts grows by this much each time. Default: 500 ms. */
  retryDelayMs?: number
}

/** Where the state of run `runKey` lives on the state branch. */
export function stateFilePath(runKey: string): string {
  return `runs/${runKey}/team-communication.json`
}

const LOCAL_REF = `refs/heads/${STATE_BRANCH}`

// Behind the remote (`fetch first`, `non-fast-forward`), or another push updated the ref during ours.
const RACED = /fetch first|non-fast-forward|cannot lock ref|failed to update ref|incorrect old value/i

/** Opens the state branch of the repository at `options.repoDir`. */
export async function openBranchStateStore(options: BranchStateStoreOptions): Promise<StateStore> {
  const git = createGit(options.repoDir, { env: options.env, logger: options.logger })
  const commonDir = await realpath(await git.commonDir())
  const remote = options.remote ?? 'origin'
  return new BranchStateStore({
    git,
    remote,
    hasRemote: await git.hasRemote(remote),
    identity: options.identity ?? DEFAULT_IDENTITY,
    // The Workspace's own mutex (same key): refs and FETCH_HEAD are shared with its fetches and pushes.
    repoMutex: mutexFor(commonDir),
    // Whole saves queue on their own lock, so a later save of a run can never land before an earlier one.
    saveMutex: mutexFor(`${commonDir}\0state-saves`),
    clock: options.clock ?? systemClock,
    pushAttempts: options.pushAttempts ?? 5,
    retryDelayMs: options.retryDelayMs ?? 500,
    logger: options.logger ?? silentLogger
  })
}

interface Settings {
  git: Git
  remote: string
  hasRemote: boolean
  identity: GitIdentity
  repoMutex: Mutex
  saveMutex: Mutex
  clock: Clock
  pushAttempts: number
  retryDelayMs: number
  logger: Logger
}

class BranchStateStore implements StateStore {
  private readonly trackingRef: string

  constructor(private readonly settings: Settings) {
    this.trackingRef = `refs/remotes/${settings.remote}/${STATE_BRANCH}`
  }

  async load(runKey: string): Promise<RunState | undefined> {
    assertRunKey(runKey)
    const { git, remote, hasRemote } = this.settings
    const path = stateFilePath(runKey)
    const text = await this.settings.repoMutex.runExclusive(async () => {
      if (hasRemote) await git.fetchBranch(remote, STATE_BRANCH)
      const { tip } = await this.tip()
      return tip === undefined ? undefined : git.readBlob(tip, path)
    })
    return text === undefined ? undefined : parseStoredState(text, `${STATE_BRANCH}:${path}`, runKey)
  }

  async save(state: RunState, milestone: string): Promise<void> {
    assertMilestone(milestone)
    assertRunKey(state.run.key)
    // Refuses an invalid state before anything is written.
    const text = serializeRunState(state)
    await this.settings.saveMutex.runExclusive(() => this.commitAndPush(state.run.key, text, milestone))
  }

  private async commitAndPush(runKey: string, text: string, milestone: string): Promise<void> {
    const { git, remote, hasRemote, clock, pushAttempts, retryDelayMs, logger } = this.settings
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.settings.repoMutex.runExclusive(async (): Promise<PushOutcome> => {
        const commit = await this.commit(runKey, text, milestone)
        logger.debug(`state of ${runKey} committed as ${commit} (${milestone})`)
        if (!hasRemote) return { ok: true }
        const pushed = await git.push(remote, STATE_BRANCH)
        // The next attempt rebuilds on what the remote now has.
        if (!pushed.ok && RACED.test(pushed.reason)) await git.fetchBranch(remote, STATE_BRANCH)
        return pushed
      })
      if (outcome.ok) return
      if (!RACED.test(outcome.reason)) {
        throw new StateError(
          `${remote} refused the push of ${STATE_BRANCH} (${outcome.reason}), so the state of ${runKey} is only ` +
            `committed locally. Let the workflow push to ${STATE_BRANCH} (permissions: contents: write, and no ` +
            'branch rule that blocks it), or choose state: feature-branch.'
        )
      }
      if (attempt >= pushAttempts) {
        throw new StateError(
          `${STATE_BRANCH} on ${remote} moved during each of ${attempt} attempts to save "${milestone}": other ` +
            'runs keep pushing to it. Run again to resume from the last saved milestone.'
        )
      }
      // The first retry follows at once (rebuilding on the new tip is the fix); later ones give others room.
      if (attempt > 1) await clock.sleep(retryDelayMs * (attempt - 1))
    }
  }

  /** Commits `text` as the run's file on the tip and moves the local branch there. Call in the mutex. */
  private async commit(runKey: string, text: string, milestone: string): Promise<string> {
    const { git, remote, hasRemote, identity } = this.settings
    const checkout = (await git.worktreeList()).find(entry => entry.branch === STATE_BRANCH)
    if (checkout) {
      throw new StateError(
        `${STATE_BRANCH} is checked out in ${checkout.path}; switch that checkout to another branch so the ` +
          'state can be committed without changing its files.'
      )
    }
    let refs = await this.tip()
    // Known neither here nor from an earlier fetch: ask the remote before starting a new history.
    if (refs.tip === undefined && hasRemote && (await git.fetchBranch(remote, STATE_BRANCH))) {
      refs = await this.tip()
    }
    const parent = refs.tip
    const blob = await git.writeBlob(text)
    const tree = await treeWithFile(git, parent, stateFilePath(runKey).split('/'), blob)
    const who = { author: identity, committer: identity }
    const commit = await git.commitTree(tree, parent ? [parent] : [], milestone, who, runTrailers(runKey))
    await git.updateRef(LOCAL_REF, commit, refs.local ?? '')
    return commit
  }

  /**
   * The commit new state builds on and state is read from: the local branch while it holds everything the
   * remote had (it may be ahead by commits not pushed yet), otherwise the remote's tip; and where the local
   * branch is now. Call in the mutex.
   */
  private async tip(): Promise<{ tip?: string; local?: string }> {
    const { git, hasRemote } = this.settings
    const local = await git.resolveCommit(LOCAL_REF)
    const tracking = hasRemote ? await git.resolveCommit(this.trackingRef) : undefined
    if (tracking === undefined || tracking === local) return { tip: local, local }
    if (local === undefined) return { tip: tracking, local }
    return { tip: (await git.isAncestor(tracking, local)) ? local : tracking, local }
  }
}

/**
 * The tree of `base` (none: an empty tree) with the blob at `path` replaced; every other entry is kept. Only
 * the trees along the path are rewritten.
 */
async function treeWithFile(
  git: Git,
  base: string | undefined,
  path: readonly string[],
  blob: string
): Promise<string> {
  const [name, ...rest] = path
  if (name === undefined) throw new StateError('A state file path cannot be empty.')
  const entries = base === undefined ? [] : await git.listTree(base)
  const existing = entries.find(entry => entry.name === name)
  const others = entries.filter(entry => entry !== existing)
  if (rest.length === 0) return git.makeTree([...others, { mode: '100644', type: 'blob', sha: blob, name }])
  const below = existing?.type === 'tree' ? existing.sha : undefined
  const sha = await treeWithFile(git, below, rest, blob)
  return git.makeTree([...others, { mode: '040000', type: 'tree', sha, name }])
}
