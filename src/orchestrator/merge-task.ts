import type { PlanTask } from '../planning/plan.js'
import { errorMessage } from '../util/errors.js'
import { runAgentSession, toolContextFor } from './agent-session.js'
import { runQualityGate, type GateResult } from './quality-gate.js'
import type { TaskEnd } from './scheduler.js'
import type { TeamContext } from './team-context.js'

/**
 * Merges a finished task branch into the feature branch (a merge commit naming the task), one task at a
 * time. A conflict gets an integration session: an agent of the task's role, in the integration worktree,
 * with the conflicted files. Then the QA gate runs on the merged result; a failure gets a fix round by the
 * same role. The feature branch is pushed after each merge so dependents and people see it.
 */
export async function mergeIntoFeature(ctx: TeamContext, task: PlanTask, branch: string): Promise<TaskEnd> {
  return ctx.mergeLock.runExclusive(async () => {
    const { workspace, keeper } = ctx
    const message = `Merge ${task.id}: ${task.title}\n\nAgent-Task: ${task.id}\nAgent-Role: ${task.role}`
    const merge = await workspace.mergeTask(ctx.featureBranch, branch, message)
    let sha: string
    if (merge.ok) {
      sha = merge.sha
    } else {
      keeper.dispatch({ type: 'integration_requested', taskId: task.id, conflictedFiles: merge.conflicts })
      const resolved = await integrate(ctx, task, merge.conflicts)
      if (!resolved.ok) {
        await workspace.abortMerge(ctx.featureBranch)
        keeper.dispatch({
          type: 'task_failed',
          taskId: task.id,
          reason: `merge conflict in ${merge.conflicts.join(', ')} could not be resolved (${resolved.reason}); the work is on ${branch}`
        })
        return 'failed'
      }
      sha = await workspace.completeMerge(ctx.featureBranch, message)
      keeper.dispatch({ type: 'integration_resolved', taskId: task.id, resolution: resolved.summary })
    }
    const gate = await gateWithFixes(ctx, task)
    sha = gate.sha ?? sha
    keeper.dispatch({ type: 'task_merged', taskId: task.id, sha })
    if (ctx.push) await workspace.push(ctx.featureBranch)
    if (!gate.passed) {
      keeper.dispatch({
        type: 'agent_update',
        taskId: task.id,
        role: 'qa-gate',
        message: `Checks still fail after ${task.id}: ${gate.failure}`
      })
    }
    return 'merged'
  })
}

async function integrate(
  ctx: TeamContext,
  task: PlanTask,
  conflicts: string[]
): Promise<{ ok: true; summary: string } | { ok: false; reason: string }> {
  try {
    const root = await ctx.workspace.integrationWorktree(ctx.featureBranch)
    const role = ctx.team.roles[task.role]
    const tools = await toolContextFor(ctx, role, root)
    const text = [
      `# Integration: merging ${task.id} — ${task.title}`,
      `Merging this task's branch into the feature branch conflicted in these files:\n${conflicts.map(f => `- ${f}`).join('\n')}`,
      "Open each file, resolve every conflict (the `<<<<<<<`, `=======`, `>>>>>>>` blocks) so that both sides' intent is kept, remove all markers, run the checks, then call finish_task. Do not change anything else."
    ].join('\n\n')
    const result = await runAgentSession(ctx, {
      taskId: task.id,
      role,
      tools,
      messages: [{ role: 'user', content: [{ type: 'text', text }] }]
    })
    return result.kind === 'finished'
      ? { ok: true, summary: result.summary }
      : { ok: false, reason: result.kind === 'blocked' ? result.question : result.reason }
  } catch (error) {
    return { ok: false, reason: errorMessage(error) }
  }
}

/** The QA gate after a merge, with bounded fix rounds by the role whose merge made it fail. */
async function gateWithFixes(ctx: TeamContext, task: PlanTask): Promise<GateResult & { sha?: string }> {
  if (ctx.team.checks.length === 0) return { passed: true }
  const root = await ctx.workspace.integrationWorktree(ctx.featureBranch)
  let gate = await runQualityGate(ctx, root)
  let sha: string | undefined
  while (!gate.passed && ctx.iterationsLeft.count > 0) {
    ctx.iterationsLeft.count--
    const role = ctx.team.roles[task.role]
    const tools = await toolContextFor(ctx, role, root)
    const text = `# Fix: the checks fail after merging ${task.id} — ${task.title}\n\nThe team's checks failed on the feature branch:\n\n${gate.failure}\n\nFix the cause (not the checks), run them again, then call finish_task.`
    const result = await runAgentSession(ctx, {
      taskId: task.id,
      role,
      tools,
      messages: [{ role: 'user', content: [{ type: 'text', text }] }]
    })
    if (result.kind !== 'finished') break
    sha =
      (await ctx.workspace.commitAll(root, {
        message: `${task.id}: fix the checks after merging\n\n${result.summary}`,
        author: ctx.author,
        trailers: { 'Agent-Role': task.role, 'Agent-Task': task.id }
      })) ?? sha
    gate = await runQualityGate(ctx, root)
  }
  return { ...gate, sha }
}
