import { fillPrompt } from '../prompts/index.js'
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

/**
 * The first user message of a task's session. Plain Markdown, in a stable order so it caches well; the
 * words are in src/prompts/agent/task*.md, and only the choice of sections is made here.
 */
export function taskMessage(brief: TaskBrief): string {
  const { task } = brief
  const list = (items: readonly string[]): string =>
    items.length ? items.map(i => `- ${i}`).join('\n') : fillPrompt('agent/task-empty-list')
  const sections = [
    fillPrompt('agent/task', {
      id: task.id,
      title: task.title,
      description: task.description,
      deliverables: list(task.deliverables),
      acceptance_criteria: list(task.acceptance_criteria)
    })
  ]
  if (task.files?.length) sections.push(fillPrompt('agent/task-files', { files: list(task.files) }))
  if (brief.planSummary) sections.push(fillPrompt('agent/task-plan', { summary: brief.planSummary }))
  sections.push(fillPrompt('agent/task-decisions', { decisions: list(brief.decisions) }))
  if (brief.finishedDependencies.length) {
    const dependencies = brief.finishedDependencies.map(d =>
      fillPrompt('agent/task-merged-dependency', { id: d.id, title: d.title, summary: d.summary })
    )
    sections.push(fillPrompt('agent/task-merged-work', { dependencies: dependencies.join('\n\n') }))
  }
  sections.push(fillPrompt('agent/task-commands', { commands: list(brief.allowedCommands) }))
  if (brief.guidance) sections.push(fillPrompt('agent/task-guidance', { guidance: brief.guidance }))
  sections.push(fillPrompt('agent/task-closing'))
  return sections.join('\n\n')
}
