import { afterEach, describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { taskBranchName } from '../../../src/workspace/branch-names.js'
import { createGit } from '../../../src/workspace/git.js'
import { testGitEnv } from '../../harness/git-repo.js'
import { author, createWorkspaceFixture, landTask, put, type WorkspaceFixture } from './workspace-fixture.js'

const feature = 'agent-team/12-login'
const HOOKS = [
  'pre-commit',
  'commit-msg',
  'prepare-commit-msg',
  'post-commit',
  'post-checkout',
  'pre-merge-commit',
  'post-merge',
  'pre-push',
  'reference-transaction'
]

/** Points the repository at hooks (as husky does) that record that they ran and fail. */
async function plantHooks(fx: WorkspaceFixture): Promise<string> {
  const log = join(fx.root, 'hooks-ran.log')
  const dir = join(fx.root, 'planted-hooks')
  await mkdir(dir)
  for (const hook of [...HOOKS, 'fsmonitor']) {
    await writeFile(join(dir, hook), `#!/bin/sh\necho ${hook} >> '${log}'\nexit 1\n`)
    await chmod(join(dir, hook), 0o755)
  }
  await fx.git(fx.work, 'config', 'core.hooksPath', dir)
  await fx.git(fx.work, 'config', 'core.fsmonitor', join(dir, 'fsmonitor'))
  return log
}

describe('git command manager', () => {
  let fx: WorkspaceFixture

  afterEach(() => fx.cleanup())

  it('never runs hooks or fsmonitor that the repository under test installed', async () => {
    fx = await createWorkspaceFixture()
    const log = await plantHooks(fx)
    await expect(fx.git(fx.work, 'commit', '--allow-empty', '-m', 'control')).rejects.toThrow()
    expect(existsSync(log)).toBe(true)
    await rm(log)

    await fx.workspace.prepareFeatureBranch('main', feature)
    const task = await fx.workspace.createTaskWorktree('T1', taskBranchName(feature, 'T1'), feature)
    await put(task.path, 'a.txt', 'a\n')
    await fx.workspace.commitAll(task.path, { message: 'T1: a', author })
    expect(await landTask(fx.workspace, feature, task.branch, 'Merge T1')).toMatchObject({ ok: true })
    await fx.workspace.push(feature)
    await fx.workspace.push(task.branch, { force: true })

    expect(existsSync(log)).toBe(false)
  })

  it('ignores GIT_DIR and similar variables inherited from a surrounding git process', async () => {
    fx = await createWorkspaceFixture()
    const git = createGit(fx.work, { env: { ...testGitEnv, GIT_DIR: fx.origin, GIT_WORK_TREE: fx.root } })

    expect(await git.currentBranch()).toBe('main')
    expect(await git.topLevel()).toBe(fx.work)
  })

  it('logs each command it runs at debug level', async () => {
    fx = await createWorkspaceFixture()
    const lines: string[] = []
    const logger = { info() {}, warning() {}, error() {}, debug: (line: string) => void lines.push(line) }

    await createGit(fx.work, { env: testGitEnv, logger }).resolveCommit('HEAD')

    expect(lines).toEqual([`git rev-parse --verify --quiet HEAD^{commit} (in ${fx.work})`])
  })
})
