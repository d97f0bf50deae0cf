import { afterEach, describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { taskBranchName } from '../../../src/workspace/branch-names.js'
import { openGitWorkspace } from '../../../src/workspace/git-workspace.js'
import { WorkspaceError } from '../../../src/workspace/workspace-errors.js'
import { testGitEnv } from '../../harness/git-repo.js'
import { author, createWorkspaceFixture, put, type WorkspaceFixture } from './workspace-fixture.js'

const feature = 'agent-team/12-login'
const t1 = taskBranchName(feature, 'T1')

describe('GitWorkspace: feature branch and task worktrees', () => {
  let fx: WorkspaceFixture

  afterEach(() => fx.cleanup())

  it('creates the feature branch from origin/<base>, not from the local base branch', async () => {
    fx = await createWorkspaceFixture()
    const originMain = await fx.git(fx.work, 'rev-parse', 'origin/main')
    await put(fx.work, 'local.txt', 'not pushed\n')
    await fx.git(fx.work, 'commit', '-qam', 'x', '--allow-empty')

    const prepared = await fx.workspace.prepareFeatureBranch('main', feature)

    expect(prepared).toEqual({ name: feature, sha: originMain, source: 'base' })
    expect(await fx.git(fx.work, 'rev-parse', feature)).toBe(originMain)
    expect(await fx.git(fx.work, 'branch', '--show-current')).toBe('main')
  })

  it('reuses a feature branch that exists only on the remote (a resumed run on a new runner)', async () => {
    fx = await createWorkspaceFixture()
    await fx.git(fx.work, 'commit', '-q', '--allow-empty', '-m', 'earlier run')
    await fx.git(fx.work, 'push', '-q', 'origin', `HEAD:refs/heads/${feature}`)
    const earlier = await fx.git(fx.work, 'rev-parse', 'HEAD')

    expect(await fx.workspace.prepareFeatureBranch('main', feature)).toEqual({
      name: feature,
      sha: earlier,
      source: 'remote'
    })
    expect(await fx.workspace.prepareFeatureBranch('main', feature)).toMatchObject({ source: 'local' })
  })

  it('explains a base branch that exists nowhere', async () => {
    fx = await createWorkspaceFixture()
    await expect(fx.workspace.prepareFeatureBranch('develop', feature)).rejects.toThrow(/base branch develop/)
  })

  it('gives each task its own worktree outside the repository, on the task branch, at the feature head', async () => {
    fx = await createWorkspaceFixture({ files: { 'app.txt': 'v1\n' } })
    const { sha } = await fx.workspace.prepareFeatureBranch('main', feature)

    const task = await fx.workspace.createTaskWorktree('T1', t1, feature)
    const other = await fx.workspace.createTaskWorktree('T2', taskBranchName(feature, 'T2'), feature)

    expect(task).toMatchObject({ taskId: 'T1', branch: t1, head: sha, resumed: false })
    expect(relative(fx.worktreeRoot, task.path).startsWith('..')).toBe(false)
    expect(relative(fx.work, task.path).startsWith('..')).toBe(true)
    expect(relative(task.path, other.path).startsWith('..')).toBe(true)
    expect(await fx.git(task.path, 'branch', '--show-current')).toBe(t1)
    expect(await readFile(join(task.path, 'app.txt'), 'utf8')).toBe('v1\n')
  })

  it('resumes a task branch that already exists instead of starting it again', async () => {
    fx = await createWorkspaceFixture()
    await fx.workspace.prepareFeatureBranch('main', feature)
    const first = await fx.workspace.createTaskWorktree('T1', t1, feature)
    await put(first.path, 'progress.txt', 'half done\n')
    const progress = await fx.workspace.commitAll(first.path, { message: 'T1: half', author })
    await fx.workspace.removeWorktree(first.path)
    expect(existsSync(first.path)).toBe(false)

    const again = await fx.workspace.createTaskWorktree('T1', t1, feature)

    expect(again).toMatchObject({ resumed: true, head: progress })
    expect(await readFile(join(again.path, 'progress.txt'), 'utf8')).toBe('half done\n')
  })

  it('resumes a task branch pushed by an earlier runner', async () => {
    fx = await createWorkspaceFixture()
    await fx.git(fx.work, 'commit', '-q', '--allow-empty', '-m', 'T1 work from another runner')
    await fx.git(fx.work, 'push', '-q', 'origin', `HEAD:refs/heads/${t1}`)
    const pushed = await fx.git(fx.work, 'rev-parse', 'HEAD')
    await fx.workspace.prepareFeatureBranch('main', feature)

    expect(await fx.workspace.createTaskWorktree('T1', t1, feature)).toMatchObject({
      resumed: true,
      head: pushed
    })
    // The remote's task branches were listed once, for the whole feature: one it lacks starts afresh.
    const t2 = taskBranchName(feature, 'T2')
    expect(await fx.workspace.createTaskWorktree('T2', t2, feature)).toMatchObject({ resumed: false })
  })

  it('refuses a worktree for a branch that is not a task branch', async () => {
    fx = await createWorkspaceFixture()
    await expect(fx.workspace.createTaskWorktree('T1', 'main', 'main')).rejects.toThrow(WorkspaceError)
  })
})

describe('GitWorkspace: commits', () => {
  let fx: WorkspaceFixture

  afterEach(() => fx.cleanup())

  it('commits every change with the given author, the engine as committer, and the trailers', async () => {
    fx = await createWorkspaceFixture({ files: { 'old.txt': 'old\n', 'keep.txt': 'keep\n' } })
    await fx.workspace.prepareFeatureBranch('main', feature)
    const task = await fx.workspace.createTaskWorktree('T1', t1, feature)
    await put(task.path, 'src/new.ts', 'export {}\n')
    await put(task.path, 'keep.txt', 'changed\n')
    await fx.git(task.path, 'rm', '-q', 'old.txt')

    const sha = await fx.workspace.commitAll(task.path, {
      message: 'T1: Add the login form',
      author,
      trailers: { 'Agent-Role': 'backend', 'Agent-Task': 'T1' }
    })

    expect(sha).toBe(await fx.git(fx.work, 'rev-parse', t1))
    expect(await fx.git(task.path, 'log', '-1', '--format=%an <%ae>|%cn')).toBe(
      'Backend Agent <backend@agents.example>|github-actions[bot]'
    )
    expect(await fx.git(task.path, 'log', '-1', '--format=%B')).toBe(
      'T1: Add the login form\n\nAgent-Role: backend\nAgent-Task: T1\n'
    )
    expect(await fx.git(task.path, 'show', '--name-status', '--format=', 'HEAD')).toBe(
      'M\tkeep.txt\nD\told.txt\nA\tsrc/new.ts'
    )
    expect(await fx.git(task.path, 'status', '--porcelain')).toBe('')
  })

  it('returns undefined and makes no commit when nothing changed', async () => {
    fx = await createWorkspaceFixture()
    await fx.workspace.prepareFeatureBranch('main', feature)
    const task = await fx.workspace.createTaskWorktree('T1', t1, feature)

    expect(await fx.workspace.commitAll(task.path, { message: 'T1: nothing', author })).toBeUndefined()
    expect(await fx.git(fx.work, 'rev-parse', t1)).toBe(task.head)
  })

  it('commits only files of its own worktree, never the checkout or another task', async () => {
    fx = await createWorkspaceFixture()
    await fx.workspace.prepareFeatureBranch('main', feature)
    const one = await fx.workspace.createTaskWorktree('T1', t1, feature)
    const two = await fx.workspace.createTaskWorktree('T2', taskBranchName(feature, 'T2'), feature)
    await put(one.path, 'one.txt', '1\n')
    await put(two.path, 'two.txt', '2\n')
    await put(fx.work, 'checkout.txt', 'c\n')

    await fx.workspace.commitAll(one.path, { message: 'T1: one', author })

    expect(await fx.git(one.path, 'show', '--name-only', '--format=', 'HEAD')).toBe('one.txt')
    expect(await fx.git(two.path, 'status', '--porcelain')).toBe('?? two.txt')
    expect(await fx.git(fx.work, 'status', '--porcelain')).toBe('?? checkout.txt')
  })

  it('refuses to commit in the repository checkout or a folder inside a worktree', async () => {
    fx = await createWorkspaceFixture()
    await fx.workspace.prepareFeatureBranch('main', feature)
    const task = await fx.workspace.createTaskWorktree('T1', t1, feature)
    await put(task.path, 'sub/a.txt', 'a\n')

    await expect(fx.workspace.commitAll(fx.work, { message: 'x', author })).rejects.toThrow(
      /not a worktree made/
    )
    await expect(fx.workspace.commitAll(join(task.path, 'sub'), { message: 'x', author })).rejects.toThrow(
      WorkspaceError
    )
  })

  it('refuses a trailer that could smuggle extra lines into the message', async () => {
    fx = await createWorkspaceFixture()
    await fx.workspace.prepareFeatureBranch('main', feature)
    const task = await fx.workspace.createTaskWorktree('T1', t1, feature)
    await put(task.path, 'a.txt', 'a\n')
    const trailers = { 'Agent-Task': 'T1\nSigned-off-by: someone' }

    await expect(fx.workspace.commitAll(task.path, { message: 'T1', author, trailers })).rejects.toThrow(
      /trailer/
    )
  })
})

describe('GitWorkspace: reading', () => {
  let fx: WorkspaceFixture

  afterEach(() => fx.cleanup())

  it('lists committed, uncommitted and untracked changes since a ref, ignoring ignored files', async () => {
    fx = await createWorkspaceFixture({ files: { '.gitignore': 'dist/\n', 'a.txt': 'a\n', 'b.txt': 'b\n' } })
    await fx.workspace.prepareFeatureBranch('main', feature)
    const task = await fx.workspace.createTaskWorktree('T1', t1, feature)
    await put(task.path, 'a.txt', 'changed\n')
    await fx.workspace.commitAll(task.path, { message: 'T1: a', author })
    await fx.git(task.path, 'rm', '-q', 'b.txt')
    await put(task.path, 'new dir/c.txt', 'c\n')
    await put(task.path, 'dist/out.js', 'built\n')

    expect(await fx.workspace.changedFiles(task.path, task.head)).toEqual(['a.txt', 'b.txt', 'new dir/c.txt'])
  })

  it('reads a file at a ref and resolves refs to commits', async () => {
    fx = await createWorkspaceFixture({ files: { 'docs/guide.md': '# Guide\n' } })
    const head = await fx.git(fx.work, 'rev-parse', 'HEAD')

    expect(await fx.workspace.currentSha('origin/main')).toBe(head)
    expect(await fx.workspace.readFileAt('main', 'docs/guide.md')).toBe('# Guide\n')
    expect(await fx.workspace.readFileAt('main', 'docs/missing.md')).toBeUndefined()
    await expect(fx.workspace.readFileAt('main', 'docs')).rejects.toThrow(/not a file/)
    await expect(fx.workspace.currentSha('no-such-branch')).rejects.toThrow(/does not name a commit/)
    await expect(fx.workspace.currentSha('--output=/tmp/x')).rejects.toThrow(WorkspaceError)
  })

  it('keeps worktrees of two repositories apart under one worktree root', async () => {
    fx = await createWorkspaceFixture()
    const second = await createWorkspaceFixture()
    try {
      const other = await openGitWorkspace({
        repoDir: second.work,
        worktreeRoot: fx.worktreeRoot,
        env: testGitEnv
      })
      await fx.workspace.prepareFeatureBranch('main', feature)
      await other.prepareFeatureBranch('main', feature)
      const mine = await fx.workspace.createTaskWorktree('T1', t1, feature)
      const theirs = await other.createTaskWorktree('T1', t1, feature)
      expect(mine.path).not.toBe(theirs.path)
    } finally {
      await second.cleanup()
    }
  })
})
