import { forcedToolName, toolUse, type MessagesRequest, type Reply } from './fake-anthropic.js'

/** One task as the manager's plan (or revision) writes it, delivering `files`. */
export function planTask(id: string, role: string, title: string, dependencies: string[], files: string[]) {
  return {
    id,
    title,
    role,
    description: `${title}.`,
    deliverables: files,
    dependencies,
    acceptance_criteria: [`${title} works and is tested`],
    files
  }
}

/** A valid four-task plan for the roles of the built-in team: two independent tasks, one on both, QA last. */
export function fourTaskPlan(overrides: { tasks?: unknown[] } = {}) {
  const task = planTask
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

/** The files each task of the greeting sample writes, through the agents' own tools. */
export const GREETING_WORK = {
  T1: [{ path: 'src/greet.js', content: 'export function greet(name) {\n  return `Hello, ${name}!`\n}\n' }],
  T2: [
    {
      path: 'src/banner.js',
      content:
        "export function banner(text) {\n  const line = '*'.repeat(text.length + 4)\n  return [line, `* ${text} *`, line].join('\\n')\n}\n"
    }
  ],
  T3: [
    {
      path: 'src/greeting-banner.js',
      content:
        "import { greet } from './greet.js'\nimport { banner } from './banner.js'\n\nexport function greetingBanner(name) {\n  return banner(greet(name))\n}\n"
    }
  ],
  QA: [
    {
      path: 'test/greeting-banner.test.js',
      content:
        "import { test } from 'node:test'\nimport assert from 'node:assert/strict'\nimport { greetingBanner } from '../src/greeting-banner.js'\n\ntest('frames the greeting', () => {\n  assert.equal(greetingBanner('Ada'), '***************\\n* Hello, Ada! *\\n***************')\n})\n"
    }
  ]
} satisfies Record<string, { path: string; content: string }[]>

/** The task id an agent request is about, read from the task message the engine writes. */
export function taskIdOf(request: MessagesRequest): string | undefined {
  const first = request.messages[0]
  const text = typeof first?.content === 'string' ? first.content : JSON.stringify(first?.content ?? '')
  return /# Your task: ([A-Za-z][A-Za-z0-9_-]*) —/.exec(text)?.[1]
}

/** How many replies the agent has given in this conversation so far. */
export function turnOf(request: MessagesRequest): number {
  return request.messages.filter(m => m.role === 'assistant').length
}

/**
 * An agent that does its task for real: writes its files with write_file, runs `npm test` with
 * run_command, then calls finish_task. `overrides` replace the step list of a task.
 */
export function scriptedAgent(
  work: Record<string, { path: string; content: string }[]>,
  overrides: Record<string, (request: MessagesRequest, turn: number) => Reply> = {}
) {
  return (request: MessagesRequest): Reply => {
    const id = taskIdOf(request) ?? 'unknown'
    const turn = turnOf(request)
    if (overrides[id]) return overrides[id](request, turn)
    const files = work[id] ?? []
    if (turn < files.length)
      return toolUse('write_file', { path: files[turn]!.path, content: files[turn]!.content })
    if (turn === files.length) return toolUse('run_command', { command: 'npm test' })
    return toolUse('finish_task', {
      summary: `${id} done: ${files.map(f => f.path).join(', ')}`,
      files_changed: files.map(f => f.path),
      checks_run: ['npm test']
    })
  }
}
