import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { landCheckedMerges, type CheckedMerge } from '../../../src/orchestrator/checked-landing.js'
import type { TeamContext } from '../../../src/orchestrator/team-context.js'
import type { PlanTask } from '../../../src/planning/plan.js'
import type { CommandSandbox } from '../../../src/sandbox/sandbox.js'
import { silentLogger } from '../../../src/util/logger.js'
import { taskBranchName } from '../../../src/workspace/branch-names.js'
import { author, createWorkspaceFixture, put, type WorkspaceFixture } from '../workspace/workspace-fixture.js'

const feature = 'agent-team/30-checked'

/**
 * Three tasks whose merges passed their checks ahead of the lock, each in its own trial on the same head of
 * the feature branch, landed by landCheckedMerges in one pass. The check is `check`, which fails when the
 * trial holds every file `failsWith` names; each run records which task files the trial held.
 */
describe('landCheckedMerges: merges checked ahead land together, checked once more for all', () => {
  let fx: WorkspaceFixture
  let checksRan: string[][]
  let failsWith: string[]

  beforeEach(async () => {
    fx = await createWorkspaceFixture({ files: { 'README.md': '# app\n' } })
    await fx.workspace.prepareFeatureBranch('main', feature)
    checksRan = []
    failsWith = ['never.ts']
  })
  afterEach(() => fx.cleanup())

  const sandbox: CommandSandbox = {
    kind: 'none',
    description: 'scripted',
    run: async (_argv, options) => {
      const present = ['t1.ts', 't2.ts', 't3.ts'].filter(file => existsSync(join(options.root, file)))
      checksRan.push(present)
      const fails = failsWith.every(file => present.includes(file))
      return {
        exitCode: fails ? 1 : 0,
        signal: null,
        stdout: fails ? 'error: the files clash' : 'ok',
        stderr: '',
        timedOut: false,
        truncated: false,
        durationMs: 1
      }
    }
  }

  function context(): TeamContext {
    return {
      featureBranch: feature,
      workspace: fx.workspace,
      team: {
        checks: ['check'],
        limits: { commandTimeoutSeconds: 60 },
        sandbox: { env: {}, memoryMb: 0, maxProcesses: 0 }
      },
      sandbox,
      secrets: [],
      ports: { logger: silentLogger }
    } as unknown as TeamContext
  }

  /** A task that adds `files` on its branch, merged in a trial of its own on the feature branch's head. */
  async function checkedAhead(id: string, files: Record<string, string>): Promise<CheckedMerge> {
    const branch = taskBranchName(feature, id)
    const worktree = await fx.workspace.createTaskWorktree(id, branch, feature)
    for (const [path, content] of Object.entries(files)) await put(worktree.path, path, content)
    await fx.workspace.commitAll(worktree.path, { message: `${id}: work`, author })
    const message = `Merge ${id}`
    const trial = await fx.workspace.startTrialMerge(feature, branch, message)
    return { task: { id, title: id } as PlanTask, branch, message, trial: trial.path }
  }

  function handlers() {
    const landed: Array<[string, string]> = []
    const alone: string[] = []
    return {
      landed,
      alone,
      handlers: {
        landed: (task: PlanTask, sha: string) => {
          landed.push([task.id, sha])
          return 'merged' as const
        },
        mergeAlone: async (merge: CheckedMerge) => {
          alone.push(merge.task.id)
          return 'failed' as const
        }
      }
    }
  }

  const featureHead = () => fx.git(fx.work, 'rev-parse', feature)
  const filesOnFeature = async () =>
    (await fx.git(fx.work, 'ls-tree', '--name-only', feature)).split('\n').filter(f => f.startsWith('t'))

  it('lands the first as checked and carries the others in one more check', async () => {
    const merges = [
      await checkedAhead('T1', { 't1.ts': '1\n' }),
      await checkedAhead('T2', { 't2.ts': '2\n' }),
      await checkedAhead('T3', { 't3.ts': '3\n' })
    ]
    const { landed, alone, handlers: on } = handlers()

    const outcomes = await landCheckedMerges(context(), merges, on)

    expect(outcomes).toEqual([{ end: 'merged' }, { end: 'merged' }, { end: 'merged' }])
    expect(alone).toEqual([])
    // T1 passed on the head it was merged onto: no check. T2 and T3 went through one check together.
    expect(checksRan).toEqual([['t1.ts', 't2.ts', 't3.ts']])
    const head = await featureHead()
    expect(landed[0]?.[0]).toBe('T1')
    expect(landed.slice(1)).toEqual([
      ['T2', head],
      ['T3', head]
    ])
    expect(await filesOnFeature()).toEqual(['t1.ts', 't2.ts', 't3.ts'])
    expect(await fx.git(fx.work, 'log', '--format=%s', '--first-parent', feature)).toMatch(/^Merge T3\n/)
  })

  it('carries the merges whose checks ahead ended while it waited, in the same one check', async () => {
    const merges = [
      await checkedAhead('T1', { 't1.ts': '1\n' }),
      await checkedAhead('T2', { 't2.ts': '2\n' })
    ]
    const late = await checkedAhead('T3', { 't3.ts': '3\n' })
    const { landed, alone, handlers: on } = handlers()
    let gathered = 0

    const outcomes = await landCheckedMerges(context(), merges, {
      ...on,
      gather: async () => (gathered++ === 0 ? [late] : [])
    })

    // T1 landed as checked; T2 needed a check of its own, and T3, whose check had just ended, joined it.
    expect(outcomes).toEqual([{ end: 'merged' }, { end: 'merged' }, { end: 'merged' }])
    expect(alone).toEqual([])
    expect(checksRan).toEqual([['t1.ts', 't2.ts', 't3.ts']])
    expect(landed.map(([id]) => id)).toEqual(['T1', 'T2', 'T3'])
    expect(await filesOnFeature()).toEqual(['t1.ts', 't2.ts', 't3.ts'])
  })

  it('merges each carried task again on its own when the check fails on them together', async () => {
    failsWith = ['t2.ts', 't3.ts']
    const merges = [
      await checkedAhead('T1', { 't1.ts': '1\n' }),
      await checkedAhead('T2', { 't2.ts': '2\n' }),
      await checkedAhead('T3', { 't3.ts': '3\n' })
    ]
    const before = await featureHead()
    const { landed, alone, handlers: on } = handlers()

    const outcomes = await landCheckedMerges(context(), merges, on)

    expect(outcomes).toEqual([{ end: 'merged' }, { end: 'failed' }, { end: 'failed' }])
    expect(landed.map(([id]) => id)).toEqual(['T1'])
    expect(alone).toEqual(['T2', 'T3'])
    expect(await featureHead()).not.toBe(before)
    expect(await filesOnFeature()).toEqual(['t1.ts'])
  })

  it('merges each carried task again on its own when landing them together throws', async () => {
    const merges = [
      await checkedAhead('T1', { 't1.ts': '1\n' }),
      await checkedAhead('T2', { 't2.ts': '2\n' }),
      await checkedAhead('T3', { 't3.ts': '3\n' })
    ]
    const ctx = context()
    let advances = 0
    const workspace = fx.workspace
    ctx.workspace = new Proxy(workspace, {
      get(target, key) {
        if (key === 'advanceFeature') {
          return async (branch: string, path: string) => {
            // The first lands; the third call, the carrier's after its check, meets a fault.
            if (++advances === 3) throw new Error('the integration worktree is busy')
            return target.advanceFeature(branch, path)
          }
        }
        const value: unknown = Reflect.get(target, key)
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
      }
    })
    const { landed, alone, handlers: on } = handlers()

    const outcomes = await landCheckedMerges(ctx, merges, on)

    expect(outcomes).toEqual([{ end: 'merged' }, { end: 'failed' }, { end: 'failed' }])
    expect(landed.map(([id]) => id)).toEqual(['T1'])
    expect(alone).toEqual(['T2', 'T3'])
  })

  it('leaves out a task that conflicts with the carrier, for a merge of its own', async () => {
    const merges = [
      await checkedAhead('T1', { 't1.ts': '1\n' }),
      await checkedAhead('T2', { 't2.ts': '2\n', 'README.md': '# T2\n' }),
      await checkedAhead('T3', { 't3.ts': '3\n', 'README.md': '# T3\n' })
    ]
    const { landed, alone, handlers: on } = handlers()

    const outcomes = await landCheckedMerges(context(), merges, on)

    expect(outcomes).toEqual([{ end: 'merged' }, { end: 'merged' }, { end: 'failed' }])
    expect(landed.map(([id]) => id)).toEqual(['T1', 'T2'])
    // T3 could not join T2's trial, and its own conflicts with what landed: it is merged again alone.
    expect(alone).toEqual(['T3'])
    expect(checksRan).toEqual([['t1.ts', 't2.ts']])
    expect(await filesOnFeature()).toEqual(['t1.ts', 't2.ts'])
  })
})
