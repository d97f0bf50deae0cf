import { afterEach, describe, expect, it } from '@jest/globals'
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Clock } from '../../../src/util/clock.js'
import { taskBranchName } from '../../../src/workspace/branch-names.js'
import { ForcePushRefused } from '../../../src/workspace/workspace-errors.js'
import { author, createWorkspaceFixture, landTask, put, type WorkspaceFixture } from './workspace-fixture.js'

const feature = 'agent-team/12-login'
const t1Branch = taskBranchName(feature, 'T1')

/** A clock that records pauses instead of waiting. */
function recordingClock(): Clock & { pauses: number[] } {
  const pauses: number[] = []
  return { pauses, now: () => 0, sleep: async ms => void pauses.push(ms) }
}

/** A second clone of origin, as another runner or a person would have it. */
async function otherClone(fx: WorkspaceFixture, branch: string): Promise<string> {
  const dir = join(fx.root, 'other')
  await fx.git(fx.root, 'clone', '--quiet', '--branch', branch, fx.origin, dir)
  await fx.git(dir, 'config', 'user.name', 'Someone Else')
  await fx.git(dir, 'config', 'user.email', 'else@example.com')
  return dir
}

async function commitIn(fx: WorkspaceFixture, dir: string, path: string, content: string): Promise<string> {
  await put(dir, path, content)
  await fx.git(dir, 'add', '--all')
  await fx.git(dir, 'commit', '--quiet', '--message', `change ${path}`)
  return fx.git(dir, 'rev-parse', 'HEAD')
}

