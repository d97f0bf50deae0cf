import type { ToolSpec } from '../models/model.js'
import { toolPrompt } from '../prompts/index.js'
import type { PlanTask } from './plan.js'
import { parsePlanInput, planTool } from './plan-tool.js'

/** The name the manager calls to hand in a revision. Model-facing: keep it stable. */
export const REVISE_TOOL_NAME = 'revise_plan'

/** A revision as the manager hands it in, before it is checked against the run. */
export interface RevisionInput {
  /** One or two sentences for people: what changed and why. */
  change: string
  summary: string
  /** New team-wide decisions only. */
  decisions: string[]
  /** The tasks that are not merged, as the new version has them (kept, rewritten or new). */
  tasks: PlanTask[]
  dropped: { id: string; reason: string }[]
  /** In a review round: per comment, the tasks that address it, or why the team will not act on it. */
  comments: { id: number; tasks?: string[]; reason?: string }[]
}

/**
 * The `revise_plan` tool: the plan tool's task shape (roles as an enum), plus what a revision adds: the
 * change in words, the dropped tasks with reasons, and the answer to each review comment.
 */
export function reviseTool(roles: readonly string[], maxTasks?: number): ToolSpec {
  const planSchema = planTool(roles, maxTasks).input_schema as { properties: Record<string, unknown> }
  const words = toolPrompt('revise-plan')
  return {
    name: REVISE_TOOL_NAME,
    description: words.description,
    input_schema: {
      type: 'object',
      properties: {
        change: { type: 'string', description: words.field('change') },
        summary: { type: 'string', description: words.field('summary') },
        decisions: {
          type: 'array',
          items: { type: 'string' },
          description: words.field('decisions')
        },
        tasks: { ...(planSchema.properties.tasks as object), minItems: 0 },
        dropped: {
          type: 'array',
          description: words.field('dropped'),
          items: {
            type: 'object',
            properties: { id: { type: 'string' }, reason: { type: 'string' } },
            required: ['id', 'reason'],
            additionalProperties: false
          }
        },
        comments: {
          type: 'array',
          description: words.field('comments'),
          items: {
            type: 'object',
            properties: {
              id: { type: 'integer', description: words.field('comments.id') },
              tasks: {
                type: 'array',
                items: { type: 'string' },
                description: words.field('comments.tasks')
              },
              reason: {
                type: 'string',
                description: words.field('comments.reason')
              }
            },
            required: ['id'],
            additionalProperties: false
          }
        }
      },
      required: ['change', 'summary', 'tasks'],
      additionalProperties: false
    }
  }
}

/** Reads a `revise_plan` input: the revision, or the shape problems that stop it (each naming its path). */
export function parseRevisionInput(input: unknown): { revision?: RevisionInput; problems: string[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { problems: [`The ${REVISE_TOOL_NAME} input must be an object with change, summary and tasks.`] }
  }
  const raw = input as Record<string, unknown>
  const problems: string[] = []
  // The task list has the plan's shape: the plan reader checks it, with a placeholder task when it is empty.
  const plan = parsePlanInput({ summary: raw.summary, decisions: raw.decisions ?? [], tasks: raw.tasks })
  problems.push(...plan.problems)
  const change = typeof raw.change === 'string' ? raw.change.trim() : ''
  if (change === '') problems.push('change is missing; say in a sentence or two what changed and why.')
  const dropped = readList(raw.dropped, 'dropped', problems, (item, path) => {
    const id = typeof item.id === 'string' ? item.id : undefined
    const reason = typeof item.reason === 'string' ? item.reason.trim() : ''
    if (!id || reason === '') {
      problems.push(`${path} needs an id and a reason.`)
      return undefined
    }
    return { id, reason }
  })
  const comments = readList(raw.comments, 'comments', problems, (item, path) => {
    if (typeof item.id !== 'number' || !Number.isSafeInteger(item.id)) {
      problems.push(`${path}.id must be the comment's id, a whole number.`)
      return undefined
    }
    const tasks = Array.isArray(item.tasks) ? item.tasks.filter(id => typeof id === 'string') : []
    const reason = typeof item.reason === 'string' ? item.reason.trim() : ''
    return { id: item.id, ...(tasks.length > 0 ? { tasks } : {}), ...(reason ? { reason } : {}) }
  })
  if (problems.length > 0 || !plan.plan) return { problems }
  return {
    revision: {
      change,
      summary: plan.plan.summary,
      decisions: plan.plan.decisions,
      tasks: plan.plan.tasks,
      dropped,
      comments
    },
    problems: []
  }
}

function readList<T>(
  value: unknown,
  path: string,
  problems: string[],
  read: (item: Record<string, unknown>, path: string) => T | undefined
): T[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) {
    problems.push(`${path} must be a list.`)
    return []
  }
  return value.flatMap((item: unknown, index) => {
    if (typeof item !== 'object' || item === null) {
      problems.push(`${path}[${index}] must be an object.`)
      return []
    }
    const read_ = read(item as Record<string, unknown>, `${path}[${index}]`)
    return read_ === undefined ? [] : [read_]
  })
}
