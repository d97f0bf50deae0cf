/**
 * The `Git` interface (git.ts) over one repository or worktree: the plumbing of git-plumbing.ts, plus the
 * work tree, the index, merges and the remote. Each method spells out its argv; none runs a hook.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { gitDirsOf, headCommitOf } from './git-dirs.js'
import { GitPlumbing } from './git-plumbing.js'
import {
  arg,
  authorshipEnv,
  commitId,
  parseRawDiff,
  parseWorktreeList,
  pushStatusLine,
  uniqueZ
} from './git-formats.js'
import type { Authorship, Git, GitIdentity, PushOutcome, StagedEntry, WorktreeEntry } from './git.js'
import { trailerLines } from './trailers.js'
import { GitCommandError } from './workspace-errors.js'

/** A merge is authored and committed by the same identity. */
const mergedBy = (committer: GitIdentity): Authorship => ({ author: committer, committer })

// Diffs never run the repository's external diff or textconv programs.
const DIFF = ['diff', '--no-ext-diff', '--no-textconv']
// A worktree diff looks inside nested repositories (git status in them, with their own config, which the
// engine does not neutralise): --ignore-submodules=all keeps the engine's git out of them.
const WORKTREE_DIFF = [...DIFF, '--ignore-submodules=all']

/** The git command manager `createGit` returns. */
export class GitRepository extends GitPlumbing implements Git {
  /** Output of a command that lists paths with `-z`, each once. */
  private async paths(args: string[]): Promise<string[]> {
    return uniqueZ((await this.run(args)).stdout)
  }

  async hasRemote(remote: string) {
    return this.succeeds(['remote', 'get-url', arg(remote)], [0, 2])
  }

  async remoteUrl(remote: string) {
    return this.out(['remote', 'get-url', arg(remote)])
  }

  async fetchBranch(remote: string, branch: string) {
    const tracking = `refs/remotes/${remote}/${branch}`
    const refspec = `+refs/heads/${arg(branch)}:${tracking}`
    const result = await this.run(['fetch', '--quiet', '--no-tags', arg(remote), refspec], [0, 128])
    if (result.exitCode === 0) return true
    if (!/couldn't find remote ref/i.test(result.stderr)) {
      throw new GitCommandError(['fetch', remote, refspec], result.exitCode, result.stderr)
    }
    await this.run(['update-ref', '-d', tracking])
    return false
  }

  async remoteBranches(remote: string, pattern: string) {
    const listed = await this.out(['ls-remote', '--heads', arg(remote), arg(pattern)])
    const names = listed
      .split('\n')
      .map(line => line.split('\t')[1] ?? '')
      .filter(ref => ref.startsWith('refs/heads/'))
      .map(ref => ref.slice('refs/heads/'.length))
    return new Set(names)
  }

  async push(remote: string, branch: string, lease?: string): Promise<PushOutcome> {
    const refspec = `refs/heads/${arg(branch)}:refs/heads/${branch}`
    const leaseArgs = lease === undefined ? [] : [`--force-with-lease=refs/heads/${branch}:${lease}`]
    const args = ['push', '--porcelain', ...leaseArgs, arg(remote), refspec]
    const result = await this.run(args, [0, 1])
    const line = pushStatusLine(result.stdout, refspec)
    if (result.exitCode === 0 && line && !line.startsWith('!')) return { ok: true }
    if (!line) throw new GitCommandError(args, result.exitCode, result.stderr)
    return { ok: false, reason: line.split('\t')[2] ?? line }
  }

  async worktreeList(): Promise<WorktreeEntry[]> {
    return parseWorktreeList(await this.out(['worktree', 'list', '--porcelain']))
  }

  async worktreeAdd(path: string, branch: string, createFrom?: string) {
    await this.run(
      createFrom
        ? ['worktree', 'add', '--quiet', '--no-track', '-b', arg(branch), path, arg(createFrom)]
        : ['worktree', 'add', '--quiet', path, arg(branch)]
    )
  }

  async worktreeAddDetached(path: string, commit: string) {
    // --force reuses a path git still has registered from an interrupted run whose folder is gone.
    await this.run(['worktree', 'add', '--quiet', '--force', '--detach', path, commitId(commit)])
  }

  async worktreeRemove(path: string) {
    await this.run(['worktree', 'remove', '--force', path])
  }

  async worktreePrune() {
    await this.run(['worktree', 'prune'])
  }

  async addAll() {
    await this.run(['add', '--all'])
  }

  async stagePaths(paths: readonly string[]) {
    await this.run(['add', '--force', '--', ...paths])
  }

  async unstageAll() {
    await this.run(['reset', '--quiet'])
  }

