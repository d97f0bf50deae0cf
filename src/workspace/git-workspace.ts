/**
 * The Workspace port over git. Worktrees live under a directory the engine owns (`worktreeRoot`, by default
 * `<tmpdir>/agent-team-worktrees`), never inside the repository's work tree, so an agent listing or searching
 * its checkout cannot see another task's files.
 *
 * Several tasks call in at once. Git protects refs, `.git/worktrees` and indexes with lock files and fails
 * when it finds one taken, so every operation that writes shared state runs under one in-process mutex per
 * repository; reads run freely, and so do the adds and removals of task worktrees, which write only their own
 * branch and admin folder (git marks a worktree being added as locked, so a concurrent prune leaves it).
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, realpath, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path'
import type { Clock } from '../util/clock.js'
import { systemClock } from '../util/clock.js'
import type { Logger } from '../util/logger.js'
import { silentLogger } from '../util/logger.js'
import { isTaskBranchName, TASK_SEPARATOR } from './branch-names.js'
import { createGit, type Git, type GitIdentity } from './git.js'
import { mutexFor, type Mutex } from './mutex.js'
import { pushBranch } from './push-branch.js'
import { assertValidBranchName } from './ref-format.js'
import { assertStagedChangeAllowed } from './staged-check.js'
import {
  advanceFeature,
  catchUpTrial,
  landCleanMerges,
  mergeIntoTrial,
  concludeMerge,
  startTrialMerge,
  type TrialContext
} from './trial-merge.js'
import { DEFAULT_PATH_RULES, type PathRules } from '../util/paths/path-rules.js'
import type {
  AdvanceResult,
  CleanLanding,
  CleanMerge,
  CommitRequest,
  FeatureBranch,
  PushOptions,
  PushResult,
  TaskWorktree,
  TrialMerge,
  Workspace
} from './workspace.js'
import { WorkspaceError } from './workspace-errors.js'

export interface GitWorkspaceOptions {
  /** The repository's checkout (any directory inside it). */
  repoDir: string
  /** Where worktrees go; the action passes RUNNER_TEMP. Default: the OS temporary directory. */
  worktreeRoot?: string
  /** Default: `origin`. */
  remote?: string
  /**
   * Work from local branches only: never fetch from or push to the remote. The CLI without `--push` builds
   * on what the person has committed here, unpushed commits included, and needs no network or credentials.
   */
  localOnly?: boolean
  /** Committer of every engine commit and author of merge commits. Default: github-actions[bot]. */
  identity?: GitIdentity
  env?: NodeJS.ProcessEnv
  logger?: Logger
  clock?: Clock
  /** Pushes tried before giving up on a branch the remote keeps moving. Default: 5. */
  pushAttempts?: number
  /** Pause before the third and later push attempts grows by this much each time. Default: 1000 ms. */
  retryDelayMs?: number
}

/** The identity GitHub shows for commits made with the workflow's GITHUB_TOKEN. */
export const DEFAULT_IDENTITY: GitIdentity = {
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com'
}

/** Opens the repository at `options.repoDir` as a Workspace. */
export async function openGitWorkspace(options: GitWorkspaceOptions): Promise<GitWorkspace> {
  const gitOptions = { env: options.env, logger: options.logger }
  const git = createGit(options.repoDir, gitOptions)
  const located = await git.locate()
  const repoDir = located.topLevel
  const commonDir = await realpath(located.commonDir)
  const root = options.worktreeRoot ?? join(tmpdir(), 'agent-team-worktrees')
  await mkdir(root, { recursive: true })
  const repoKey = `${basename(repoDir).replace(/[^A-Za-z0-9._-]+/g, '_')}-${hash(commonDir)}`
  const remote = options.remote ?? 'origin'
  return new GitWorkspace({
    repoDir,
    base: join(await realpath(root), repoKey),
    remote,
    hasRemote: !options.localOnly && (await git.hasRemote(remote)),
    identity: options.identity ?? DEFAULT_IDENTITY,
    gitOptions,
    commonDir,
    mutex: mutexFor(commonDir),
    clock: options.clock ?? systemClock,
    pushAttempts: options.pushAttempts ?? 5,
    retryDelayMs: options.retryDelayMs ?? 1000,
    logger: options.logger ?? silentLogger
  })
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8)
}

