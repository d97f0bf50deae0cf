import { answerBlocker, type SessionResult } from '../agents/session.js'
import type { Message } from '../models/model.js'
import type { PlanTask } from '../planning/plan.js'
import { fillPrompt } from '../prompts/index.js'
import { resolveBlocker, type BlockerResolution } from '../planning/resolve-blocker.js'
import { questionMarker } from '../github/markers.js'
import { DEFAULT_TRIGGER_PHRASE } from '../trigger/parse-command.js'
import { errorMessage } from '../util/errors.js'
import { escapeMarkdown } from '../report/format.js'
import { taskBranchName } from '../workspace/branch-names.js'
import { taskTrailers } from '../workspace/trailers.js'
import { allowListOf, featureAllowList, roleOf, runAgentSession, toolContextFor } from './agent-session.js'
import { askFirstRepliesAhead } from './ask-ahead.js'
import { taskBrief } from './task-brief.js'
import { mergeIntoFeature } from './merge-task.js'
import type { TaskEnd } from './scheduler.js'
import type { TeamContext } from './team-context.js'

/** Blocker answers and stall guidance one task may get from the manager before it gives up. */
const MAX_MANAGER_HELP = 3

/**
 * One task from start to merge: its own branch and worktree from the feature branch (so it sees its
 * dependencies' merged work), an agent session with the sandboxed tools, the manager for blockers and
 * stalls, then a commit by the engine and a merge into the feature branch.
 */
export async function runTask(ctx: TeamContext, task: PlanTask): Promise<TaskEnd> {
  const { keeper, workspace } = ctx
  const role = roleOf(ctx, task)
  const record = keeper.state.tasks.find(t => t.id === task.id)
  const branch = taskBranchName(ctx.featureBranch, task.id)
  await ctx.sweeper.reclaim(branch)
  // A new branch starts at the feature branch's head, which the integration worktree has checked out: the
  // brief is written from there and the first reply asked for while the task's own worktree is made. A
  // branch an earlier attempt left is the agent's starting point, so its worktree comes first.
  const resumable = await workspace.taskBranchExists(branch)
  const making = workspace.createTaskWorktree(task.id, branch, ctx.featureBranch)
  let worktreePath: string | undefined
  const worktreeFailed = new AbortController()
  making.then(
    made => (worktreePath = made.path),
    (error: unknown) => worktreeFailed.abort(error)
  )
  const ready = resumable || ctx.featureCheckout === undefined ? await making : undefined
  const allowList = ready
    ? await allowListOf(role, ready.path)
    : await featureAllowList(ctx, role, ctx.featureCheckout as string)
  const { provider, modelName } = role.model
  keeper.dispatch({
    type: 'task_started',
    taskId: task.id,
    branch,
    attempt: (record?.attempts ?? 0) + 1,
    model: `${provider}:${modelName}`,
    ...(ctx.runner ? { runner: ctx.runner } : {})
  })
  // The model's first reply takes seconds: time enough to clear a finished task's worktree.
  ctx.sweeper.sweepOne()
  const tools = making.then(made => toolContextFor(ctx, role, made.path, allowList))
  tools.catch(() => undefined)
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, worktreeFailed.signal]) : worktreeFailed.signal
  const brief = (guidance?: string): Message[] => taskBrief(ctx, task, allowList, guidance)
  let messages = brief(ready?.resumed ? fillPrompt('agent/task-resumed') : undefined)
  try {
    for (let help = 0; ; help++) {
      ctx.budget.assertWithin()
      const result = await runAgentSession(ctx, { taskId: task.id, role, tools, messages, signal })
      // A worktree that could not be made fails the task with its own reason.
      const worktree = await making
      if (ctx.signal?.aborted && result.kind !== 'finished') return await interrupt(ctx, task, worktree.path)
      if (result.kind === 'finished') {
        // Its dependents' briefs are complete now: their first replies need not wait for its commit or merge.
        void askFirstRepliesAhead(ctx, { taskId: task.id, summary: result.summary })
        await commitWork(ctx, task, worktree.path, result.summary)
        keeper.dispatch({
          type: 'task_finished',
          taskId: task.id,
          summary: result.summary,
          filesChanged: result.filesChanged,
          checksRun: result.checksRun
        })
        // The task's own commits go to its branch for people to see; the merge need not wait for the push.
        if (ctx.push) ctx.background.push(pushTaskBranch(ctx, branch))
        return await mergeIntoFeature(ctx, task, branch)
      }
      if (help >= MAX_MANAGER_HELP || result.kind === 'failed') {
        return await failTask(
          ctx,
          task,
          worktree.path,
          result.kind === 'failed' ? result.reason : `${reasonOf(result)}, and the manager's help ran out`
        )
      }
      if (result.kind === 'blocked') {
        const next = await askManager(ctx, task, result)
        if (!next) {
          await keepWorkInProgress(ctx, task, worktree.path, 'waiting for an answer from people')
          return 'blocked'
        }
        messages = next
        continue
      }
      // Stalled: the manager looks at the task again and the agent starts over with its guidance.
      if (ctx.iterationsLeft.count <= 0)
        return await failTask(ctx, task, worktree.path, `${result.reason}; no re-plans left in this run`)
      ctx.iterationsLeft.count--
      const guidance = await managerGuidance(ctx, task, result.reason)
      keeper.dispatch({
        type: 'agent_update',
        taskId: task.id,
        role: 'manager',
        message: `Re-planned after a stall: ${guidance}`
      })
      messages = brief(guidance)
    }
  } catch (error) {
    if (ctx.signal?.aborted) return await interrupt(ctx, task, worktreePath)
    return await failTask(ctx, task, worktreePath, errorMessage(error))
  } finally {
    // The task's end releases its dependents at once; its folder goes once they wait for the model.
    if (worktreePath !== undefined) ctx.sweeper.taskEnded(branch, worktreePath)
  }
}

