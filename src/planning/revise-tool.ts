import type { ToolSpec } from '../models/model.js'
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
  return {
    name: REVISE_TOOL_NAME,
    description:
      'Submit the revised plan: what changed, the tasks that are not merged (kept, rewritten or new), the tasks ' +
      'dropped with a reason, and for a review the answer to every comment. Call it once with the whole revision.',
    input_schema: {
      type: 'object',
      properties: {
        change: { type: 'string', description: 'One or two sentences for people: what changed and why.' },
        summary: { type: 'string', description: 'One paragraph: how the team will now finish the feature.' },
        decisions: {
          type: 'array',
          items: { type: 'string' },
          description: 'New team-wide decisions only; earlier ones stay.'
        },
        tasks: { ...(planSchema.properties.tasks as object), minItems: 0 },
        dropped: {
          type: 'array',
          description: 'Tasks of the current plan that the new version gives up, each with the reason.',
          items: {
            type: 'object',
            properties: { id: { type: 'string' }, reason: { type: 'string' } },
            required: ['id', 'reason'],
            additionalProperties: false
          }
        },
        comments: {
          type: 'array',
          description: 'Review rounds only: one entry per review comment.',
          items: {
            type: 'object',
            properties: {
              id: { type: 'integer', description: 'The comment id, as the message gives it.' },
              tasks: {
                type: 'array',
                items: { type: 'string' },
                description: 'Ids of the tasks that address the comment.'
              },
              reason: {
                type: 'string',
                description: 'When no task addresses it: why the team does not act on it, in one sentence.'
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
