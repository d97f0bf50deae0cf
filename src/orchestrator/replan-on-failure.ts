import { reviseAndRecord } from '../state/record-revision.js'
import type { PlanTask } from '../planning/plan.js'
import { truncate } from '../report/format.js'
import type { Feature } from '../trigger/request.js'
import { errorMessage } from '../util/errors.js'
import { runSchedule, type ScheduleResult, type TaskEnd } from './scheduler.js'
import type { TeamContext } from './team-context.js'

/** How much of a failure names the new version in the plan's history. */
const REASON_LENGTH = 120

/** What the re-plan loop uses of the team's shared context. */
export type ReplanContext = Pick<
  TeamContext,
  'team' | 'plan' | 'keeper' | 'ports' | 'budget' | 'managerPrompt' | 'iterationsLeft' | 'signal'
>

/**
 * Runs the plan's task graph, and when a pass ends with failed tasks, asks the manager for a revision of
 * the rest of the graph and runs the new version, until a pass ends without failures or no revision is
 * possible (no iterations left, the budget spent, the run halted, or the manager could not make one).
 *
 * A loop around whole passes rather than a hook inside the scheduler, on purpose: when a pass has ended
 * no session is running, so the revision never races an agent (the state refuses to drop a running task,
 * and an agent's brief must not change under it), and the scheduler keeps one fixed graph per pass. The
 * cost is small: the tasks that depend on the failed one could not start before the revision anyway.
 *
 * The result is the last pass's: every task of the current version (dropped ones are no longer in it,
 * so they count neither as failed nor as not started), merged tasks from earlier passes included.
 */
export async function scheduleWithReplans(
  ctx: ReplanContext,
  options: {
    feature: Feature
    maxParallel: number
    runTask: (task: PlanTask) => Promise<TaskEnd>
    shouldStop: () => boolean
  }
): Promise<ScheduleResult> {
  // Tasks that ended a pass waiting for people stay waiting: a new version of the plan answers no question.
  let waiting = new Set<string>()
  for (;;) {
    const result = await runSchedule({
      tasks: ctx.plan.tasks,
      maxParallel: options.maxParallel,
      alreadyMerged: ctx.keeper.state.tasks.filter(t => t.merge_sha !== undefined).map(t => t.id),
      runTask: task => (waiting.has(task.id) ? Promise.resolve('blocked') : options.runTask(task)),
      shouldStop: options.shouldStop
    })
    if (result.failed.length === 0 || !(await replan(ctx, result.failed, options.feature))) return result
    waiting = new Set(result.blocked)
  }
}

/**
 * One revision after failures: the manager sees the whole plan with every task's state and failure, and is
 * asked about the first failed task. Applies it (a new plan version; failed tasks it keeps are queued again,
 * to run from their branches) and returns true, or returns false when no revision is to be made.
 */
async function replan(ctx: ReplanContext, failed: string[], feature: Feature): Promise<boolean> {
  const { keeper, ports } = ctx
  // A halted run ends as its halt says; its tasks' "failures" are interruptions.
  if (ctx.signal?.aborted) return false
  if (ctx.iterationsLeft.count <= 0) {
    ports.logger.info(`${failed.join(', ')} failed and no re-plans are left (coordination.max_iterations).`)
    return false
  }
  try {
    ctx.budget.assertWithin()
  } catch {
    return false
  }
  const task = keeper.state.tasks.find(t => t.id === failed[0] && t.state === 'failed')
  if (!task) return false
  ctx.iterationsLeft.count--
  const detail = task.failure_reason ?? 'the task failed'
  const model = ports.modelFor(ctx.team.manager)
  let revised
  try {
    revised = await reviseAndRecord(
      keeper,
      {
        model,
        team: ctx.team,
        managerPrompt: ctx.managerPrompt,
        feature,
        reason: { kind: 'failure', taskId: task.id, detail },
        signal: ctx.signal,
        logger: ports.logger
      },
      {
        charge: usage => ctx.budget.charge(model.id, usage),
        reasonFor: () => `${task.id} failed: ${truncate(detail.split('\n', 1)[0] ?? '', REASON_LENGTH)}`
      }
    )
  } catch (error) {
    // The run ends as it would have without a revision; why is in the log.
    if (!ctx.signal?.aborted)
      ports.logger.warning(`Could not re-plan after ${task.id} failed: ${errorMessage(error)}`)
    return false
  }
  keeper.dispatch({
    type: 'agent_update',
    taskId: task.id,
    role: 'manager',
    message: `Re-planned after ${task.id} failed: ${revised.change}`
  })
  for (const kept of revised.plan.tasks) {
    if (keeper.state.tasks.find(t => t.id === kept.id)?.state === 'failed') {
      keeper.dispatch({ type: 'task_reset', taskId: kept.id })
    }
  }
  // Agents' briefs read the plan's summary from here: they must see the version they work in.
  ctx.plan = revised.plan
  ports.logger.info(`Plan v${keeper.state.run.plan_version} after ${task.id} failed: ${revised.change}`)
  return true
}