interface Settings {
  repoDir: string
  /** This repository's folder under the worktree root. */
  base: string
  remote: string
  hasRemote: boolean
  identity: GitIdentity
  gitOptions: { env?: NodeJS.ProcessEnv; logger?: Logger }
  /** The git directory all worktrees share: the key of the repository's mutexes. */
  commonDir: string
  mutex: Mutex
  clock: Clock
  pushAttempts: number
  retryDelayMs: number
  logger: Logger
}

/** Git adapter of the Workspace port; create it with `openGitWorkspace`. */
export class GitWorkspace implements Workspace {
  readonly repoDir: string
  private readonly git: Git
  /** Task branches this run made or resumed: the only branches it may force-push. */
  private readonly taskBranches = new Set<string>()
  /** The remote's task branches per feature branch (`<feature>--`), listed once (remoteTaskBranches). */
  private readonly remoteTaskLists = new Map<string, Promise<Set<string>>>()
  /**
   * Where each branch is checked out: read once from `git worktree list` (the user's checkout, leftovers of
   * an interrupted run), then kept by our own adds and removes, so a task's worktree costs no listing of all
   * of them. Nothing else adds worktrees to the repository while a run works in it.
   */
  private checkouts: Map<string, string> | undefined
  /** What agents may change; every commit and merge is checked against it. Strictest until told. */
  private pathRules: PathRules = DEFAULT_PATH_RULES

  constructor(private readonly settings: Settings) {
    this.repoDir = settings.repoDir
    // The checkout's git is asked where branches are at every step: one long-lived reader answers.
    this.git = createGit(settings.repoDir, { ...settings.gitOptions, batchRefReads: true })
  }

  async prepareFeatureBranch(base: string, feature: string): Promise<FeatureBranch> {
    assertValidBranchName(base)
    assertValidBranchName(feature)
    const { remote, hasRemote } = this.settings
    return this.exclusive(async () => {
      const local = await this.git.resolveCommit(`refs/heads/${feature}`)
      if (local) return { name: feature, sha: local, source: 'local' }
      if (hasRemote && (await this.git.fetchBranch(remote, feature))) {
        await this.git.createBranch(feature, `refs/remotes/${remote}/${feature}`)
        return { name: feature, sha: await this.currentSha(`refs/heads/${feature}`), source: 'remote' }
      }
      let start = `refs/heads/${base}`
      if (hasRemote && (await this.git.fetchBranch(remote, base))) start = `refs/remotes/${remote}/${base}`
      else if (!(await this.git.resolveCommit(start))) {
        throw new WorkspaceError(
          `The base branch ${base} exists neither on ${remote} nor locally; check its name.`
        )
      }
      await this.git.createBranch(feature, start)
      return { name: feature, sha: await this.currentSha(`refs/heads/${feature}`), source: 'base' }
    })
  }

  async discardFeatureBranch(branch: FeatureBranch): Promise<void> {
    assertValidBranchName(branch.name)
    const checkout = (await this.knownCheckouts()).get(branch.name)
    if (checkout !== undefined && this.isOurs(checkout)) await this.removeWorktree(checkout)
    if (branch.source !== 'base') return
    // Only while it is still where prepareFeatureBranch put it: a commit since means someone's work is on it.
    await this.exclusive(() => this.git.deleteRef(`refs/heads/${branch.name}`, branch.sha))
  }

  async branchHolds(branch: string, commits: readonly string[]): Promise<boolean> {
    assertValidBranchName(branch)
    const { remote, hasRemote } = this.settings
    let tip = `refs/heads/${branch}`
    if (hasRemote) {
      if (!(await this.exclusive(() => this.git.fetchBranch(remote, branch)))) return commits.length === 0
      tip = `refs/remotes/${remote}/${branch}`
    }
    for (const commit of commits) {
      // A commit not pushed yet is not in this repository at all: not held, rather than an error.
      if (!(await this.git.isAncestor(commit, tip).catch(() => false))) return false
    }
    return true
  }

  async isAheadOf(branch: string, base: string): Promise<boolean> {
    const { remote, hasRemote } = this.settings
    const tracking = `refs/remotes/${remote}/${base}`
    const baseRef = hasRemote && (await this.git.resolveCommit(tracking)) ? tracking : `refs/heads/${base}`
    // A base we cannot see cannot be compared with; say ahead rather than add a commit on a guess.
    if (!(await this.git.resolveCommit(baseRef))) return true
    return !(await this.git.isAncestor(`refs/heads/${branch}`, baseRef))
  }

