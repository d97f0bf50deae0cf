import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { taskBranchName } from '../../../src/workspace/branch-names.js'
import type { TaskWorktree } from '../../../src/workspace/workspace.js'
import { author, createWorkspaceFixture, put, type WorkspaceFixture } from './workspace-fixture.js'

const feature = 'agent-team/12-login'

describe('GitWorkspace: merging task branches into the feature branch', () => {
  let fx: WorkspaceFixture
  let t1: TaskWorktree
  let t2: TaskWorktree

  beforeEach(async () => {
    fx = await createWorkspaceFixture({ files: { 'config.txt': 'port=80\n', 'README.md': '# app\n' } })
    await fx.workspace.prepareFeatureBranch('main', feature)
    t1 = await fx.workspace.createTaskWorktree('T1', taskBranchName(feature, 'T1'), feature)
    t2 = await fx.workspace.createTaskWorktree('T2', taskBranchName(feature, 'T2'), feature)
  })
  afterEach(() => fx.cleanup())

  it('merges a task with a --no-ff merge commit whose message names the task', async () => {
    await put(t1.path, 'api.ts', 'export const api = 1\n')
    const taskSha = await fx.workspace.commitAll(t1.path, { message: 'T1: API', author })
    const before = await fx.git(fx.work, 'rev-parse', feature)

    const result = await fx.workspace.mergeTask(feature, t1.branch, `Merge T1: API (${t1.branch})`)

    expect(result).toEqual({ ok: true, sha: await fx.git(fx.work, 'rev-parse', feature), upToDate: false })
    expect(await fx.git(fx.work, 'log', '-1', '--format=%P', feature)).toBe(`${before} ${taskSha}`)
    expect(await fx.git(fx.work, 'log', '-1', '--format=%s|%cn', feature)).toBe(
      `Merge T1: API (${t1.branch})|github-actions[bot]`
    )
    expect(await fx.workspace.readFileAt(feature, 'api.ts')).toBe('export const api = 1\n')
  })

  it('reports a task with no new commits as already merged, without a commit', async () => {
    const before = await fx.git(fx.work, 'rev-parse', feature)

    expect(await fx.workspace.mergeTask(feature, t1.branch, 'Merge T1')).toEqual({
      ok: true,
      sha: before,
      upToDate: true
    })
  })

  it('reports conflicting files, keeps the merge open, and completes it once resolved', async () => {
    await put(t1.path, 'config.txt', 'port=8080\n')
    await put(t2.path, 'config.txt', 'port=9090\n')
    await put(t2.path, 'other.txt', 'fine\n')
    await fx.workspace.commitAll(t1.path, { message: 'T1: port', author })
    await fx.workspace.commitAll(t2.path, { message: 'T2: port', author })
    expect(await fx.workspace.mergeTask(feature, t1.branch, 'Merge T1')).toMatchObject({ ok: true })
    const t1Merge = await fx.git(fx.work, 'rev-parse', feature)

    const conflict = await fx.workspace.mergeTask(feature, t2.branch, 'Merge T2')

    expect(conflict).toEqual({ ok: false, conflicts: ['config.txt'] })
    const integration = await fx.workspace.integrationWorktree(feature)
    expect(await readFile(join(integration, 'config.txt'), 'utf8')).toContain('<<<<<<<')
    expect(await fx.git(fx.work, 'rev-parse', feature)).toBe(t1Merge)
    await expect(fx.workspace.mergeTask(feature, t1.branch, 'again')).rejects.toThrow(/still in progress/)
    await expect(fx.workspace.completeMerge(feature, 'Merge T2')).rejects.toThrow(
      /Conflict markers remain in config\.txt/
    )

    await put(integration, 'config.txt', 'port=9090\n')
    const sha = await fx.workspace.completeMerge(feature, 'Merge T2: port (resolved)')

    expect(await fx.git(fx.work, 'rev-parse', feature)).toBe(sha)
    expect(await fx.git(fx.work, 'log', '-1', '--format=%s', feature)).toBe('Merge T2: port (resolved)')
    expect((await fx.git(fx.work, 'log', '-1', '--format=%P', feature)).split(' ')).toEqual([
      t1Merge,
      await fx.git(fx.work, 'rev-parse', t2.branch)
    ])
    expect(await fx.workspace.readFileAt(feature, 'config.txt')).toBe('port=9090\n')
    expect(await fx.workspace.readFileAt(feature, 'other.txt')).toBe('fine\n')
  })

  it('abandons a conflicted merge on abortMerge', async () => {
    await put(t1.path, 'config.txt', 'a\n')
    await put(t2.path, 'config.txt', 'b\n')
    await fx.workspace.commitAll(t1.path, { message: 'T1', author })
    await fx.workspace.commitAll(t2.path, { message: 'T2', author })
    await fx.workspace.mergeTask(feature, t1.branch, 'Merge T1')
    const head = await fx.git(fx.work, 'rev-parse', feature)
    expect(await fx.workspace.mergeTask(feature, t2.branch, 'Merge T2')).toMatchObject({ ok: false })

    await fx.workspace.abortMerge(feature)

    const integration = await fx.workspace.integrationWorktree(feature)
    expect(await fx.git(integration, 'status', '--porcelain')).toBe('')
    expect(await fx.git(fx.work, 'rev-parse', feature)).toBe(head)
    await expect(fx.workspace.completeMerge(feature, 'x')).rejects.toThrow(/No merge/)
  })

  it('does not mistake a Markdown heading underline for a conflict marker', async () => {
    await put(t1.path, 'README.md', 'Title\n=======\none\n')
    await put(t2.path, 'README.md', 'Title\n=======\ntwo\n')
    await fx.workspace.commitAll(t1.path, { message: 'T1', author })
    await fx.workspace.commitAll(t2.path, { message: 'T2', author })
    await fx.workspace.mergeTask(feature, t1.branch, 'Merge T1')
    expect(await fx.workspace.mergeTask(feature, t2.branch, 'Merge T2')).toEqual({
      ok: false,
      conflicts: ['README.md']
    })

    await put(await fx.workspace.integrationWorktree(feature), 'README.md', 'Title\n=======\none\ntwo\n')

    await expect(fx.workspace.completeMerge(feature, 'Merge T2')).resolves.toMatch(/^[0-9a-f]{40}$/)
  })

  it('refuses to merge into a feature branch that was never prepared', async () => {
    await expect(fx.workspace.mergeTask('agent-team/99-nothing', t1.branch, 'x')).rejects.toThrow(
      /prepare it first/
    )
  })
})
