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
 *
 * Saves are cheap, because a run saves at every milestone (state-files.ts says what a save writes):
 * - the store remembers the tree of the tip it committed last (the entries of the root and of `runs/`) and
 *   the blobs it wrote for each run, so a save on top of its own commit writes only changed blobs, the trees
 *   along the path and the commit, and lists nothing. When the tip moved (another runner pushed), the push
 *   says so, and the next attempt lists the new tip's trees;
 * - whether the branch is checked out somewhere is asked once per store, not at every save;
 * - the repository's mutex, shared with the Workspace's merges, fetches and pushes, is held only around what
 *   touches refs or FETCH_HEAD (fetch, update-ref, push). Blobs, trees and commits are written outside it:
 *   objects are named by their content and git writes each one to a temporary file it renames into place,
 *   so concurrent writers cannot corrupt one another, and an object nothing points at yet changes nothing.
 */
import { realpath } from 'node:fs/promises'
import type { Clock } from '../util/clock.js'
import { systemClock } from '../util/clock.js'
import { StateError } from '../util/errors.js'
import type { Logger } from '../util/logger.js'
import { silentLogger } from '../util/logger.js'
import { STATE_BRANCH } from '../workspace/branch-names.js'
import { createGit, type Git, type GitIdentity, type TreeEntry } from '../workspace/git.js'
import { readBlobs, writeBlobs, type BlobIo } from '../workspace/git-blobs.js'
import { DEFAULT_IDENTITY } from '../workspace/git-workspace.js'
import { mutexFor, type Mutex } from '../workspace/mutex.js'
import { runTrailers } from '../workspace/trailers.js'
import type { RunState } from './run-state.js'
import {
  assembleRunState,
  isSplit,
  RUN_FILE,
  runFilesOf,
  TASKS_FOLDER,
  type RunFiles
} from './state-files.js'
import {
  assertMilestone,
  assertRunKey,
  parseStoredState,
  stateCommitMessage,
  stateOfRun,
  type MergeOnRace,
  type StateStore
} from './state-store.js'

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
  /** Pushes tried before giving up while other runners keep pushing. Default: 8. */
  pushAttempts?: number
  /** The pause before the third and later attempts grows by this much each time. Default: 500 ms. */
  retryDelayMs?: number
}

/** Where the state of run `runKey` lives on the state branch. */
export function stateFilePath(runKey: string): string {
  return `runs/${runKey}/${RUN_FILE}`
}

const LOCAL_REF = `refs/heads/${STATE_BRANCH}`

// Behind the remote (`fetch first`, `non-fast-forward`), or another push updated the ref during ours.
const RACED = /fetch first|non-fast-forward|cannot lock ref|failed to update ref|incorrect old value/i

/** Opens the state branch of the repository at `options.repoDir`. */
export async function openBranchStateStore(options: BranchStateStoreOptions): Promise<StateStore> {
  const io: BlobIo = { dir: options.repoDir, env: options.env, logger: options.logger }
  const git = createGit(options.repoDir, { env: options.env, logger: options.logger, batchRefReads: true })
  const commonDir = await realpath(await git.commonDir())
  const remote = options.remote ?? 'origin'
  return new BranchStateStore({
    git,
    io,
    remote,
    hasRemote: await git.hasRemote(remote),
    identity: options.identity ?? DEFAULT_IDENTITY,
    // The Workspace's own mutex (same key): refs and FETCH_HEAD are shared with its fetches and pushes.
    repoMutex: mutexFor(commonDir),
    // Whole saves queue on their own lock, so a later save of a run can never land before an earlier one.
    saveMutex: mutexFor(`${commonDir}\0state-saves`),
    clock: options.clock ?? systemClock,
    pushAttempts: options.pushAttempts ?? 8,
    retryDelayMs: options.retryDelayMs ?? 500,
    logger: options.logger ?? silentLogger
  })
}

interface Settings {
  git: Git
  io: BlobIo
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

/** The tip this store committed last, and what it takes to build on it without listing a tree. */
interface OwnTip {
  commit: string
  root: TreeEntry[]
  runs: TreeEntry[]
}

/** What the next commit builds on: a commit (none on a new branch), its trees, and where the local ref is. */
interface Base extends OwnTip {
  /** The commit the local branch must still point at for the update to go through ('' for none). */
  local: string
}

/** A file this store wrote for a run: its text and its blob. */
interface Written {
  text: string
  blob: string
}

class BranchStateStore implements StateStore {
  private readonly trackingRef: string
  private ownTip: OwnTip | undefined
  /** Per run key, per file of the run's folder: what was written, so unchanged files keep their blobs. */
  private readonly written = new Map<string, Map<string, Written>>()
  private checkoutChecked = false

  constructor(private readonly settings: Settings) {
    this.trackingRef = `refs/remotes/${settings.remote}/${STATE_BRANCH}`
  }