  async commitEmpty(branch: string, request: CommitRequest): Promise<string> {
    return this.exclusive(async () => {
      const git = this.gitAt(await this.integrationPath(branch))
      const who = { author: request.author, committer: this.settings.identity }
      return git.commit(request.message, who, request.trailers, undefined, { allowEmpty: true })
    })
  }

  async taskBranchExists(branch: string): Promise<boolean> {
    assertValidBranchName(branch)
    if ((await this.git.resolveCommit(`refs/heads/${branch}`)) !== undefined) return true
    return (
      this.settings.hasRemote && (await this.remoteTaskBranches(this.settings.remote, branch)).has(branch)
    )
  }

  async createTaskWorktree(taskId: string, branch: string, fromRef: string): Promise<TaskWorktree> {
    assertValidBranchName(branch)
    if (!isTaskBranchName(branch)) {
      throw new WorkspaceError(`${branch} is not a task branch name; make it with taskBranchName().`)
    }
    const { remote, hasRemote } = this.settings
    const exists = (await this.git.resolveCommit(`refs/heads/${branch}`)) !== undefined
    // Whether an earlier run left the branch on the remote is a network round trip: asked before the mutex,
    // so the other tasks' git work does not wait for it; only a branch that is there is fetched (under it).
    const onRemote = hasRemote && !exists && (await this.remoteTaskBranches(remote, branch)).has(branch)
    if (!exists && !onRemote) {
      // A new branch at the feature branch's head: its worktree is added outside the mutex, so a wave of tasks
      // starts together. Each add writes only its own branch ref and admin folder, which git locks itself.
      const createFrom = await this.currentSha(fromRef)
      await this.knownCheckouts()
      const path = await this.worktreeFor(branch, 'tasks', createFrom)
      this.taskBranches.add(branch)
      return { taskId, branch, path, head: createFrom, resumed: false }
    }
    return this.exclusive(async () => {
      let createFrom: string | undefined
      if (!(await this.git.resolveCommit(`refs/heads/${branch}`))) {
        if (onRemote && (await this.git.fetchBranch(remote, branch))) {
          createFrom = `refs/remotes/${remote}/${branch}`
        } else {
          createFrom = await this.currentSha(fromRef)
        }
      }
      const resumed = createFrom === undefined || createFrom.startsWith('refs/remotes/')
      const path = await this.worktreeFor(branch, 'tasks', createFrom)
      this.taskBranches.add(branch)
      const head = await this.currentSha(`refs/heads/${branch}`)
      return { taskId, branch, path, head, resumed }
    })
  }

  /**
   * The task branches of `branch`'s feature branch that the remote had when a task first asked: one listing
   * per run instead of a round trip per task. Later ones are this run's own, made here and pushed from here.
   */
  private remoteTaskBranches(remote: string, branch: string): Promise<Set<string>> {
    const prefix = branch.slice(0, branch.lastIndexOf(TASK_SEPARATOR) + TASK_SEPARATOR.length)
    let listed = this.remoteTaskLists.get(prefix)
    if (!listed) {
      listed = this.git.remoteBranches(remote, `refs/heads/${prefix}*`)
      this.remoteTaskLists.set(prefix, listed)
      // A listing that failed is asked again by the next task.
      listed.catch(() => this.remoteTaskLists.delete(prefix))
    }
    return listed
  }

  usePathRules(rules: PathRules): void {
    this.pathRules = {
      protectedPaths: [...rules.protectedPaths],
      allowWorkflowEdits: rules.allowWorkflowEdits
    }
  }

  async commitAll(worktreePath: string, request: CommitRequest): Promise<string | undefined> {
    const path = await this.ownWorktree(worktreePath)
    const git = this.gitAt(path)
    if (await git.isMerging()) {
      throw new WorkspaceError(
        `A merge is in progress in ${path}; finish it with completeTrialMerge, not commitAll.`
      )
    }
    // Staging touches only this worktree's own index, so it need not wait for the mutex.
    await git.addAll()
    const staged = await git.stagedEntries()
    if (staged.length === 0) return undefined
    await assertStagedChangeAllowed(git, this.pathRules, () => git.unstageAll(), staged)
    const who = { author: request.author, committer: this.settings.identity }
    // No mutex: the commit moves only this worktree's own branch (or detached HEAD), which git locks itself.
    return git.commit(request.message, who, request.trailers)
  }

