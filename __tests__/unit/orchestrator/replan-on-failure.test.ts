import { describe, expect, it } from '@jest/globals'
import type { RunPorts } from '../../../src/ports/run-ports.js'
import { createBudget } from '../../../src/orchestrator/budget.js'
import { scheduleWithReplans, type ReplanContext } from '../../../src/orchestrator/replan-on-failure.js'
import { createRunKeeper } from '../../../src/state/run-keeper.js'
import type { TaskEnd } from '../../../src/orchestrator/scheduler.js'
import type { PlanTask } from '../../../src/planning/plan.js'
import { silentLogger } from '../../../src/util/logger.js'
import { fakeModel, toolUseReply, type FakeModel } from '../../harness/fake-model.js'
import { task, team } from '../planning/fixtures.js'
import { at, branchOf, PLAN, plannedRun, SHA1 } from '../state/fixtures.js'

const NOW = Date.parse(at(10))
const roles = team({ backend: 'The API.', frontend: 'The UI.', qa: 'The tests.' })

/**
 * The loop around the scheduler: a real keeper and reducer, the manager as a scripted model, and tasks that
 * end as a script says (recording their events as a real task would), so each test reads as a run.
 */
function setUp(options: {
  replies?: Parameters<typeof fakeModel>[0]
  iterations?: number
  signal?: AbortSignal
}) {
  const model: FakeModel = fakeModel(options.replies ?? [])
  const keeper = createRunKeeper(plannedRun(), () => NOW)
  const ports = { modelFor: () => model, logger: silentLogger } as Pick<RunPorts, 'modelFor' | 'logger'>
  const ctx: ReplanContext = {
    team: { ...roles, coordination: { maxIterations: 3, autoMerge: true } },
    plan: PLAN,
    keeper,
    ports: ports as RunPorts,
    budget: createBudget({ tokenBudget: 0, costLimitUsd: 0 }),
    managerPrompt: 'You manage the team.',
    iterationsLeft: { count: options.iterations ?? 3 },
    signal: options.signal
  }
  const ran: string[] = []
  /** Each task merges, except that the task named in `failures` fails that many times first. */
  const run = (failures: Record<string, number> = {}) =>
    scheduleWithReplans(ctx, {
      feature: { title: 'Add dark mode', body: 'Users want a dark theme.' },
      maxParallel: 2,
      shouldStop: () => options.signal?.aborted === true,
      runTask: async (definition: PlanTask): Promise<TaskEnd> => {
        const taskId = definition.id
        ran.push(taskId)
        const attempt = (keeper.state.tasks.find(t => t.id === taskId)?.attempts ?? 0) + 1
        keeper.dispatch({ type: 'task_started', taskId, branch: branchOf(taskId), attempt })
        if ((failures[taskId] ?? 0) >= attempt) {
          keeper.dispatch({
            type: 'task_failed',
            taskId,
            reason: 'the toggle needs a theme context\nat line 3'
          })
          return 'failed'
        }
        keeper.dispatch({
          type: 'task_finished',
          taskId,
          summary: `${taskId} done`,
          filesChanged: [],
          checksRun: []
        })
        keeper.dispatch({ type: 'task_merged', taskId, sha: SHA1 })
        return 'merged'
      }
    })
  return { ctx, keeper, model, ran, run }
}

const revision = (input: Partial<Record<string, unknown>>, inputTokens = 0) =>
  toolUseReply(
    'revise_plan',
    { change: 'Changed.', summary: 'A new way.', decisions: [], dropped: [], ...input },
    { inputTokens }
  )

