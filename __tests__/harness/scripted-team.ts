import { forcedToolName, toolUse, type MessagesRequest, type Reply } from './fake-anthropic.js'

/** A valid four-task plan for the roles of the built-in team: two independent tasks, one on both, QA last. */
export function fourTaskPlan(overrides: { tasks?: unknown[] } = {}) {
  const task = (id: string, role: string, title: string, dependencies: string[], files: string[]) => ({
    id,
    title,
    role,
    description: `${title}.`,
    deliverables: files,
    dependencies,
    acceptance_criteria: [`${title} works and is tested`],
    files
  })
  return {
    summary: 'Add a greeting library and a formatter, combine them in a CLI, and test the whole.',
    decisions: ['Functions are exported from ESM modules under src/'],
    tasks: overrides.tasks ?? [
      task('T1', 'backend-dev', 'Greeting function', [], ['src/greet.js']),
      task('T2', 'frontend-dev', 'Banner formatter', [], ['src/banner.js']),
      task('T3', 'backend-dev', 'Greeting banner', ['T1', 'T2'], ['src/greeting-banner.js']),
      task('QA', 'qa-tester', 'Tests for the greeting banner', ['T3'], ['test/greeting-banner.test.js'])
    ]
  }
}

/** The manager's plan call, recognised by its forced tool. */
export function isPlanCall(request: MessagesRequest): boolean {
  return forcedToolName(request) === 'submit_plan'
}

export function planReply(plan: unknown): Reply {
  return toolUse('submit_plan', plan as Record<string, unknown>)
}