  changedFiles(worktreePath: string, sinceRef: string): Promise<string[]> {
    return this.gitAt(worktreePath).changedSince(sinceRef)
  }

  async removeWorktree(worktreePath: string): Promise<void> {
    const path = existsSync(worktreePath) ? await realpath(worktreePath) : resolve(worktreePath)
    if (!this.isOurs(path)) throw new WorkspaceError(`${worktreePath} is not a worktree made by this run.`)
    for (const [branch, at] of (await this.knownCheckouts()).entries()) {
      if (at === path || resolve(at) === path) this.checkouts?.delete(branch)
    }
    // Outside the mutex, like adding a task's worktree: git removes only this worktree's folder and admin files.
    try {
      await this.worktreeChanges().runExclusive(() => this.git.worktreeRemove(path))
    } catch {
      // Not (or no longer) registered: clear what is left and let git forget it.
      await rm(path, { recursive: true, force: true })
      await this.exclusive(() => this.worktreeChanges().runExclusive(() => this.git.worktreePrune()))
    }
  }

  async integrationWorktree(featureBranch: string): Promise<string> {
    assertValidBranchName(featureBranch)
    // Made already (the feature branch's first commit is made there): no need to queue behind other git work.
    const known = this.checkouts?.get(featureBranch)
    if (known !== undefined && this.isOurs(known) && existsSync(known)) return known
    return this.exclusive(() => this.integrationPath(featureBranch))
  }

  startTrialMerge(featureBranch: string, taskBranch: string, message: string): Promise<TrialMerge> {
    assertValidBranchName(featureBranch)
    assertValidBranchName(taskBranch)
    return startTrialMerge(this.trialContext(), featureBranch, taskBranch, message)
  }

  landCleanMerges(featureBranch: string, merges: readonly CleanMerge[]): Promise<CleanLanding[]> {
    assertValidBranchName(featureBranch)
    for (const merge of merges) assertValidBranchName(merge.taskBranch)
    return landCleanMerges(this.trialContext(), featureBranch, merges)
  }

  async completeTrialMerge(path: string, message: string): Promise<string> {
    const git = this.gitAt(await this.ownWorktree(path))
    return this.exclusive(() =>
      concludeMerge(git, this.pathRules, this.settings.identity, message, `the trial at ${path}`)
    )
  }

  async catchUpTrial(path: string, featureBranch: string): Promise<string> {
    assertValidBranchName(featureBranch)
    return catchUpTrial(this.trialContext(), await this.ownWorktree(path), featureBranch)
  }

  async mergeIntoTrial(path: string, taskBranch: string, message: string): Promise<{ ok: boolean }> {
    assertValidBranchName(taskBranch)
    return mergeIntoTrial(this.trialContext(), await this.ownWorktree(path), taskBranch, message)
  }

  async advanceFeature(featureBranch: string, path: string): Promise<AdvanceResult> {
    assertValidBranchName(featureBranch)
    return advanceFeature(this.trialContext(), featureBranch, await this.ownWorktree(path))
  }

  async push(branch: string, options: PushOptions = {}): Promise<PushResult> {
    assertValidBranchName(branch)
    if (!this.settings.hasRemote) {
      throw new WorkspaceError(
        `No remote "${this.settings.remote}" is configured, so ${branch} cannot be pushed.`
      )
    }
    return pushBranch(
      {
        git: this.git,
        ...this.settings,
        exclusive: work => this.exclusive(work),
        oneAtATime: (name, work) => this.branchPushes(name).runExclusive(work),
        mayForce: name => this.taskBranches.has(name) && isTaskBranchName(name),
        checkoutOf: name => this.worktreeFor(name, 'integration').then(path => this.gitAt(path))
      },
      branch,
      options.force === true
    )
  }

  async currentSha(ref: string, git: Git = this.git): Promise<string> {
    const sha = await git.resolveCommit(ref)
    if (!sha) throw new WorkspaceError(`${ref} does not name a commit in ${git.dir}.`)
    return sha
  }

  async currentTree(ref: string): Promise<string> {
    const tree = await this.git.resolveTree(ref)
    if (!tree) throw new WorkspaceError(`${ref} does not name a commit in ${this.git.dir}.`)
    return tree
  }

  readFileAt(ref: string, path: string): Promise<string | undefined> {
    return this.git.readBlob(ref, path)
  }

