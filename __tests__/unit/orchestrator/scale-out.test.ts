import { describe, expect, it } from '@jest/globals'
import type { Forge } from '../../../src/github/forge.js'
import { claimable, dispatchReadyTasks, readyMatrix } from '../../../src/orchestrator/scale-out.js'
import { createRunKeeper } from '../../../src/state/run-keeper.js'
import type { RunState } from '../../../src/state/run-state.js'
import { saveMilestones } from '../../../src/state/state-saver.js'
import type { StateStore } from '../../../src/state/state-store.js'
import { silentLogger } from '../../../src/util/logger.js'
import { at, play, planned, SHA1, started, taskRun } from '../state/fixtures.js'

const NOW = Date.parse(at(60))
const MINUTE = 60_000

/** A store that keeps the last state in memory, as a runner that never races would see it. */
function memoryStore(): StateStore & { saved: RunState[] } {
  const saved: RunState[] = []
  return {
    saved,
    load: async () => saved.at(-1),
    save: async state => {
      saved.push(state)
      return state
    }
  }
}

function runner(state: RunState, options: { runners?: number; costLimitUsd?: number } = {}) {
  const clock = { now: () => NOW, sleep: async () => undefined }
  const keeper = createRunKeeper(state, clock.now)
  const store = memoryStore()
  const saver = saveMilestones(keeper, store, silentLogger, clock, { shared: true })
  const dispatched: { workflow: string; ref: string; inputs: Record<string, string> }[] = []
  const forge = {
    dispatchWorkflow: async (request: (typeof dispatched)[number]) => void dispatched.push(request)
  }
  const logged: string[] = []
  const logger = {
    ...silentLogger,
    info: (m: string) => logged.push(m),
    warning: (m: string) => logged.push(m)
  }
  return {
    keeper,
    store,
    dispatched,
    logged,
    context: {
      keeper,
      saver,
      ports: { forge: forge as unknown as Forge, logger, clock },
      scaleOut: {
        runners: options.runners ?? 4,
        runner: { id: '101-1' },
        workflow: { file: 'agents.yml', ref: 'main' },
        staleAfterMs: 10 * MINUTE
      },
      limits: { tokenBudget: 0, costLimitUsd: options.costLimitUsd ?? 0 }
    }
  }
}

describe('starting runners for the tasks that can start', () => {
  const firstMerged = () => play([started, planned, ...taskRun('T1', 2, SHA1)])

  it('dispatches each ready task once, with the inputs the workflow maps to mode, task and run_key', async () => {
    const r = runner(firstMerged())
    expect(await dispatchReadyTasks(r.context)).toEqual(['T2'])
    expect(r.dispatched).toEqual([
      {
        workflow: 'agents.yml',
        ref: 'main',
        inputs: { mode: 'task', task: 'T2', run_key: r.keeper.state.run.key }
      }
    ])
    // The claim was committed before the dispatch, and a second look starts nothing more.
    expect(r.store.saved.at(-1)?.tasks.find(t => t.id === 'T2')?.dispatched_by).toBe('101-1')
    expect(await dispatchReadyTasks(r.context)).toEqual([])
    expect(r.dispatched).toHaveLength(1)
    // Dispatched tasks have their job: a matrix of one's own would not list them again.
    expect(JSON.parse(readyMatrix(r.keeper.state))).toEqual({ include: [] })
  })

  it('lists the ready tasks as a strategy matrix for a workflow that fans out itself', () => {
    expect(JSON.parse(readyMatrix(firstMerged()))).toEqual({
      include: [{ task: 'T2', run_key: firstMerged().run.key }]
    })
  })

  it('starts no more runners than `runners` at once, counting the ones at work', async () => {
    const r = runner(firstMerged(), { runners: 1 })
    r.keeper.dispatch({ type: 'task_dispatched', taskId: 'T2', by: '202-1' })
    expect(await dispatchReadyTasks(r.context)).toEqual([])
    expect(r.logged.at(-1)).toBe('Nothing to start now: 1 of 3 tasks merged, 1 running or dispatched.')
  })

  it('dispatches again a task whose runner went quiet for longer than the heartbeat timeout', () => {
    const quiet = play(
      [
        { type: 'task_dispatched', at: at(10), taskId: 'T2', by: '202-1' },
        { type: 'task_started', at: at(11), taskId: 'T2', branch: 'b', attempt: 1, runner: { id: '202-1' } }
      ],
      firstMerged()
    )
    expect(claimable(quiet, Date.parse(at(15)), 10 * MINUTE)).toEqual([])
    expect(claimable(quiet, Date.parse(at(22)), 10 * MINUTE).map(t => t.id)).toEqual(['T2'])
  })

  it('starts nothing once the run has spent its budget, and says so', async () => {
    const r = runner(firstMerged(), { costLimitUsd: 0.01 })
    expect(await dispatchReadyTasks(r.context)).toEqual([])
    expect(r.dispatched).toEqual([])
    expect(r.logged.at(-1)).toMatch(/^Starting no more tasks: The run's cost limit of \$0\.01 is reached/)
  })

  it('refuses to spread a run outside GitHub Actions, where no job can be dispatched', async () => {
    const r = runner(firstMerged())
    await expect(
      dispatchReadyTasks({ ...r.context, scaleOut: { ...r.context.scaleOut, workflow: undefined } })
    ).rejects.toThrow('GITHUB_WORKFLOW_REF is not set')
  })
})