  async load(runKey: string): Promise<RunState | undefined> {
    assertRunKey(runKey)
    const { git, remote, hasRemote, repoMutex } = this.settings
    const { tip } = await repoMutex.runExclusive(async () => {
      if (hasRemote) await git.fetchBranch(remote, STATE_BRANCH)
      return this.tip()
    })
    return tip === undefined ? undefined : this.stateAt(tip, runKey)
  }

  /** The state of run `runKey` in commit `tip` of the state branch, or undefined when it has none. */
  private async stateAt(tip: string, runKey: string): Promise<RunState | undefined> {
    const { git } = this.settings
    const path = stateFilePath(runKey)
    const source = `${STATE_BRANCH}:${path}`
    const text = await git.readBlob(tip, path)
    if (text === undefined) return undefined
    if (!isSplit(text)) return parseStoredState(text, source, runKey)
    const folder = (await git.listTree(`${tip}:runs/${runKey}`)).find(
      entry => entry.name === TASKS_FOLDER && entry.type === 'tree'
    )
    if (folder === undefined) {
      throw new StateError(
        `${source} says its tasks are in runs/${runKey}/${TASKS_FOLDER}/, which is not on ${STATE_BRANCH}. ` +
          `Delete ${path} to start the run over (the task branches and the pull request stay as they are).`
      )
    }
    const entries = (await git.listTree(folder.sha)).filter(entry => entry.type === 'blob')
    const texts = await readBlobs(
      this.settings.io,
      entries.map(entry => entry.sha)
    )
    // readBlobs answers one text per id, in order, or throws.
    const state = assembleRunState(
      text,
      entries.map((entry, index) => ({ name: entry.name, text: texts[index]! })),
      source
    )
    return stateOfRun(state, source, runKey)
  }

  async save(
    state: RunState,
    milestone: string,
    covered?: readonly string[],
    mergeOnRace?: MergeOnRace
  ): Promise<RunState> {
    assertMilestone(milestone)
    assertRunKey(state.run.key)
    // Refuses an invalid state before anything is written.
    const files = runFilesOf(state)
    const message = stateCommitMessage(milestone, covered)
    return this.settings.saveMutex.runExclusive(() =>
      this.commitAndPush({ state, files }, message, mergeOnRace)
    )
  }

  private async commitAndPush(
    ours: { state: RunState; files: RunFiles },
    message: string,
    mergeOnRace: MergeOnRace | undefined
  ): Promise<RunState> {
    const { git, remote, hasRemote, repoMutex, clock, pushAttempts, retryDelayMs, logger } = this.settings
    const runKey = ours.state.run.key
    await this.refuseCheckedOut()
    let { state, files } = ours
    for (let attempt = 1; ; attempt++) {
      const ownBase = this.ownTip !== undefined
      const base = this.ownTip ? { ...this.ownTip, local: this.ownTip.commit } : await this.readBase()
      // Built on a tip this store did not commit (the first save, or after a race): another runner of the
      // same run may have committed there, and its state is the base this runner's events go on.
      const theirs =
        !ownBase && mergeOnRace && base.commit !== '' ? await this.stateAt(base.commit, runKey) : undefined
      if (theirs !== undefined && mergeOnRace) {
        state = mergeOnRace(theirs)
        files = runFilesOf(state)
      }
      const built = await this.build(base, runKey, files, message)
      const outcome = await repoMutex.runExclusive(async () => {
        try {
          await git.updateRef(LOCAL_REF, built.commit, base.local)
        } catch (error) {
          // Our own tip was moved by someone else in this repository: rebuild on whatever is there now.
          if (this.ownTip === undefined) throw error
          this.ownTip = undefined
          return { ok: false as const, reason: 'the local branch moved' }
        }
        this.ownTip = { commit: built.commit, root: built.root, runs: built.runs }
        this.remember(runKey, built.files)
        logger.debug(`state of ${runKey} committed as ${built.commit} (${message.split('\n')[0]})`)
        return { ok: true as const }
      })
      if (!outcome.ok) continue
      if (!hasRemote) return state
      // Saves queue on their own lock, so no other push of the branch is under way; the push, a network round
      // trip, leaves the repository's mutex to the run's merges and commits.
      const pushed = await git.push(remote, STATE_BRANCH)
      if (pushed.ok) return state
      logger.debug(`push of ${STATE_BRANCH} refused (attempt ${attempt}): ${pushed.reason}`)
      if (RACED.test(pushed.reason)) {
        // The next attempt rebuilds on what the remote now has, listing its trees.
        this.ownTip = undefined
        await repoMutex.runExclusive(() => git.fetchBranch(remote, STATE_BRANCH))
      }
      if (!RACED.test(pushed.reason)) {
        throw new StateError(
          `${remote} refused the push of ${STATE_BRANCH} (${pushed.reason}), so the state of ${runKey} is only ` +
            `committed locally. Let the workflow push to ${STATE_BRANCH} (permissions: contents: write, and no ` +
            'branch rule that blocks it), or choose state: feature-branch.'
        )
      }
      if (attempt >= pushAttempts) {
        throw new StateError(
          `${STATE_BRANCH} on ${remote} moved during each of ${attempt} attempts to save "${message.split('\n')[0]}": ` +
            'other runs keep pushing to it. Run again to resume from the last saved milestone.'
        )
      }
      // The first retry follows at once (rebuilding on the new tip is the fix); later ones give others room,
      // at jittered times, so runners that collided once do not collide again in step.
      if (attempt > 1) await clock.sleep(retryDelayMs * (attempt - 1) * (0.5 + Math.random()))
    }
  }

