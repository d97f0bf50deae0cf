import { sessionRequest } from '../agents/session.js'
import { errorMessage } from '../util/errors.js'
import { featureAllowList, roleOf, sessionSetup } from './agent-session.js'
import { taskBrief } from './task-brief.js'
import type { TeamContext } from './team-context.js'

/** Per run: the pass asking now (passes go one at a time), and the agents' summaries not yet in the state. */
interface Asking {
  pass: Promise<void>
  finished: Map<string, string>
}

const runs = new WeakMap<TeamContext, Asking>()

/**
 * Asks for the first reply of each task that will start next, while what holds it back is the engine's own
 * work: its dependencies' agents have all finished and only their commits, merges and checks, and the
 * task's own worktree, remain. Only first attempts of new tasks, in plan order, no more than `max_parallel`
 * leaves free beside the agents at work and the replies already asked for, and only within the budget.
 * `finished` names an agent whose session just ended with `summary`, before the engine has committed it.
 */
export function askFirstRepliesAhead(
  ctx: TeamContext,
  finished?: { taskId: string; summary: string }
): Promise<void> {
  if (!ctx.repliesAhead || ctx.featureCheckout === undefined) return Promise.resolve()
  const asking = runs.get(ctx) ?? { pass: Promise.resolve(), finished: new Map<string, string>() }
  runs.set(ctx, asking)
  if (finished) asking.finished.set(finished.taskId, finished.summary)
  // One pass at a time, so two passes never count the same free place twice. Never fails: asking ahead is
  // only a head start, and the task asks for itself when it starts.
  asking.pass = asking.pass.then(() =>
    askForNext(ctx, asking.finished).catch(error =>
      ctx.ports.logger.debug(`Could not ask for a first reply ahead: ${errorMessage(error)}`)
    )
  )
  return asking.pass
}

async function askForNext(ctx: TeamContext, finished: ReadonlyMap<string, string>): Promise<void> {
  const ahead = ctx.repliesAhead
  const checkout = ctx.featureCheckout
  if (!ahead || checkout === undefined || ctx.signal?.aborted) return
  const state = ctx.keeper.state
  const records = new Map(state.tasks.map(record => [record.id, record]))
  const done = (id: string): boolean => {
    const dependency = records.get(id)?.state
    return dependency === 'done' || (dependency === 'running' && finished.has(id))
  }
  const atWork = state.tasks.filter(
    record => (record.state === 'running' && !finished.has(record.id)) || record.state === 'blocked'
  ).length
  const free = ctx.team.limits.maxParallel - atWork - ahead.size
  const next = ctx.plan.tasks
    .filter(task => {
      const record = records.get(task.id)
      return record?.state === 'queued' && record.attempts === 0 && !ahead.has(task.id)
    })
    .filter(task => task.dependencies.every(done))
    .slice(0, Math.max(0, free))
  if (next.length === 0) return
  ctx.budget.assertWithin()
  const requests = await Promise.all(
    next.map(async task => {
      const role = roleOf(ctx, task)
      const { model, ...setup } = await sessionSetup(ctx, role)
      const brief = taskBrief(ctx, task, await featureAllowList(ctx, role, checkout), undefined, finished)
      return { task, model, request: sessionRequest(setup, brief) }
    })
  )
  for (const { task, model, request } of requests) {
    // A task that started meanwhile asks for itself.
    if (ctx.keeper.state.tasks.find(t => t.id === task.id)?.state === 'queued')
      ahead.ask(task.id, model, request)
  }
}
