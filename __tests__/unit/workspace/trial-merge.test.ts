import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { taskBranchName } from '../../../src/workspace/branch-names.js'
import { ForbiddenChange } from '../../../src/workspace/staged-check.js'
import type { TaskWorktree } from '../../../src/workspace/workspace.js'
import { author, createWorkspaceFixture, landTask, put, type WorkspaceFixture } from './workspace-fixture.js'

const feature = 'agent-team/21-trial'

describe('GitWorkspace: trial merges that land only once checked', () => {
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

  const featureHead = () => fx.git(fx.work, 'rev-parse', feature)

  it('merges in a detached scratch worktree and leaves the feature branch and its worktree where they were', async () => {
    await put(t1.path, 'api.ts', 'export const api = 1\n')
    const taskSha = await fx.workspace.commitAll(t1.path, { message: 'T1: API', author })
    const before = await featureHead()
    const integration = await fx.workspace.integrationWorktree(feature)

    const trial = await fx.workspace.startTrialMerge(feature, t1.branch, 'Merge T1: API')

    expect(trial.base).toBe(before)
    expect(trial.result).toEqual({ ok: true, sha: expect.stringMatching(/^[0-9a-f]{40}$/), upToDate: false })
    expect(trial.path.startsWith(fx.worktreeRoot)).toBe(true)
    expect(await fx.git(trial.path, 'log', '-1', '--format=%P|%s|%cn')).toBe(
      `${before} ${taskSha}|Merge T1: API|github-actions[bot]`
    )
    // Detached: no branch names the trial, and the feature branch has not moved.
    expect(await fx.git(trial.path, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('HEAD')
    expect(await featureHead()).toBe(before)
    expect(existsSync(join(integration, 'api.ts'))).toBe(false)
  })

  it('fast-forwards the feature branch and its integration worktree to the trial, fixes included', async () => {
    await put(t1.path, 'api.ts', 'export const api = 1\n')
    await fx.workspace.commitAll(t1.path, { message: 'T1: API', author })
    const integration = await fx.workspace.integrationWorktree(feature)
    const trial = await fx.workspace.startTrialMerge(feature, t1.branch, 'Merge T1: API')
    await put(trial.path, 'api.ts', 'export const api = 2\n')
    const fix = await fx.workspace.commitAll(trial.path, { message: 'T1: fix the checks', author })

    const landed = await fx.workspace.advanceFeature(feature, trial.path)

    expect(landed).toEqual({ ok: true, sha: fix })
    expect(await featureHead()).toBe(fix)
    expect(await fx.git(integration, 'rev-parse', 'HEAD')).toBe(fix)
    expect(await fx.git(integration, 'status', '--porcelain')).toBe('')
    expect(await readFile(join(integration, 'api.ts'), 'utf8')).toBe('export const api = 2\n')
    // The branch only moved forward: the merge is in its history, one fast-forward after the old head.
    expect(await fx.git(fx.work, 'log', '--format=%s', feature)).toMatch(
      /^T1: fix the checks\nMerge T1: API\n/
    )
    expect(await fx.git(fx.work, 'reflog', '--format=%gs', feature)).toMatch(
      /^merge [0-9a-f]{40}: Fast-forward/
    )

    await fx.workspace.removeWorktree(trial.path)
    expect(existsSync(trial.path)).toBe(false)
    expect(await fx.git(fx.work, 'worktree', 'list')).not.toContain(trial.path)
  })

  it('lands nothing when the trial is removed instead: the feature branch never sees its commits', async () => {
    await put(t1.path, 'api.ts', 'broken\n')
    await fx.workspace.commitAll(t1.path, { message: 'T1: API', author })
    const before = await featureHead()
    const trial = await fx.workspace.startTrialMerge(feature, t1.branch, 'Merge T1')

    await fx.workspace.removeWorktree(trial.path)

    expect(await featureHead()).toBe(before)
    expect(await fx.git(fx.work, 'branch', '--contains', t1.branch, '--list', feature)).toBe('')
  })

  it('keeps a conflicted merge in the scratch worktree until it is resolved, and abandons it on removal', async () => {
    await put(t1.path, 'config.txt', 'port=8080\n')
    await put(t2.path, 'config.txt', 'port=9090\n')
    await fx.workspace.commitAll(t1.path, { message: 'T1: port', author })
    await fx.workspace.commitAll(t2.path, { message: 'T2: port', author })
    await landTask(fx.workspace, feature, t1.branch, 'Merge T1')
    const before = await featureHead()
    const integration = await fx.workspace.integrationWorktree(feature)

    const trial = await fx.workspace.startTrialMerge(feature, t2.branch, 'Merge T2')

    expect(trial.result).toEqual({ ok: false, conflicts: ['config.txt'] })
    expect(await fx.git(integration, 'status', '--porcelain')).toBe('')
    await expect(fx.workspace.advanceFeature(feature, trial.path)).rejects.toThrow(/not concluded/)
    await expect(fx.workspace.completeTrialMerge(trial.path, 'Merge T2')).rejects.toThrow(
      /Conflict markers remain in config.txt/
    )
    await writeFile(join(trial.path, 'config.txt'), 'port=9090\n')
    const sha = await fx.workspace.completeTrialMerge(trial.path, 'Merge T2 (resolved)')
    expect(await fx.git(trial.path, 'log', '-1', '--format=%s', sha)).toBe('Merge T2 (resolved)')
    expect(await featureHead()).toBe(before)

    const again = await fx.workspace.startTrialMerge(feature, t2.branch, 'Merge T2')
    expect(again.result).toMatchObject({ ok: false })
    await fx.workspace.removeWorktree(again.path)
    expect(await featureHead()).toBe(before)
    expect(await fx.git(integration, 'status', '--porcelain')).toBe('')
  })

  it('lands a resolved conflict as a merge of the feature head and the task, with the task’s other files', async () => {
    await put(t1.path, 'config.txt', 'port=8080\n')
    await put(t2.path, 'config.txt', 'port=9090\n')
    await put(t2.path, 'other.txt', 'fine\n')
    await fx.workspace.commitAll(t1.path, { message: 'T1: port', author })
    await fx.workspace.commitAll(t2.path, { message: 'T2: port', author })
    await landTask(fx.workspace, feature, t1.branch, 'Merge T1')
    const t1Merge = await featureHead()
    const trial = await fx.workspace.startTrialMerge(feature, t2.branch, 'Merge T2')
    expect(trial.result).toEqual({ ok: false, conflicts: ['config.txt'] })
    expect(await readFile(join(trial.path, 'config.txt'), 'utf8')).toContain('<<<<<<<')

    await put(trial.path, 'config.txt', 'port=9090\n')
    const sha = await fx.workspace.completeTrialMerge(trial.path, 'Merge T2: port (resolved)')

    expect(await fx.workspace.advanceFeature(feature, trial.path)).toEqual({ ok: true, sha })
    expect(await fx.git(fx.work, 'log', '-1', '--format=%s', feature)).toBe('Merge T2: port (resolved)')
    expect((await fx.git(fx.work, 'log', '-1', '--format=%P', feature)).split(' ')).toEqual([
      t1Merge,
      await fx.git(fx.work, 'rev-parse', t2.branch)
    ])
    expect(await fx.workspace.readFileAt(feature, 'config.txt')).toBe('port=9090\n')
    expect(await fx.workspace.readFileAt(feature, 'other.txt')).toBe('fine\n')
  })

  it('does not mistake a Markdown heading underline for a conflict marker', async () => {
    await put(t1.path, 'README.md', 'Title\n=======\none\n')
    await put(t2.path, 'README.md', 'Title\n=======\ntwo\n')
    await fx.workspace.commitAll(t1.path, { message: 'T1', author })
    await fx.workspace.commitAll(t2.path, { message: 'T2', author })
    await landTask(fx.workspace, feature, t1.branch, 'Merge T1')
    const trial = await fx.workspace.startTrialMerge(feature, t2.branch, 'Merge T2')
    expect(trial.result).toEqual({ ok: false, conflicts: ['README.md'] })

    await put(trial.path, 'README.md', 'Title\n=======\none\ntwo\n')

    await expect(fx.workspace.completeTrialMerge(trial.path, 'Merge T2')).resolves.toMatch(/^[0-9a-f]{40}$/)
  })

  it('refuses to complete a trial that has no merge in progress', async () => {
    await put(t1.path, 'api.ts', 'export const api = 1\n')
    await fx.workspace.commitAll(t1.path, { message: 'T1: API', author })
    const trial = await fx.workspace.startTrialMerge(feature, t1.branch, 'Merge T1')

    await expect(fx.workspace.completeTrialMerge(trial.path, 'x')).rejects.toThrow(/No merge/)
  })

  it('refuses to merge into a feature branch that was never prepared', async () => {
    await expect(fx.workspace.startTrialMerge('agent-team/99-nothing', t1.branch, 'x')).rejects.toThrow(
      /prepare it first/
    )
  })

  it('refuses to land over commits the feature branch gained meanwhile, and lands after catching up', async () => {
    await put(t1.path, 'api.ts', 'export const api = 1\n')
    await fx.workspace.commitAll(t1.path, { message: 'T1: API', author })
    const trial = await fx.workspace.startTrialMerge(feature, t1.branch, 'Merge T1')
    const moved = await fx.workspace.commitEmpty(feature, { message: 'state: T2 done', author })

    expect(await fx.workspace.advanceFeature(feature, trial.path)).toEqual({ ok: false, head: moved })
    expect(await featureHead()).toBe(moved)

    const caughtUp = await fx.workspace.catchUpTrial(trial.path, feature)
    expect(await fx.git(trial.path, 'log', '-1', '--format=%P', caughtUp)).toContain(moved)
    expect(await fx.workspace.advanceFeature(feature, trial.path)).toEqual({ ok: true, sha: caughtUp })
    expect(await fx.workspace.readFileAt(feature, 'api.ts')).toBe('export const api = 1\n')
  })

  /** T1's branch gains a workflow, committed past the engine's checks (as an agent's own git could). */
  async function commitWorkflowPastTheEngine(): Promise<void> {
    await put(t1.path, '.github/workflows/steal.yml', 'on: push\n')
    await fx.git(t1.path, 'add', '--all')
    await fx.git(t1.path, '-c', 'core.hooksPath=/dev/null', 'commit', '--quiet', '-m', 'sneaky')
  }

  async function expectRefusedWorkflow(outcome: Promise<unknown>): Promise<void> {
    await expect(outcome).rejects.toThrow(ForbiddenChange)
    await expect(outcome).rejects.toThrow('.github/workflows/steal.yml')
  }

  it('refuses a task branch that carries a forbidden change and leaves no scratch worktree behind', async () => {
    await commitWorkflowPastTheEngine()
    const before = await featureHead()

    await expectRefusedWorkflow(fx.workspace.startTrialMerge(feature, t1.branch, 'Merge T1'))

    expect(await featureHead()).toBe(before)
    expect(await fx.git(fx.work, 'worktree', 'list')).not.toContain('trials')
    const integration = await fx.workspace.integrationWorktree(feature)
    expect(await fx.git(integration, 'status', '--porcelain')).toBe('')
  })

  it('merges one more task into a trial, and refuses one that carries a forbidden change', async () => {
    await put(t2.path, 'b.ts', 'b\n')
    await fx.workspace.commitAll(t2.path, { message: 'T2: b', author })
    const trial = await fx.workspace.startTrialMerge(feature, t2.branch, 'Merge T2')
    const head = await fx.git(trial.path, 'rev-parse', 'HEAD')
    await commitWorkflowPastTheEngine()

    expect(await fx.workspace.mergeIntoTrial(trial.path, t1.branch, 'Merge T1')).toEqual({ ok: false })

    expect(await fx.git(trial.path, 'rev-parse', 'HEAD')).toBe(head)
    expect(await fx.git(trial.path, 'status', '--porcelain')).toBe('')
    expect(existsSync(join(trial.path, '.github'))).toBe(false)
    await fx.git(t1.path, 'reset', '--quiet', '--hard', 'HEAD~1')
    await put(t1.path, 'a.ts', 'a\n')
    await fx.workspace.commitAll(t1.path, { message: 'T1: a', author })
    expect(await fx.workspace.mergeIntoTrial(trial.path, t1.branch, 'Merge T1')).toEqual({ ok: true })
    expect(await fx.git(trial.path, 'log', '-1', '--format=%s')).toBe('Merge T1')
    expect(await readFile(join(trial.path, 'a.ts'), 'utf8')).toBe('a\n')
  })

  it('reports a task with nothing new as up to date', async () => {
    const trial = await fx.workspace.startTrialMerge(feature, t1.branch, 'Merge T1')

    expect(trial.result).toEqual({ ok: true, sha: await featureHead(), upToDate: true })
    expect(await fx.workspace.advanceFeature(feature, trial.path)).toEqual({ ok: true, sha: trial.base })
  })

  it('replaces a scratch worktree an interrupted run left behind', async () => {
    await put(t1.path, 'api.ts', 'export const api = 1\n')
    await fx.workspace.commitAll(t1.path, { message: 'T1: API', author })
    const left = await fx.workspace.startTrialMerge(feature, t1.branch, 'Merge T1')
    await put(left.path, 'stray.txt', 'left over\n')

    const trial = await fx.workspace.startTrialMerge(feature, t1.branch, 'Merge T1')

    expect(trial.path).toBe(left.path)
    expect(trial.result).toMatchObject({ ok: true })
    expect(existsSync(join(trial.path, 'stray.txt'))).toBe(false)
    // The folder gone but still registered with git: reused all the same.
    await rm(trial.path, { recursive: true, force: true })
    const after = await fx.workspace.startTrialMerge(feature, t1.branch, 'Merge T1')
    expect(after.result).toMatchObject({ ok: true })
    expect(await fx.git(fx.work, 'worktree', 'list', '--porcelain')).toContain(after.path)
  })

  describe('landing clean merges without a scratch worktree (a team without checks)', () => {
    const landOne = async (branch: string, message: string) => {
      const [landing] = await fx.workspace.landCleanMerges(feature, [{ taskBranch: branch, message }])
      return landing
    }

    it('moves the feature branch and its integration worktree to a merge commit of the task', async () => {
      await put(t1.path, 'api.ts', 'export const api = 1\n')
      const taskSha = await fx.workspace.commitAll(t1.path, { message: 'T1: API', author })
      const before = await featureHead()
      const integration = await fx.workspace.integrationWorktree(feature)

      const landing = await landOne(t1.branch, 'Merge T1: API\n\nAgent-Task: T1')

      expect(landing).toEqual({ landed: true, sha: await featureHead() })
      expect(
        await fx.git(
          fx.work,
          'log',
          '-1',
          '--format=%P|%s|%cn|%(trailers:key=Agent-Task,valueonly,separator=)',
          feature
        )
      ).toBe(`${before} ${taskSha}|Merge T1: API|github-actions[bot]|T1`)
      expect(await readFile(join(integration, 'api.ts'), 'utf8')).toBe('export const api = 1\n')
      expect(await fx.git(integration, 'status', '--porcelain')).toBe('')
      expect(await fx.git(fx.work, 'worktree', 'list')).not.toContain('trials')
    })

    it('lands nothing on a conflict, so the merge is made in a trial', async () => {
      await put(t1.path, 'config.txt', 'port=81\n')
      await fx.workspace.commitAll(t1.path, { message: 'T1: port', author })
      await put(t2.path, 'config.txt', 'port=82\n')
      await fx.workspace.commitAll(t2.path, { message: 'T2: port', author })
      expect(await landOne(t1.branch, 'Merge T1')).toEqual({ landed: true, sha: await featureHead() })
      const before = await featureHead()

      expect(await landOne(t2.branch, 'Merge T2')).toEqual({ landed: false })

      expect(await featureHead()).toBe(before)
      const trial = await fx.workspace.startTrialMerge(feature, t2.branch, 'Merge T2')
      expect(trial.result).toEqual({ ok: false, conflicts: ['config.txt'] })
    })

    it('refuses a forbidden change the same way a trial does, and the feature branch stays', async () => {
      await commitWorkflowPastTheEngine()
      const before = await featureHead()

      const landing = await landOne(t1.branch, 'Merge T1')

      expect(landing?.landed).toBe(false)
      await expectRefusedWorkflow(Promise.reject((landing as { error?: unknown }).error))
      expect(await featureHead()).toBe(before)
    })

    it('leaves the feature branch where it is for a task with nothing new', async () => {
      const before = await featureHead()
      expect(await landOne(t1.branch, 'Merge T1')).toEqual({ landed: true, sha: before })
      expect(await featureHead()).toBe(before)
    })

    it('lands a batch with one move of the branch, each merge on the one before, skipping what cannot land', async () => {
      const t3 = await fx.workspace.createTaskWorktree('T3', taskBranchName(feature, 'T3'), feature)
      const t4 = await fx.workspace.createTaskWorktree('T4', taskBranchName(feature, 'T4'), feature)
      await put(t1.path, 'a.ts', 'a\n')
      const a = await fx.workspace.commitAll(t1.path, { message: 'T1', author })
      await put(t2.path, 'README.md', '# T2 was here\n')
      const b = await fx.workspace.commitAll(t2.path, { message: 'T2', author })
      await put(t3.path, 'README.md', '# T3 was here too\n')
      await fx.workspace.commitAll(t3.path, { message: 'T3', author })
      await put(t4.path, '.github/workflows/steal.yml', 'on: push\n')
      await fx.git(t4.path, 'add', '--all')
      await fx.git(t4.path, '-c', 'core.hooksPath=/dev/null', 'commit', '--quiet', '-m', 'sneaky')
      const before = await featureHead()
      const integration = await fx.workspace.integrationWorktree(feature)
      const moves = async () => (await fx.git(fx.work, 'reflog', '--format=%H', feature)).split('\n').length
      const movesBefore = await moves()

      const landings = await fx.workspace.landCleanMerges(feature, [
        { taskBranch: t2.branch, message: 'Merge T2' },
        { taskBranch: t3.branch, message: 'Merge T3' },
        { taskBranch: t4.branch, message: 'Merge T4' },
        { taskBranch: t1.branch, message: 'Merge T1' }
      ])

      const head = await featureHead()
      expect(landings.map(landing => landing.landed)).toEqual([true, false, false, true])
      expect(landings[3]).toEqual({ landed: true, sha: head })
      // T3 conflicts with T2, which landed before it in the batch: it waits for a trial of its own.
      expect(landings[1]).toEqual({ landed: false })
      await expectRefusedWorkflow(Promise.reject((landings[2] as { error?: unknown }).error))
      const log = await fx.git(fx.work, 'log', '--first-parent', '--format=%s|%P', `${before}..${head}`)
      const merges = log.split('\n').map(line => line.split('|'))
      expect(merges.map(([subject]) => subject)).toEqual(['Merge T1', 'Merge T2'])
      expect(merges[1]?.[1]).toBe(`${before} ${b}`)
      expect(merges[0]?.[1]).toBe(`${(landings[0] as { sha: string }).sha} ${a}`)
      // One move of the branch for the whole batch, and the integration worktree followed it.
      expect(await moves()).toBe(movesBefore + 1)
      expect(await fx.git(integration, 'rev-parse', 'HEAD')).toBe(head)
      expect(await fx.git(integration, 'status', '--porcelain')).toBe('')
      expect(await readFile(join(integration, 'README.md'), 'utf8')).toBe('# T2 was here\n')
      expect(existsSync(join(integration, '.github'))).toBe(false)
    })
  })
})