  private trialContext(): TrialContext {
    return {
      git: this.git,
      gitAt: dir => this.gitAt(dir),
      identity: this.settings.identity,
      pathRules: this.pathRules,
      exclusive: work => this.exclusive(work),
      integrationPath: branch => this.integrationPath(branch),
      trialPath: branch => join(this.settings.base, 'trials', branch.replace(/[^A-Za-z0-9._-]+/g, '_')),
      removeWorktree: path => this.removeWorktree(path),
      worktreeChanges: () => this.worktreeChanges()
    }
  }

  private gitAt(dir: string): Git {
    return createGit(dir, this.settings.gitOptions)
  }

  /**
   * Adding and removing worktrees, one at a time, outside the main mutex: git reads every worktree's admin
   * folder while it adds one, and fails ("failed to read .git/worktrees/<x>/commondir") on one that another
   * add has only begun to write. The model's first reply hides the wait.
   */
  private worktreeChanges(): Mutex {
    return mutexFor(`${this.settings.commonDir}\0worktrees`)
  }

  /** The queue of pushes of `branch` from this repository, in this process (push-branch.ts). */
  private branchPushes(branch: string): Mutex {
    return mutexFor(`${this.settings.commonDir}\0push\0${branch}`)
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.settings.mutex.runExclusive(work)
  }

  private isOurs(path: string): boolean {
    const rel = relative(this.settings.base, path)
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)
  }

  /** The worktree root `path` names, refusing anything this workspace did not make (such as the checkout). */
  private async ownWorktree(worktreePath: string): Promise<string> {
    const path = await realpath(worktreePath)
    // A worktree this workspace made and still has registered is known to be one: no git process to ask.
    if (this.isOurs(path) && [...(this.checkouts?.values() ?? [])].includes(path)) return path
    if (!this.isOurs(path) || (await this.gitAt(path).topLevel()) !== path) {
      throw new WorkspaceError(
        `${worktreePath} is not a worktree made by this run; the engine commits only there.`
      )
    }
    return path
  }

  /** Call inside the mutex. */
  private async integrationPath(featureBranch: string): Promise<string> {
    if (!(await this.git.resolveCommit(`refs/heads/${featureBranch}`))) {
      throw new WorkspaceError(`Feature branch ${featureBranch} does not exist here; prepare it first.`)
    }
    return this.worktreeFor(featureBranch, 'integration')
  }

  /**
   * The path of the worktree where `branch` is checked out, adding one under our folder when there is none
   * (creating the branch at `createFrom` when given). Call inside the mutex, or for a branch nobody else can
   * be adding (a new task branch) once the checkouts are known.
   */
  private async worktreeFor(
    branch: string,
    kind: 'tasks' | 'integration',
    createFrom?: string
  ): Promise<string> {
    const checkouts = await this.checkoutMap()
    const foundPath = checkouts.get(branch)
    const found = foundPath === undefined ? undefined : { path: foundPath }
    if (found && existsSync(found.path)) {
      if (this.isOurs(found.path)) return found.path
      throw new WorkspaceError(
        `${branch} is checked out in ${found.path}; switch that checkout to another branch so the engine can use it.`
      )
    }
    const path = join(this.settings.base, kind, branch.replace(/[^A-Za-z0-9._-]+/g, '_'))
    // A folder left by an earlier, interrupted run on this machine (ours, and no longer to be trusted), or a
    // registered worktree whose folder is gone: either way git must forget it before the path can be reused.
    if (found || existsSync(path)) {
      await rm(path, { recursive: true, force: true })
      await this.worktreeChanges().runExclusive(() => this.git.worktreePrune())
    }
    await mkdir(dirname(path), { recursive: true })
    await this.worktreeChanges().runExclusive(() => this.git.worktreeAdd(path, branch, createFrom))
    checkouts.set(branch, await realpath(path))
    this.settings.logger.debug(`worktree for ${branch} at ${path}`)
    return path
  }

  /** The checkouts, listed under the mutex the first time only. */
  private async knownCheckouts(): Promise<Map<string, string>> {
    return this.checkouts ?? this.exclusive(() => this.checkoutMap())
  }

  /** Call inside the mutex. */
  private async checkoutMap(): Promise<Map<string, string>> {
    if (!this.checkouts) {
      const listed = await this.git.worktreeList()
      this.checkouts = new Map(
        listed.flatMap(entry => (entry.branch === undefined ? [] : [[entry.branch, entry.path] as const]))
      )
    }
    return this.checkouts
  }
}
