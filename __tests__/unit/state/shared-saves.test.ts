import { afterEach, describe, expect, it } from '@jest/globals'
import { openBranchStateStore } from '../../../src/state/branch-state-store.js'
import type { StateEvent } from '../../../src/state/events.js'
import { createRunKeeper, type RunKeeper } from '../../../src/state/run-keeper.js'
import type { RunState } from '../../../src/state/run-state.js'
import { saveMilestones, type StateSaver } from '../../../src/state/state-saver.js'
import type { StateStore } from '../../../src/state/state-store.js'
import { claimFinishing } from '../../../src/orchestrator/scale-out.js'
import { silentLogger } from '../../../src/util/logger.js'
import { createTempRepo, runGit, type TempRepo } from '../../harness/git-repo.js'
import { at, play, planned, RUN_KEY, SHA1, SHA2, SHA3, started, taskRun, usage } from './fixtures.js'
import { cloneOf, lines, testGitEnv } from './state-store-fixture.js'

const STATE = 'agent-team/state'

/** A clock whose sleeps return at once and whose time moves on a second per look. */
function steppingClock(): { now: () => number; sleep: () => Promise<void> } {
  let now = Date.parse(at(30))
  return { now: () => (now += 1000), sleep: async () => undefined }
}

interface Runner {
  id: string
  keeper: RunKeeper
  saver: StateSaver
  store: StateStore
}

/**
 * Two runners of one run, each in its own clone of an origin that refuses force pushes, both starting from
 * the committed `base`, each saving its events over whatever the other committed first.
 */
async function twoRunners(repo: TempRepo, base: RunState): Promise<[Runner, Runner]> {
  const clock = steppingClock()
  const open = (dir: string) =>
    openBranchStateStore({ repoDir: dir, env: testGitEnv, clock, retryDelayMs: 1 })
  const first = await open(repo.work)
  await first.save(base, `${RUN_KEY}: base`)
  const runner = async (id: string, dir: string): Promise<Runner> => {
    const store = dir === repo.work ? first : await open(dir)
    const keeper = createRunKeeper((await store.load(RUN_KEY)) as RunState, clock.now)
    const saver = saveMilestones(keeper, store, silentLogger, clock, { shared: true })
    return { id, keeper, saver, store }
  }
  return [await runner('101-1', repo.work), await runner('202-1', await cloneOf(repo, 'runner-2'))]
}

const withoutTime = (event: StateEvent) => {
  const { at: _at, ...rest } = event
  return rest as never
}

describe('a run shared by several runners', () => {
  let repo: TempRepo

  afterEach(() => repo.cleanup())

  async function guardedRepo(): Promise<TempRepo> {
    repo = await createTempRepo()
    await runGit(repo.origin, 'config', 'receive.denyNonFastForwards', 'true')
    return repo
  }

  it('keeps what both runners did when they commit at the same moment: usage adds up, no write is lost', async () => {
    const t1Started: StateEvent = {
      type: 'task_started',
      at: at(2),
      taskId: 'T1',
      branch: 'agent-team/12-add-dark-mode--t1',
      attempt: 1,
      runner: { id: '101-1' }
    }
    const [a, b] = await twoRunners(await guardedRepo(), play([started, planned, t1Started]))
    const before = a.keeper.state.usage.cost_usd

    a.keeper.dispatch({ type: 'task_usage', taskId: 'T1', usage: usage(100, 10), costUsd: 0.5 })
    a.keeper.dispatch({ type: 'agent_update', taskId: 'T1', role: 'backend', message: 'from a' })
    a.keeper.dispatch({ type: 'task_heartbeat', taskId: 'T1', runner: '101-1' })
    b.keeper.dispatch({ type: 'manager_usage', usage: usage(200, 20), costUsd: 0.25 })
    b.keeper.dispatch({ type: 'agent_update', taskId: 'T2', role: 'frontend', message: 'from b' })
    b.keeper.dispatch({ type: 'task_dispatched', taskId: 'T2', by: '202-1' })
    await Promise.all([a.saver.commitNow(), b.saver.commitNow()])

    const committed = (await a.store.load(RUN_KEY)) as RunState
    expect(committed.usage.cost_usd).toBeCloseTo(before + 0.75, 10)
    expect(committed.agent_updates.map(u => u.summary)).toEqual(expect.arrayContaining(['from a', 'from b']))
    expect(committed.tasks.find(t => t.id === 'T1')?.usage.cost_usd).toBeCloseTo(0.5, 10)
    expect(committed.tasks.find(t => t.id === 'T2')?.dispatched_by).toBe('202-1')
    // The runner that lost the race carries on from the merged state, the other's work in it.
    const caughtUp = [a, b].filter(r => r.keeper.state.usage.cost_usd === committed.usage.cost_usd)
    expect(caughtUp.length).toBeGreaterThanOrEqual(1)
    expect(await lines(repo.origin, 'rev-list', '--merges', STATE)).toEqual([])
  })

  it('dispatches a task once when two runners claim it together', async () => {
    const [a, b] = await twoRunners(await guardedRepo(), play([started, planned, ...taskRun('T1', 2, SHA1)]))

    for (const runner of [a, b])
      runner.keeper.dispatch({ type: 'task_dispatched', taskId: 'T2', by: runner.id })
    await Promise.all([a.saver.commitNow(), b.saver.commitNow()])

    const committed = (await a.store.load(RUN_KEY)) as RunState
    const t2 = committed.tasks.find(t => t.id === 'T2')
    expect(['101-1', '202-1']).toContain(t2?.dispatched_by)
    // Both runners now agree on who holds it, so only that one starts a job.
    for (const runner of [a, b]) {
      expect(runner.keeper.state.tasks.find(t => t.id === 'T2')?.dispatched_by).toBe(t2?.dispatched_by)
    }
  })

  it('finishes the run once when the last two tasks merge on two runners at the same moment', async () => {
    const base = play([started, planned, ...taskRun('T1', 2, SHA1)])
    const [a, b] = await twoRunners(await guardedRepo(), base)
    // T2 merged on A; T3 (which needs T2) on B once it has learnt of T2 from the commit.
    for (const event of taskRun('T2', 10, SHA2).map(withoutTime)) a.keeper.dispatch(event)
    await a.saver.commitNow()
    const t3Events = taskRun('T3', 20, SHA3).map(withoutTime)
    // B learns of T2 from the commit, then merges T3; A saw only its own T2 when it looks.
    b.keeper.rebase((await b.store.load(RUN_KEY)) as RunState, [])
    for (const event of t3Events) b.keeper.dispatch(event)
    await b.saver.commitNow()
    a.keeper.rebase((await a.store.load(RUN_KEY)) as RunState, [])

    const ports = { forge: {} as never, logger: silentLogger, clock: steppingClock() as never }
    const scaleOut = (id: string) => ({ runners: 4, runner: { id }, staleAfterMs: 60_000 })
    const limits = { tokenBudget: 0, costLimitUsd: 0 }
    const claims = await Promise.all(
      [a, b].map(r =>
        claimFinishing({ keeper: r.keeper, saver: r.saver, ports, scaleOut: scaleOut(r.id), limits })
      )
    )

    expect(claims.filter(Boolean)).toHaveLength(1)
    const committed = (await a.store.load(RUN_KEY)) as RunState
    expect(committed.run.finisher?.runner).toBe(claims[0] ? '101-1' : '202-1')
    expect(committed.tasks.every(t => t.merge_sha !== undefined)).toBe(true)
  })
})
