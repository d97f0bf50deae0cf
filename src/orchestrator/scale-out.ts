import type { Limits } from '../config/team-config.js'
import type { RunPorts, ScaleOut } from '../ports/run-ports.js'
import { createBudget, tokensOf } from './budget.js'
import { claimMarkOf, isMoving } from '../state/runner-reducer.js'
import type { RunKeeper } from '../state/run-keeper.js'
import type { RunState, TaskRecord } from '../state/run-state.js'
import type { StateSaver } from '../state/state-saver.js'
import { AgentTeamError, errorMessage } from '../util/errors.js'

/**
 * How a run spreads over several runners, on GitHub Actions itself: a runner that can start tasks claims
 * them in the committed state and starts one workflow run per task (workflow_dispatch of the same workflow,
 * mode `task`); the runner that sees nothing left moving claims the finishing step. Every claim is an event
 * replayed over whatever another runner committed first (state-saver.ts, replay-events.ts), so when two
 * runners see the same merge, one of them starts each task, and one finishes the run.
 */

/** What a runner of the scale-out decides with: the run, its saves, GitHub, and this job. */
export interface ScaleOutContext {
  keeper: RunKeeper
  saver: StateSaver
  ports: Pick<RunPorts, 'forge' | 'logger' | 'clock'>
  scaleOut: ScaleOut
  /** The run's budget (team limits): a runner that finds it spent starts no more tasks. */
  limits: Pick<Limits, 'tokenBudget' | 'costLimitUsd'>
}

/** The inputs a dispatched job gets: the workflow maps them to the action's `mode`, `task` and `run_key`. */
export function dispatchInputs(runKey: string, taskId: string): Record<string, string> {
  return { mode: 'task', task: taskId, run_key: runKey }
}

/**
 * Starts a runner for every task that can start now, up to `runners` at once: tasks whose dependencies are
 * all merged and that nobody is on, and tasks whose runner went quiet for longer than `staleAfterMs` (it
 * died: the new runner starts from the work its predecessor pushed). Returns the tasks this runner started.
 */
export async function dispatchReadyTasks(context: ScaleOutContext): Promise<string[]> {
  const { keeper, saver, ports, scaleOut } = context
  const now = ports.clock.now()
  const state = keeper.state
  const busy = state.tasks.filter(task => isMoving(task) && !isStale(task, now, scaleOut.staleAfterMs))
  const slots = Math.max(0, scaleOut.runners - busy.length)
  const wanted = claimable(state, now, scaleOut.staleAfterMs).slice(0, slots)
  if (wanted.length === 0) {
    const merged = state.tasks.filter(task => task.merge_sha !== undefined).length
    ports.logger.info(
      `Nothing to start now: ${merged} of ${state.tasks.length} tasks merged, ${busy.length} running or dispatched.`
    )
    return []
  }
  // The budget is the whole run's, and every runner has added its usage to the committed state.
  const spent = { tokens: tokensOf(state.usage), costUsd: state.usage.cost_usd }
  try {
    createBudget(context.limits, spent).assertWithin()
  } catch (error) {
    ports.logger.warning(`Starting no more tasks: ${errorMessage(error)}`)
    return []
  }
  const workflow = scaleOut.workflow
  if (!workflow) {
    throw new AgentTeamError(
      'This run is spread over several runners, but GITHUB_WORKFLOW_REF is not set, so no job can be ' +
        'started for the next tasks. Run the action inside a GitHub workflow, or set runners: 1.'
    )
  }
  const claims: { id: string; at: string }[] = []
  for (const task of wanted) {
    const over = claimMarkOf(task)
    const after = keeper.dispatch({
      type: 'task_dispatched',
      taskId: task.id,
      by: scaleOut.runner.id,
      ...(over === undefined ? {} : { over })
    })
    claims.push({ id: task.id, at: after.tasks.find(t => t.id === task.id)?.dispatched_at as string })
  }
  // A claim holds only once it is on the remote: replayed over another runner's commit, a task that runner
  // claimed first is dropped from ours.
  await saver.commitNow()
  const held = claims.filter(claim => {
    const task = keeper.state.tasks.find(t => t.id === claim.id)
    return task?.dispatched_by === scaleOut.runner.id && task.dispatched_at === claim.at
  })
  const runKey = keeper.state.run.key
  for (const claim of held) {
    // A 5xx retried after GitHub had started the run could start two jobs for one task; the workflow's
    // concurrency group per task (README) runs them one after the other, and the second finds it merged.
    await ports.forge.dispatchWorkflow({
      workflow: workflow.file,
      ref: workflow.ref,
      inputs: dispatchInputs(runKey, claim.id)
    })
  }
  const lost = claims.length - held.length
  ports.logger.info(
    held.length > 0
      ? `Started a runner for ${held.map(c => c.id).join(', ')} (${workflow.file} on ${workflow.ref})` +
          (lost > 0 ? `; ${lost} more were started by another runner first` : '')
      : `Another runner started ${claims.map(c => c.id).join(', ')} first`
  )
  return held.map(claim => claim.id)
}

/**
 * Tasks a runner may claim now, in plan order: queued with every dependency merged and either never
 * dispatched or dispatched so long ago that the job never started; or running with a stale heartbeat.
 */
export function claimable(state: RunState, now: number, staleAfterMs: number): TaskRecord[] {
  const merged = new Set(state.tasks.filter(task => task.merge_sha !== undefined).map(task => task.id))
  return state.tasks.filter(task => {
    if (!task.dependencies.every(id => merged.has(id))) return false
    if (task.state === 'queued') return task.dispatched_at === undefined || isStale(task, now, staleAfterMs)
    return task.state === 'running' && isStale(task, now, staleAfterMs)
  })
}

/** The tasks ready to start and not dispatched, as a `strategy.matrix` (output `matrix`) for workflows that fan out themselves. */
export function readyMatrix(state: RunState): string {
  const merged = new Set(state.tasks.filter(task => task.merge_sha !== undefined).map(task => task.id))
  // A task already dispatched has its job; listing it would start it twice.
  const ready = state.tasks.filter(
    task =>
      task.state === 'queued' &&
      task.dispatched_at === undefined &&
      task.dependencies.every(id => merged.has(id))
  )
  return JSON.stringify({ include: ready.map(task => ({ task: task.id, run_key: state.run.key })) })
}

/** A task whose last sign of life (heartbeat, or its dispatch) is older than `staleAfterMs`. */
export function isStale(task: TaskRecord, now: number, staleAfterMs: number): boolean {
  const mark = claimMarkOf(task)
  return mark !== undefined && now - Date.parse(mark) > staleAfterMs
}

/**
 * Claims the run's finishing step when nothing is left moving and nothing can start: the one runner whose
 * claim is committed first finishes the run (true); every other runner leaves it (false).
 */
export async function claimFinishing(context: ScaleOutContext): Promise<boolean> {
  const { keeper, saver, ports, scaleOut } = context
  const state = keeper.state
  if (state.run.finisher) return false
  if (state.tasks.some(isMoving)) return false
  try {
    keeper.dispatch({ type: 'run_finishing', runner: scaleOut.runner.id })
  } catch (error) {
    ports.logger.info(`Not finishing the run here: ${errorMessage(error)}`)
    return false
  }
  await saver.commitNow()
  const finisher = keeper.state.run.finisher?.runner
  if (finisher !== scaleOut.runner.id) {
    ports.logger.info(`${finisher ?? 'Another runner'} finishes the run.`)
    return false
  }
  return true
}
