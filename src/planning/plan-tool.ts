import type { ToolSpec } from '../models/model.js'
import { toolPrompt } from '../prompts/index.js'
import type { Plan, PlanTask } from './plan.js'
import { DEFAULT_MAX_TASKS, TASK_ID_PATTERN } from './task-graph.js'

/** The name the manager calls to hand in its plan. Model-facing: keep it stable. */
export const PLAN_TOOL_NAME = 'submit_plan'

const textList = (description: string): Record<string, unknown> => ({
  type: 'array',
  items: { type: 'string' },
  description
})

/**
 * The `submit_plan` tool for a team whose worker roles are `roles`: the JSON Schema of a plan, with the
 * role names as an enum so the model cannot invent one, and at most `maxTasks` tasks (`limits.max_tasks`).
 * The schema guides the model; parsePlanInput and checkPlan are what enforce it.
 */
export function planTool(roles: readonly string[], maxTasks: number = DEFAULT_MAX_TASKS): ToolSpec {
  const words = toolPrompt('submit-plan')
  const field = (name: string): string => words.field(`tasks.${name}`)
  const task = {
    type: 'object',
    properties: {
      id: { type: 'string', pattern: TASK_ID_PATTERN.source, description: field('id') },
      title: { type: 'string', description: field('title') },
      role: { type: 'string', enum: [...roles], description: field('role') },
      description: { type: 'string', description: field('description') },
      deliverables: { ...textList(field('deliverables')), minItems: 1 },
      dependencies: textList(field('dependencies')),
      acceptance_criteria: { ...textList(field('acceptance_criteria')), minItems: 1 },
      files: textList(field('files'))
    },
    required: ['id', 'title', 'role', 'description', 'deliverables', 'dependencies', 'acceptance_criteria'],
    additionalProperties: false
  }
  return {
    name: PLAN_TOOL_NAME,
    description: words.description,
    input_schema: {
      type: 'object',
      properties: {
        summary: { type: 'string', description: words.field('summary') },
        decisions: textList(words.field('decisions')),
        tasks: { type: 'array', items: task, minItems: 1, maxItems: maxTasks }
      },
      required: ['summary', 'decisions', 'tasks'],
      additionalProperties: false
    }
  }
}

/**
 * Reads a `submit_plan` input into a Plan. Shape problems come back as sentences that start with the JSON
 * path (`tasks[2].dependencies must be a list of task ids; got a text.`), and `plan` is set only when there
 * are none. Missing `decisions` and `dependencies` mean "none"; unknown keys are dropped. Content rules
 * (ids, roles, cycles) are checkPlan's job.
 */
export function parsePlanInput(input: unknown): { plan?: Plan; problems: string[] } {
  if (!isRecord(input)) {
    return {
      problems: [
        `The ${PLAN_TOOL_NAME} input must be an object with summary, decisions and tasks; got ${describe(input)}.`
      ]
    }
  }
  const reader = new Reader()
  const summary = reader.text(input.summary, 'summary')
  const decisions = reader.texts(input.decisions, 'decisions', 'a list of texts', [])
  const rawTasks = reader.list(input.tasks, 'tasks', 'a list of task objects')
  const tasks = (rawTasks ?? []).map((raw, index) => readTask(reader, raw, `tasks[${index}]`))

  if (reader.problems.length > 0) return { problems: reader.problems }
  return { plan: { summary, decisions, tasks: tasks as PlanTask[] }, problems: [] }
}

function readTask(reader: Reader, raw: unknown, path: string): PlanTask | undefined {
  if (!isRecord(raw)) {
    reader.problems.push(
      `${path} must be an object with id, title, role, description, deliverables, dependencies and acceptance_criteria; got ${describe(raw)}.`
    )
    return undefined
  }
  const task: PlanTask = {
    id: reader.text(raw.id, `${path}.id`),
    title: reader.text(raw.title, `${path}.title`),
    role: reader.text(raw.role, `${path}.role`),
    description: reader.text(raw.description, `${path}.description`),
    deliverables: reader.texts(raw.deliverables, `${path}.deliverables`, 'a list of texts'),
    dependencies: reader.texts(raw.dependencies, `${path}.dependencies`, 'a list of task ids', []),
    acceptance_criteria: reader.texts(
      raw.acceptance_criteria,
      `${path}.acceptance_criteria`,
      'a list of texts'
    )
  }
  if (raw.files !== undefined) task.files = reader.texts(raw.files, `${path}.files`, 'a list of file paths')
  return task
}

/** Collects problems while reading, so one pass reports every shape error at once. */
class Reader {
  readonly problems: string[] = []

  text(value: unknown, path: string): string {
    if (typeof value === 'string') return value
    this.problems.push(
      value === undefined
        ? `${path} is missing; it must be a text.`
        : `${path} must be a text; got ${describe(value)}.`
    )
    return ''
  }

  /** A list of strings. `fallback` makes the field optional. */
  texts(value: unknown, path: string, what: string, fallback?: string[]): string[] {
    if (value === undefined && fallback !== undefined) return fallback
    const list = this.list(value, path, what)
    if (list === undefined) return []
    if (!list.every(item => typeof item === 'string')) {
      const odd = list.find(item => typeof item !== 'string')
      this.problems.push(`${path} must be ${what}; got a list containing ${describe(odd)}.`)
      return []
    }
    return list
  }

  list(value: unknown, path: string, what: string): unknown[] | undefined {
    const list = unstringify(value)
    if (Array.isArray(list)) return list
    this.problems.push(
      value === undefined
        ? `${path} is missing; it must be ${what}.`
        : `${path} must be ${what}; got ${describe(value)}.`
    )
    return undefined
  }
}

/**
 * Models now and then send a list as its JSON text (`"[\"T1\"]"`). Reading it as the list it spells
 * saves a whole repair call; anything else is left for the caller to reject.
 */
function unstringify(value: unknown): unknown {
  if (typeof value !== 'string' || !value.trim().startsWith('[')) return value
  try {
    return JSON.parse(value)
  } catch {
    return value
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (value === undefined) return 'nothing'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string') return 'a text'
  if (typeof value === 'object') return 'an object'
  return `a ${typeof value}`
}