/** The manager answers from the plan; an answer resumes the same session, no answer goes to people. */
async function askManager(
  ctx: TeamContext,
  task: PlanTask,
  blocked: Extract<SessionResult, { kind: 'blocked' }>
): Promise<Message[] | undefined> {
  const { keeper } = ctx
  keeper.dispatch({ type: 'task_blocked', taskId: task.id, question: blocked.question, askedOf: 'manager' })
  const resolution = await consultManager(ctx, task, blocked.question, 'blocker')
  if (resolution.answered) {
    keeper.dispatch({ type: 'blocker_answered', taskId: task.id, answer: resolution.answer, by: 'manager' })
    return answerBlocker(blocked, resolution.answer)
  }
  keeper.dispatch({ type: 'task_blocked', taskId: task.id, question: resolution.question, askedOf: 'human' })
  if (ctx.issueNumber !== undefined) {
    await ctx.ports.forge
      .createComment(
        ctx.issueNumber,
        // Model text: escaped so it cannot mention people, link issues or inject markup.
        `${questionMarker(task.id)}\n**${task.id} · ${escapeMarkdown(task.title)}** needs an answer before it can go on:\n\n> ${escapeMarkdown(resolution.question)}\n\nReply with \`${DEFAULT_TRIGGER_PHRASE} answer ${task.id} <your answer>\`.`
      )
      .catch(error => ctx.ports.logger.warning(`Could not post the question: ${errorMessage(error)}`))
  }
  return undefined
}

async function managerGuidance(ctx: TeamContext, task: PlanTask, reason: string): Promise<string> {
  const resolution = await consultManager(ctx, task, reason, 'stall')
  return resolution.answered ? resolution.answer : fillPrompt('agent/task-stalled', { reason })
}

/** One manager call about a task (a blocker or a stall), charged to the run like any other reply. */
async function consultManager(
  ctx: TeamContext,
  task: PlanTask,
  question: string,
  kind: 'blocker' | 'stall'
): Promise<BlockerResolution> {
  const model = ctx.ports.modelFor(ctx.team.manager)
  const resolution = await resolveBlocker({
    model,
    managerPrompt: ctx.managerPrompt,
    plan: ctx.plan,
    decisions: ctx.keeper.state.manager_instructions.decisions.map(d => d.decision),
    task,
    question,
    kind,
    signal: ctx.signal
  })
  const costUsd = ctx.budget.charge(model.id, resolution.usage)
  ctx.keeper.dispatch({ type: 'manager_usage', usage: resolution.usage, costUsd, provider: model.provider })
  return resolution
}

async function pushTaskBranch(ctx: TeamContext, branch: string): Promise<void> {
  await ctx.workspace
    .push(branch, { force: true })
    .catch(error => ctx.ports.logger.warning(`Could not push ${branch}: ${errorMessage(error)}`))
}

/** The engine commits, not the agent: one commit per session, named for the task, with trailers. */
async function commitWork(
  ctx: TeamContext,
  task: PlanTask,
  path: string,
  body: string
): Promise<string | undefined> {
  return ctx.workspace.commitAll(path, {
    message: `${task.id}: ${task.title}\n\n${body}`,
    author: ctx.author,
    trailers: taskTrailers(task)
  })
}

/**
 * The run is being cancelled: the agent's work so far is committed and pushed to the task branch, so the
 * next run resumes from it. The task is not failed; the run's `run_interrupted` puts it back in the queue.
 */
async function interrupt(ctx: TeamContext, task: PlanTask, path: string | undefined): Promise<TaskEnd> {
  await keepWorkInProgress(ctx, task, path, 'the run was interrupted')
  ctx.ports.logger.warning(
    `${task.id} interrupted; its work in progress is on ${taskBranchName(ctx.featureBranch, task.id)}`
  )
  return 'failed'
}

/** A failed task keeps its work: what the agent wrote is committed to its branch for a retry or a person. */
async function failTask(
  ctx: TeamContext,
  task: PlanTask,
  path: string | undefined,
  reason: string
): Promise<TaskEnd> {
  await keepWorkInProgress(ctx, task, path, reason)
  const current = ctx.keeper.state.tasks.find(t => t.id === task.id)
  if (current && current.state !== 'failed')
    ctx.keeper.dispatch({ type: 'task_failed', taskId: task.id, reason })
  ctx.ports.logger.warning(`${task.id} failed: ${reason}`)
  return 'failed'
}

/**
 * Commits what the agent wrote so far to its task branch (and pushes it), so a retry, a resumed run or a
 * person starts from it. Best effort: the task is ending anyway, and losing the push must not hide why.
 */
async function keepWorkInProgress(
  ctx: TeamContext,
  task: PlanTask,
  path: string | undefined,
  why: string
): Promise<void> {
  // No worktree: it could not be made, and nothing was written.
  if (path === undefined) return
  await commitWork(ctx, task, path, `Work in progress: ${why}`).catch(() => undefined)
  if (ctx.push) {
    await ctx.workspace
      .push(taskBranchName(ctx.featureBranch, task.id), { force: true })
      .catch(() => undefined)
  }
}

function reasonOf(result: SessionResult): string {
  return result.kind === 'stalled' || result.kind === 'failed' ? result.reason : `${result.kind}`
}