describe('GitWorkspace: pushing', () => {
  let fx: WorkspaceFixture

  afterEach(() => fx.cleanup())

  it('pushes a new feature branch to origin', async () => {
    fx = await createWorkspaceFixture()
    const { sha } = await fx.workspace.prepareFeatureBranch('main', feature)

    expect(await fx.workspace.push(feature)).toEqual({ sha, attempts: 1, mergedRemote: false })
    expect(await fx.git(fx.origin, 'rev-parse', feature)).toBe(sha)
  })

  it('merges a concurrent push from another clone into the feature branch and retries, so both land', async () => {
    const clock = recordingClock()
    fx = await createWorkspaceFixture({}, { clock })
    await fx.workspace.prepareFeatureBranch('main', feature)
    await fx.workspace.push(feature)
    const theirs = await commitIn(fx, await otherClone(fx, feature), 'theirs.txt', 'from elsewhere\n')
    await fx.git(join(fx.root, 'other'), 'push', '--quiet', 'origin', feature)
    const task = await fx.workspace.createTaskWorktree('T1', t1Branch, feature)
    await put(task.path, 'ours.txt', 'from the team\n')
    await fx.workspace.commitAll(task.path, { message: 'T1: ours', author })
    await landTask(fx.workspace, feature, t1Branch, 'Merge T1')
    const ours = await fx.git(fx.work, 'rev-parse', feature)

    const result = await fx.workspace.push(feature)

    expect(result).toMatchObject({ attempts: 2, mergedRemote: true })
    expect(await fx.git(fx.origin, 'rev-parse', feature)).toBe(result.sha)
    expect(await fx.git(fx.origin, 'log', '-1', '--format=%P', feature)).toBe(`${ours} ${theirs}`)
    expect(await fx.git(fx.origin, 'ls-tree', '--name-only', feature)).toBe('README.md\nours.txt\ntheirs.txt')
    expect(clock.pauses).toEqual([])
  })

  it('tries again when the remote refused to update the branch because another push held its lock', async () => {
    // Another runner's push of the branch is landing: the remote holds the ref's lock file, and ours is
    // refused with "failed to update ref" rather than waiting. The lock goes once that push is done.
    const lock = () => join(fx.origin, 'refs', 'heads', `${feature}.lock`)
    const clock: Clock & { pauses: number[] } = {
      pauses: [],
      now: () => 0,
      sleep: async ms => {
        clock.pauses.push(ms)
        await rm(lock(), { force: true })
      }
    }
    fx = await createWorkspaceFixture({}, { clock })
    await fx.workspace.prepareFeatureBranch('main', feature)
    await fx.workspace.push(feature)
    const integration = await fx.workspace.integrationWorktree(feature)
    const ours = await commitIn(fx, integration, 'ours.txt', 'y\n')
    await writeFile(lock(), '')

    const result = await fx.workspace.push(feature)

    expect(result.attempts).toBe(3)
    expect(await fx.git(fx.origin, 'rev-parse', feature)).toBe(ours)
    expect(clock.pauses).toHaveLength(1)
  })

  it('gives up after the configured attempts when the remote keeps moving, without forcing', async () => {
    const clock = recordingClock()
    fx = await createWorkspaceFixture({}, { clock, pushAttempts: 1 })
    await fx.workspace.prepareFeatureBranch('main', feature)
    await fx.workspace.push(feature)
    const other = await otherClone(fx, feature)
    const theirs = await commitIn(fx, other, 'theirs.txt', 'x\n')
    await fx.git(other, 'push', '--quiet', 'origin', feature)
    const integration = await fx.workspace.integrationWorktree(feature)
    await commitIn(fx, integration, 'ours.txt', 'y\n')

    await expect(fx.workspace.push(feature)).rejects.toThrow(/still behind origin after 1/)
    expect(await fx.git(fx.origin, 'rev-parse', feature)).toBe(theirs)
  })

  it('stops with the conflicting files when the remote version cannot be merged', async () => {
    fx = await createWorkspaceFixture({ files: { 'shared.txt': 'base\n' } })
    await fx.workspace.prepareFeatureBranch('main', feature)
    await fx.workspace.push(feature)
    const other = await otherClone(fx, feature)
    const theirs = await commitIn(fx, other, 'shared.txt', 'theirs\n')
    await fx.git(other, 'push', '--quiet', 'origin', feature)
    const integration = await fx.workspace.integrationWorktree(feature)
    const ours = await commitIn(fx, integration, 'shared.txt', 'ours\n')

    await expect(fx.workspace.push(feature)).rejects.toThrow(/conflict with this run's in shared\.txt/)
    expect(await fx.git(fx.origin, 'rev-parse', feature)).toBe(theirs)
    expect(await fx.git(fx.work, 'rev-parse', feature)).toBe(ours)
    expect(await fx.git(integration, 'status', '--porcelain')).toBe('')
  })

  it('refuses to force-push the feature branch, the base branch, or a task branch this run did not create', async () => {
    fx = await createWorkspaceFixture()
    await fx.workspace.prepareFeatureBranch('main', feature)
    await fx.git(fx.work, 'branch', taskBranchName(feature, 'T9'), 'main')

    for (const branch of [feature, 'main', taskBranchName(feature, 'T9'), 'agent-team/state']) {
      await expect(fx.workspace.push(branch, { force: true })).rejects.toThrow(ForcePushRefused)
    }
    expect(await fx.git(fx.origin, 'branch', '--list', 'agent-team/*')).toBe('')
  })

  it('force-pushes a rewritten task branch of this run, with a lease on what it last saw', async () => {
    fx = await createWorkspaceFixture()
    await fx.workspace.prepareFeatureBranch('main', feature)
    const task = await fx.workspace.createTaskWorktree('T1', t1Branch, feature)
    await put(task.path, 'a.txt', 'first\n')
    await fx.workspace.commitAll(task.path, { message: 'T1: first', author })
    await fx.workspace.push(t1Branch)
    await put(task.path, 'a.txt', 'second\n')
    await fx.git(task.path, 'commit', '--quiet', '--all', '--amend', '--message', 'T1: rewritten')
    const rewritten = await fx.git(task.path, 'rev-parse', 'HEAD')

    expect(await fx.workspace.push(t1Branch, { force: true })).toEqual({
      sha: rewritten,
      attempts: 1,
      mergedRemote: false
    })
    expect(await fx.git(fx.origin, 'rev-parse', t1Branch)).toBe(rewritten)
  })

  it('refuses a task force-push when someone else changed the remote task branch since we saw it', async () => {
    fx = await createWorkspaceFixture()
    await fx.workspace.prepareFeatureBranch('main', feature)
    const task = await fx.workspace.createTaskWorktree('T1', t1Branch, feature)
    await put(task.path, 'a.txt', 'ours\n')
    await fx.workspace.commitAll(task.path, { message: 'T1', author })
    await fx.workspace.push(t1Branch)
    const other = await otherClone(fx, t1Branch)
    const theirs = await commitIn(fx, other, 'b.txt', 'theirs\n')
    await fx.git(other, 'push', '--quiet', 'origin', t1Branch)
    await fx.git(task.path, 'commit', '--quiet', '--amend', '--message', 'T1: rewritten')

    await expect(fx.workspace.push(t1Branch, { force: true })).rejects.toThrow(/stale info/)
    expect(await fx.git(fx.origin, 'rev-parse', t1Branch)).toBe(theirs)
  })
})
