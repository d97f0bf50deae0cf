import type { z } from 'zod'
import { findJsonSyntaxError } from '../util/json-syntax.js'
import { StateError } from '../util/errors.js'
import { withCompatibleViews } from './compatible-views.js'
import { runStateSchema, STATE_SCHEMA_VERSION, type RunState } from './run-state.js'

/** How many schema problems a message lists; the first few are enough to find a bad edit. */
const MAX_PROBLEMS = 5

/**
 * The run state in `text`, checked against the schema. `source` names the file in messages (for example
 * `agent-team/state:runs/12-add-login/team-communication.json`). Anything unusable becomes a StateError
 * that says where the problem is and how to start over: a syntax error by line and column, schema
 * problems by their JSON path, a file from a newer release by its version. The classic layout's task
 * lists are rebuilt from `tasks`, so a hand edit to them cannot make the two disagree.
 */
export function parseRunState(text: string, source: string): RunState {
  return runStateOf(parseJsonText(text, source), source)
}

/** The JSON value in `text`, or a StateError naming `source`, the line and column, and how to start over. */
export function parseJsonText(text: string, source: string): unknown {
  const body = text.replace(/^\uFEFF/, '')
  if (body.trim() === '') throw new StateError(`${source} is empty. ${startOver(source)}`)
  try {
    return JSON.parse(body)
  } catch (error) {
    throw new StateError(`${syntaxProblem(body, source, error)} ${startOver(source)}`)
  }
}

/** The run state in an already parsed JSON `value`, checked as parseRunState checks a file's text. */
export function runStateOf(value: unknown, source: string): RunState {
  const version = isObject(value) ? value.schema_version : undefined
  if (!isObject(value) || version === undefined) {
    throw new StateError(
      `${source} is not an agent-team run state: it has no schema_version (it may be a team-communication.json ` +
        `written by another tool). ${startOver(source)}`
    )
  }
  if (typeof version === 'number' && version > STATE_SCHEMA_VERSION) {
    throw new StateError(
      `${source} was written by a newer release of agent-team (state schema_version ${version}; this release ` +
        `reads version ${STATE_SCHEMA_VERSION}). Use the newer release for this run, or delete the file to ` +
        'start the run over with this one (its task branches and pull request stay).'
    )
  }

  const result = runStateSchema.safeParse(value)
  const problems = result.success ? consistencyProblems(result.data) : result.error.issues.map(describeIssue)
  if (!result.success || problems.length > 0) {
    throw new StateError(
      `${source} is not a valid run state:\n${listProblems(problems)}\n${startOver(source)}`
    )
  }
  return withCompatibleViews(result.data)
}

/**
 * The state as the file stores it: keys in schema order (records sorted by key), two-space indent, a
 * trailing newline, so the same state always gives the same bytes and commits diff cleanly. Throws a
 * StateError instead of writing a state that would not load again.
 */
export function serializeRunState(state: RunState): string {
  const result = runStateSchema.safeParse(state)
  if (!result.success) {
    const problems = result.error.issues.map(describeIssue)
    throw new StateError(
      `Refusing to write a run state that would not load again:\n${listProblems(problems)}`
    )
  }
  const archived = result.data.agent_updates_archived
  const sorted = Object.fromEntries(
    Object.keys(archived)
      .sort()
      .map(key => [key, archived[key]])
  )
  return `${JSON.stringify({ ...result.data, agent_updates_archived: sorted }, null, 2)}\n`
}

export function startOver(source: string): string {
  return (
    `Fix the file by hand, or delete ${source} to start the run over ` +
    '(the task branches and the pull request stay as they are).'
  )
}

function syntaxProblem(text: string, source: string, error: unknown): string {
  const found = findJsonSyntaxError(text)
  if (!found) return `${source} is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`
  const before = text.slice(0, found.offset)
  const line = before.split('\n').length
  const column = found.offset - before.lastIndexOf('\n')
  // A state file always ends with its closing brace; one that does not was most likely cut short.
  const truncated = /\}\s*$/.test(text) ? '' : ' (the file ends before the JSON does: it looks truncated)'
  return `${source}:${line}:${column}: not valid JSON: ${found.message}${truncated}.`
}

/** Problems the schema cannot see: ids that must be unique or must name a task. */
function consistencyProblems(state: RunState): string[] {
  const problems: string[] = []
  const ids = new Set<string>()
  state.tasks.forEach((task, index) => {
    if (ids.has(task.id)) problems.push(`tasks[${index}].id: "${task.id}" is the id of an earlier task`)
    ids.add(task.id)
  })
  const unknown = (path: string, id: string): void => {
    if (!ids.has(id)) problems.push(`${path}: "${id}" is not the id of a task`)
  }
  state.tasks.forEach((task, index) =>
    task.dependencies.forEach((id, at) => unknown(`tasks[${index}].dependencies[${at}]`, id))
  )
  state.questions.forEach((question, index) => unknown(`questions[${index}].task_id`, question.task_id))
  state.integration_requests.forEach((request, index) =>
    unknown(`integration_requests[${index}].task_id`, request.task_id)
  )
  return problems
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = [...issue.path]
  // zod reports unrecognized keys with at least one key.
  const [key] = issue.code === 'unrecognized_keys' ? issue.keys : []
  if (key !== undefined) path.push(key)
  return `${formatPath(path)}: ${issue.message}`
}

/** `tasks[1].usage.input_tokens`, the way a reader would find the value in the file. */
function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(the whole file)'
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`
      const name = String(segment)
      const plain = /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name)
      if (plain !== name) return `[${plain}]`
      return index === 0 ? name : `.${name}`
    })
    .join('')
}

function listProblems(problems: readonly string[]): string {
  const shown = problems.slice(0, MAX_PROBLEMS).map(problem => `  - ${problem}`)
  const hidden = problems.length - shown.length
  if (hidden > 0) shown.push(`  - and ${hidden} more`)
  return shown.join('\n')
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
