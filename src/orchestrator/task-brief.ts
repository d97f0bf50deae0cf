import { taskMessage } from '../agents/task-message.js'
import type { Message } from '../models/model.js'
import type { PlanTask } from '../planning/plan.js'
import type { TeamContext } from './team-context.js'

/**
 * The first message of a task's session: the task, the plan around it, what its dependencies did, the
 * commands it may run, and any guidance. Read from the run's state only, so it can be written before the
 * task's worktree exists (ask-ahead.ts).
 */
export function taskBrief(
  ctx: Pick<TeamContext, 'keeper' | 'plan'>,
  task: PlanTask,
  allowedCommands: readonly string[],
  guidance?: string,
  /** Summaries of agents that have finished but are not recorded yet (ask-ahead.ts). */
  summaries?: ReadonlyMap<string, string>
): Message[] {
  const state = ctx.keeper.state
  const text = taskMessage({
    task,
    planSummary: ctx.plan.summary,
    decisions: state.manager_instructions.decisions.map(d => d.decision),
    finishedDependencies: task.dependencies.map(id => {
      const dep = state.tasks.find(t => t.id === id)
      return { id, title: dep?.title ?? id, summary: dep?.summary ?? summaries?.get(id) ?? '' }
    }),
    allowedCommands,
    guidance
  })
  return [{ role: 'user', content: [{ type: 'text', text }] }]
}