describe('scheduleWithReplans', () => {
  it('asks the manager after a failure, drops the failed task, runs its replacement, and never redoes merged work', async () => {
    const { ctx, keeper, model, ran, run } = setUp({
      replies: [
        revision({
          change: 'T2 is replaced by a smaller toggle task.',
          summary: 'A theme context first, then the toggle, then QA.',
          tasks: [
            task('T2B', ['T1'], { role: 'frontend', title: 'Theme context and toggle' }),
            task('T3', ['T1', 'T2B'], { role: 'qa' })
          ],
          dropped: [{ id: 'T2', reason: 'it assumed a theme context that does not exist' }]
        })
      ]
    })

    const result = await run({ T2: 1 })

    expect(ran).toEqual(['T1', 'T2', 'T2B', 'T3'])
    expect(result).toEqual({ merged: ['T1', 'T2B', 'T3'], failed: [], blocked: [], notStarted: [] })
    expect(model.requests).toHaveLength(1)
    expect(model.requests[0]!.toolChoice).toEqual({ type: 'tool', name: 'revise_plan' })
    expect(JSON.stringify(model.requests[0]!.messages)).toContain('Task T2 failed')
    const state = keeper.state
    expect(state.run.plan_version).toBe(2)
    expect(state.plan_history?.[0]).toMatchObject({
      version: 2,
      reason: 'T2 failed: the toggle needs a theme context'
    })
    expect(state.tasks.find(t => t.id === 'T2')).toMatchObject({ state: 'dropped' })
    expect(state.tasks.find(t => t.id === 'T1')?.attempts).toBe(1)
    // The agents' briefs follow the new version; the revision spent one iteration.
    expect(ctx.plan.summary).toBe('A theme context first, then the toggle, then QA.')
    expect(ctx.plan.tasks.map(t => t.id)).toEqual(['T1', 'T2B', 'T3'])
    expect(ctx.iterationsLeft.count).toBe(2)
  })

  it('runs a failed task the revision keeps again, as its next attempt', async () => {
    const { keeper, ran, run } = setUp({
      replies: [
        revision({
          tasks: [
            task('T2', ['T1'], { role: 'frontend', description: 'Create the theme context first.' }),
            task('T3', ['T1', 'T2'], { role: 'qa' })
          ]
        })
      ]
    })

    const result = await run({ T2: 1 })

    expect(ran).toEqual(['T1', 'T2', 'T2', 'T3'])
    expect(result.failed).toEqual([])
    expect(keeper.state.tasks.find(t => t.id === 'T2')).toMatchObject({ state: 'done', attempts: 2 })
    expect(keeper.state.run.plan_version).toBe(2)
  })

  it('stops revising once coordination.max_iterations is spent, leaving the failure as it is', async () => {
    const keep = revision({
      tasks: [task('T2', ['T1'], { role: 'frontend' }), task('T3', ['T1', 'T2'], { role: 'qa' })]
    })
    const { keeper, model, ran, run } = setUp({ replies: [keep, keep], iterations: 2 })

    const result = await run({ T2: 5 })

    expect(model.requests).toHaveLength(2)
    expect(ran).toEqual(['T1', 'T2', 'T2', 'T2'])
    expect(result).toEqual({ merged: ['T1'], failed: ['T2'], blocked: [], notStarted: ['T3'] })
    expect(keeper.state.run.plan_version).toBe(3)
  })

  it('ends the pass as it was when the manager cannot make a valid revision, charging what it spent', async () => {
    // T2 and T3 are neither kept nor dropped: every attempt is refused.
    const invalid = revision({ tasks: [] }, 100)
    const { keeper, model, run } = setUp({ replies: [invalid, invalid, invalid] })
    const spentBefore = keeper.state.manager_usage.input_tokens

    const result = await run({ T2: 1 })

    expect(model.requests).toHaveLength(3)
    expect(result.failed).toEqual(['T2'])
    expect(keeper.state.run.plan_version).toBe(1)
    expect(keeper.state.manager_usage.input_tokens).toBe(spentBefore + 300)
  })

  it('does not re-plan a halted run', async () => {
    const controller = new AbortController()
    const { model, run } = setUp({ signal: controller.signal })
    controller.abort()

    const result = await run({ T2: 1 })

    expect(model.requests).toHaveLength(0)
    expect(result.merged).toEqual([])
  })
})
