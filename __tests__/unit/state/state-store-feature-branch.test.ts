import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  CLASSIC_STATE_PATH,
  createFeatureBranchStateStore
} from '../../../src/state/feature-branch-state-store.js'
import type { StateStore } from '../../../src/state/state-store.js'
import { StateError } from '../../../src/util/errors.js'
import { openGitWorkspace, type GitWorkspace } from '../../../src/workspace/git-workspace.js'
import { createTempRepo, runGit, type TempRepo } from '../../harness/git-repo.js'
import { cloneOf, lines, stateOf, testGitEnv } from './state-store-fixture.js'

// The feature branch the fixtures' run_started event names.
const FEATURE = 'agent-team/12-add-dark-mode'

async function storeIn(repo: TempRepo, dir: string): Promise<{ store: StateStore; workspace: GitWorkspace }> {
  const workspace = await openGitWorkspace({
    repoDir: dir,
    worktreeRoot: join(repo.root, 'worktrees', dir.replace(/\W+/g, '_')),
    env: testGitEnv
  })
  await workspace.prepareFeatureBranch('main', FEATURE)
  const store = createFeatureBranchStateStore({
    featureBranch: FEATURE,
    worktreeFor: branch => workspace.integrationWorktree(branch),
    push: branch => workspace.push(branch),
    env: testGitEnv
  })
  return { store, workspace }
}

describe('feature-branch state store', () => {
  let repo: TempRepo

  afterEach(() => repo.cleanup())

  it('commits the classic file on the feature branch, pushes it, and another clone loads it', async () => {
    repo = await createTempRepo()
    const { store } = await storeIn(repo, repo.work)
    const state = stateOf('issue-12', 'schema drafted')

    await store.save(state, 'issue-12: plan v1')

    expect(await lines(repo.origin, 'ls-tree', '-r', '--name-only', FEATURE)).toEqual([
      CLASSIC_STATE_PATH,
      'README.md'
    ])
    const format = '%s|%an|%(trailers:key=Agent-Team-Run,valueonly,separator=%x2C)'
    expect(await runGit(repo.origin, 'log', '-1', `--format=${format}`, FEATURE)).toBe(
      'issue-12: plan v1|github-actions[bot]|issue-12'
    )
    expect(await runGit(repo.work, 'symbolic-ref', '--short', 'HEAD')).toBe('main')
    const other = await storeIn(repo, await cloneOf(repo, 'runner-2'))
    expect(await other.store.load('issue-12')).toEqual(state)
  })

  it('finds no state on a feature branch without the file', async () => {
    repo = await createTempRepo()

    expect(await (await storeIn(repo, repo.work)).store.load('issue-12')).toBeUndefined()
  })

  it('commits only the state file, leaving other staged work in the worktree staged', async () => {
    repo = await createTempRepo()
    const { store, workspace } = await storeIn(repo, repo.work)
    const worktree = await workspace.integrationWorktree(FEATURE)
    await writeFile(join(worktree, 'wip.txt'), 'not yet\n')
    await runGit(worktree, 'add', 'wip.txt')

    await store.save(stateOf('issue-12'), 'issue-12: plan v1')

    expect(await lines(worktree, 'show', '--format=', '--name-only', 'HEAD')).toEqual([CLASSIC_STATE_PATH])
    expect(await lines(worktree, 'diff', '--cached', '--name-only')).toEqual(['wip.txt'])
  })

  it('refuses a state folder that is a symbolic link', async () => {
    repo = await createTempRepo()
    const { store, workspace } = await storeIn(repo, repo.work)
    const worktree = await workspace.integrationWorktree(FEATURE)
    const elsewhere = join(repo.root, 'elsewhere')
    await mkdir(elsewhere)
    await mkdir(join(worktree, '.ai-agents'))
    await symlink(elsewhere, join(worktree, '.ai-agents', 'state'))

    await expect(store.save(stateOf('issue-12'), 'issue-12: plan v1')).rejects.toThrow(
      /\.ai-agents\/state .* is not a plain folder/
    )
    expect(await readdir(elsewhere)).toEqual([])
  })

  it('refuses a file that holds another run', async () => {
    repo = await createTempRepo()
    const { store } = await storeIn(repo, repo.work)
    await store.save(stateOf('issue-7'), 'issue-7: plan v1')

    await expect(store.load('issue-12')).rejects.toThrow(StateError)
    await expect(store.load('issue-12')).rejects.toThrow(/holds the state of run "issue-7"/)
  })
})
