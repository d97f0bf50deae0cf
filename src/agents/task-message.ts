import type { PlanTask } from '../planning/plan.js'

/** What an agent needs to know about its task, besides its role prompt. */
export interface TaskBrief {
  task: PlanTask
  planSummary?: string
  decisions: string[]
  /** Summaries of the dependencies that are merged into the branch the agent starts from. */
  finishedDependencies: { id: string; title: string; summary: string }[]
  allowedCommands: readonly string[]
  /** Extra instructions, e.g. the manager's guidance after a stall or the failing output for a fix task. */
  guidance?: string
}

/** The first user message of a task's session. Plain Markdown, in a stable order so it caches well. */
export function taskMessage(brief: TaskBrief): string {
  const { task } = brief
  const list = (items: readonly string[]): string =>
    items.length ? items.map(i => `- ${i}`).join('\n') : '- (none)'
  const sections = [
    `# Your task: ${task.id} — ${task.title}`,
    task.description,
    `## Deliverables\n${list(task.deliverables)}`,
    `## Acceptance criteria\n${list(task.acceptance_criteria)}`
  ]
  if (task.files?.length) sections.push(`## Files you will probably touch\n${list(task.files)}`)
  if (brief.planSummary) sections.push(`## The team's plan\n${brief.planSummary}`)
  sections.push(`## Team decisions (follow them)\n${list(brief.decisions)}`)
  if (brief.finishedDependencies.length) {
    sections.push(
      `## Work already merged into your branch\n${brief.finishedDependencies.map(d => `### ${d.id} — ${d.title}\n${d.summary}`).join('\n\n')}`
    )
  }
  sections.push(`## Commands you may run\n${list(brief.allowedCommands)}`)
  if (brief.guidance) sections.push(`## Guidance\n${brief.guidance}`)
  sections.push(
    'Work only inside your worktree, keep to this task, run the checks before you finish, then call finish_task. If a real ambiguity stops you, call report_blocker with one precise question.'
  )
  return sections.join('\n\n')
}