  async stagedEntries(): Promise<StagedEntry[]> {
    // --ignore-submodules=none: a `.gitmodules` the agents wrote (ignore = all) must not hide a gitlink.
    const args = [
      ...DIFF,
      '--cached',
      '--ignore-submodules=none',
      '--raw',
      '-z',
      '--no-renames',
      '--no-abbrev'
    ]
    return parseRawDiff((await this.run(args)).stdout)
  }

  async treeChanges(from: string, to: string): Promise<StagedEntry[]> {
    const args = ['diff-tree', '-r', '--no-ext-diff', '--no-textconv', '--ignore-submodules=none']
    return parseRawDiff(
      (await this.run([...args, '--raw', '-z', '--no-renames', '--no-abbrev', arg(from), arg(to)])).stdout
    )
  }

  async changedSince(ref: string) {
    const tracked = await this.paths([...WORKTREE_DIFF, '--name-only', '--no-renames', '-z', arg(ref), '--'])
    const untracked = await this.paths(['ls-files', '--others', '--exclude-standard', '-z'])
    return [...new Set([...tracked, ...untracked])].sort()
  }

  async commit(
    message: string,
    who: Authorship,
    trailers: Record<string, string> = {},
    only?: readonly string[],
    options: { allowEmpty?: boolean } = {}
  ) {
    const trailerArgs = trailerLines(trailers).flatMap(line => ['--trailer', line])
    const onlyArgs = only ? ['--only', '--', ...only] : []
    const emptyArgs = options.allowEmpty ? ['--allow-empty'] : []
    const args = ['--message', message, ...trailerArgs, ...onlyArgs]
    return this.commitWith([...emptyArgs, ...args], who)
  }

  async merge(
    ref: string,
    message: string,
    committer: GitIdentity,
    mode: { noFastForward: boolean; noCommit?: boolean }
  ) {
    const args = [
      'merge',
      '--no-edit',
      mode.noFastForward ? '--no-ff' : '--ff',
      ...(mode.noCommit ? ['--no-commit'] : []),
      '--message',
      message,
      arg(ref)
    ]
    const result = await this.run(args, [0, 1], authorshipEnv(mergedBy(committer)))
    if (result.exitCode === 0) return { ok: true as const }
    const conflicts = await this.unmergedFiles()
    if (conflicts.length === 0)
      throw new GitCommandError(args, result.exitCode, result.stderr + result.stdout)
    return { ok: false as const, conflicts }
  }

  async mergeTrees(ours: string, theirs: string) {
    const args = ['merge-tree', '--write-tree', '--name-only', '--no-messages', '-z', arg(ours), arg(theirs)]
    // 1: conflicts; 129: an option this git does not know (--write-tree came in 2.38).
    const result = await this.run(args, [0, 1, 129])
    if (result.exitCode === 129) return undefined
    const [tree = '', ...paths] = result.stdout.split('\0')
    if (result.exitCode === 0) return { ok: true as const, tree: tree.trim() }
    return { ok: false as const, conflicts: [...new Set(paths.filter(path => path !== ''))] }
  }

  async isMerging() {
    // A merge in progress is the MERGE_HEAD file in the checkout's own git directory; git asked only where
    // that directory cannot be read from the checkout.
    const dirs = gitDirsOf(this.dir)
    if (dirs) return existsSync(join(dirs.gitDir, 'MERGE_HEAD'))
    return this.succeeds(['rev-parse', '--verify', '--quiet', 'MERGE_HEAD'], [0, 1])
  }

  async mergeAbort() {
    await this.run(['merge', '--abort'])
  }

  async unmergedFiles() {
    return this.paths([...WORKTREE_DIFF, '--name-only', '--diff-filter=U', '-z'])
  }

  async filesWithConflictMarkers() {
    const changed = await this.paths([...DIFF, '--cached', '--name-only', '--no-renames', '-z', 'HEAD'])
    if (changed.length === 0) return []
    const pathspecs = changed.map(path => `:(literal)${path}`)
    const pattern = '^(<<<<<<<|>>>>>>>)( |$)'
    const args = ['grep', '--no-textconv', '--cached', '-I', '-l', '-z', '-E', pattern, '--', ...pathspecs]
    return uniqueZ((await this.run(args, [0, 1])).stdout)
  }

  async commitMerge(message: string, committer: GitIdentity) {
    return this.commitWith(['--message', message], mergedBy(committer))
  }

  async fastForwardTo(commit: string) {
    await this.run(['merge', '--ff-only', '--quiet', commitId(commit)])
  }

  /** `git commit` without hooks, as `who`; resolves to the new HEAD. */
  private async commitWith(args: string[], who: Authorship): Promise<string> {
    await this.run(['commit', '--quiet', '--no-verify', ...args], [0], authorshipEnv(who))
    // The new commit, from the files git just wrote; git is asked only where they do not say.
    return headCommitOf(this.dir) ?? this.out(['rev-parse', 'HEAD'])
  }
}