  /** Refuses, once per store, a state branch that is checked out: moving its ref would change that checkout. */
  private async refuseCheckedOut(): Promise<void> {
    if (this.checkoutChecked) return
    const checkout = (await this.settings.git.worktreeList()).find(entry => entry.branch === STATE_BRANCH)
    if (checkout) {
      throw new StateError(
        `${STATE_BRANCH} is checked out in ${checkout.path}; switch that checkout to another branch so the ` +
          'state can be committed without changing its files.'
      )
    }
    this.checkoutChecked = true
  }

  /** The tip to build on, read from the refs, and its trees, listed. */
  private async readBase(): Promise<Base> {
    const { git, remote, hasRemote, repoMutex } = this.settings
    let refs = await this.tip()
    // Known neither here nor from an earlier fetch: ask the remote before starting a new history.
    if (refs.tip === undefined && hasRemote) {
      refs = await repoMutex.runExclusive(async () =>
        (await git.fetchBranch(remote, STATE_BRANCH)) ? this.tip() : refs
      )
    }
    const local = refs.local ?? ''
    if (refs.tip === undefined) return { commit: '', root: [], runs: [], local }
    const root = await git.listTree(refs.tip)
    const runsTree = root.find(entry => entry.name === 'runs' && entry.type === 'tree')
    const runs = runsTree ? await git.listTree(runsTree.sha) : []
    return { commit: refs.tip, root, runs, local }
  }

  /** Writes the changed blobs, the run's trees, `runs/`, the root and the commit on `base`. No refs move. */
  private async build(base: Base, runKey: string, files: RunFiles, message: string) {
    const { git, io, identity } = this.settings
    const known = this.written.get(runKey)
    const fresh = [...files].filter(([path, text]) => known?.get(path)?.text !== text)
    const blobs = await writeBlobs(
      io,
      fresh.map(([, text]) => text)
    )
    const written = new Map<string, Written>()
    // writeBlobs answers one id per text, in order, or throws.
    fresh.forEach(([path, text], index) => written.set(path, { text, blob: blobs[index]! }))
    for (const [path, text] of files) {
      if (!written.has(path)) written.set(path, { text, blob: (known?.get(path) as Written).blob })
    }

    const runEntries: TreeEntry[] = []
    const taskEntries: TreeEntry[] = []
    for (const [path, { blob }] of written) {
      const inFolder = path.startsWith(`${TASKS_FOLDER}/`)
      const entry = {
        mode: '100644',
        type: 'blob',
        sha: blob,
        name: inFolder ? path.slice(TASKS_FOLDER.length + 1) : path
      }
      ;(inFolder ? taskEntries : runEntries).push(entry)
    }
    if (taskEntries.length > 0) {
      runEntries.push({
        mode: '040000',
        type: 'tree',
        sha: await git.makeTree(taskEntries),
        name: TASKS_FOLDER
      })
    }
    const runTree = await git.makeTree(runEntries)
    const runs = withEntry(base.runs, { mode: '040000', type: 'tree', sha: runTree, name: runKey })
    const root = withEntry(base.root, {
      mode: '040000',
      type: 'tree',
      sha: await git.makeTree(runs),
      name: 'runs'
    })
    const who = { author: identity, committer: identity }
    const parents = base.commit === '' ? [] : [base.commit]
    const commit = await git.commitTree(await git.makeTree(root), parents, message, who, runTrailers(runKey))
    return { commit, root, runs, files: written }
  }

  private remember(runKey: string, files: Map<string, Written>): void {
    const known = this.written.get(runKey) ?? new Map<string, Written>()
    for (const [path, file] of files) known.set(path, file)
    this.written.set(runKey, known)
  }

  /**
   * The commit new state builds on and state is read from: the local branch while it holds everything the
   * remote had (it may be ahead by commits not pushed yet), otherwise the remote's tip; and where the local
   * branch is now.
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

/** `entries` with `entry` in place of the one of the same name, or added. */
function withEntry(entries: readonly TreeEntry[], entry: TreeEntry): TreeEntry[] {
  return [...entries.filter(other => other.name !== entry.name), entry]
}
