import { afterEach, describe, expect, it } from '@jest/globals'
import { taskBranchName } from '../../../src/workspace/branch-names.js'
import { openGitWorkspace } from '../../../src/workspace/git-workspace.js'
import { testGitEnv } from '../../harness/git-repo.js'
import { author, createWorkspaceFixture, landTask, put, type WorkspaceFixture } from './workspace-fixture.js'

const feature = 'agent-team/12-login'

describe('GitWorkspace: tasks running at the same time', () => {
  let fx: WorkspaceFixture

  afterEach(() => fx.cleanup())

  it('creates worktrees, commits and merges four tasks concurrently, through two workspaces on one repository', async () => {
    fx = await createWorkspaceFixture()
    const second = await openGitWorkspace({
      repoDir: fx.work,
      worktreeRoot: fx.worktreeRoot,
      env: testGitEnv
    })
    await fx.workspace.prepareFeatureBranch('main', feature)
    const ids = ['T1', 'T2', 'T3', 'T4']

    const results = await Promise.all(
      ids.map(async (id, index) => {
        const workspace = index % 2 === 0 ? fx.workspace : second
        const task = await workspace.createTaskWorktree(id, taskBranchName(feature, id), feature)
        await put(task.path, `${id}.txt`, `${id}\n`)
        const sha = await workspace.commitAll(task.path, { message: `${id}: work`, author })
        const merge = await landTask(workspace, feature, task.branch, `Merge ${id}`)
        return { sha, merge }
      })
    )

    for (const { sha, merge } of results) {
      expect(sha).toMatch(/^[0-9a-f]{40}$/)
      expect(merge).toMatchObject({ ok: true, upToDate: false })
    }
    const subjects = (await fx.git(fx.work, 'log', '--merges', '--format=%s', feature)).split('\n')
    expect(subjects.sort()).toEqual(ids.map(id => `Merge ${id}`))
    expect(await fx.git(fx.work, 'ls-tree', '--name-only', feature)).toBe(
      ['README.md', ...ids.map(id => `${id}.txt`)].join('\n')
    )
    const integration = await fx.workspace.integrationWorktree(feature)
    expect(await fx.git(integration, 'status', '--porcelain')).toBe('')
  })
})
