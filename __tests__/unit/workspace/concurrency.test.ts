import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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

  it('adds and removes worktrees one at a time: git fails reading another add’s half-written folder', async () => {
    // A git on PATH that logs when each worktree add or remove starts and ends, then runs the real one.
    const bin = await mkdtemp(join(tmpdir(), 'agent-team-git-log-'))
    const log = join(bin, 'log')
    await writeFile(
      join(bin, 'git'),
      `#!/bin/sh\ncase "$*" in *"worktree add"*|*"worktree remove"*) echo "start $$" >> ${log}; /usr/bin/git "$@"; code=$?; echo "end $$" >> ${log}; exit $code;; esac\nexec /usr/bin/git "$@"\n`,
      { mode: 0o755 }
    )
    fx = await createWorkspaceFixture({}, { env: { ...testGitEnv, PATH: `${bin}:${testGitEnv.PATH ?? ''}` } })
    await fx.workspace.prepareFeatureBranch('main', feature)
    try {
      const ids = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6']
      const made = await Promise.all(
        ids.map(id => fx.workspace.createTaskWorktree(id, taskBranchName(feature, id), feature))
      )
      await Promise.all(made.map(task => fx.workspace.removeWorktree(task.path)))

      const lines = (await readFile(log, 'utf8')).trim().split('\n')
      expect(lines).toHaveLength(2 * 2 * ids.length)
      // Never two at once: every start is followed by its own end.
      for (let i = 0; i < lines.length; i += 2) {
        expect(lines[i]).toMatch(/^start \d+$/)
        expect(lines[i + 1]).toBe(lines[i]!.replace('start', 'end'))
      }
    } finally {
      await rm(bin, { recursive: true, force: true })
    }
  })
})
