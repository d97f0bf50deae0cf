import { DEFAULT_LIMITS } from '../config/defaults.js'
import type { Plan, PlanTask } from './plan.js'

/**
 * Task ids become parts of git branch names (`agent-team/<run>/<id>`), so they are short tokens: a letter,
 * then letters, digits, `-` or `_`. No spaces, slashes or dots, which git refs treat specially.
 */
export const TASK_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/

/**
 * Tasks a plan may have when the configuration sets no `limits.max_tasks`. More is usually a sign the manager
 * split too finely; the limit also bounds sessions, branches and merges.
 */
export const DEFAULT_MAX_TASKS = DEFAULT_LIMITS.maxTasks

type GraphTask = Pick<PlanTask, 'id' | 'dependencies'>

/**
 * Every problem that stops a plan from running, each a sentence the manager can act on. An empty list
 * means the plan is sound: ids are valid and unique, roles are known, required fields are filled, and the
 * dependencies form a graph without cycles.
 */
export function checkPlan(
  plan: Plan,
  roles: readonly string[],
  maxTasks: number = DEFAULT_MAX_TASKS
): string[] {
  const problems: string[] = []
  const tasks = plan.tasks

  if (plan.summary.trim() === '')
    problems.push('summary is empty; describe in one paragraph how the team will build the feature.')
  if (tasks.length === 0) {
    problems.push('The plan has no tasks; add at least one task.')
    return problems
  }
  if (tasks.length > maxTasks) {
    problems.push(
      `The plan has ${tasks.length} tasks, more than the limit of ${maxTasks}; merge small tasks into larger ones.`
    )
  }

  problems.push(...idProblems(tasks))
  const roleList = roles.join(', ')
  tasks.forEach((task, index) => {
    const name = taskName(task, index)
    if (!roles.includes(task.role)) {
      problems.push(
        `Task ${name} has role "${task.role}", which is not a team role; use one of: ${roleList}.`
      )
    }
    if (task.title.trim() === '') problems.push(`Task ${name} has an empty title.`)
    if (task.description.trim() === '') problems.push(`Task ${name} has an empty description.`)
    problems.push(...listProblems(name, 'deliverables', task.deliverables))
    problems.push(...listProblems(name, 'acceptance_criteria', task.acceptance_criteria))
  })

  const ids = new Set(tasks.map(task => task.id))
  tasks.forEach((task, index) => {
    const name = taskName(task, index)
    for (const dependency of unique(task.dependencies)) {
      if (dependency === task.id) {
        problems.push(`Task ${name} depends on itself; remove "${dependency}" from its dependencies.`)
      } else if (!ids.has(dependency)) {
        problems.push(
          `Task ${name} depends on "${dependency}", which is not a task in the plan; remove it or add that task.`
        )
      }
    }
  })

  for (const cycle of findCycles(tasks)) {
    problems.push(
      `Dependencies form a cycle: ${cycle.join(' → ')} (each task waits for the next); remove one of these dependencies.`
    )
  }
  return problems
}

/**
 * The tasks in waves: wave 0 has no dependencies, each later wave depends only on earlier waves (Kahn's
 * algorithm, one layer at a time). Within a wave tasks keep their plan order. Dependencies on unknown ids
 * and on the task itself are ignored; tasks on a cycle, or waiting on one, appear in no wave (checkPlan
 * reports them).
 */
export function computeWaves(tasks: readonly GraphTask[]): string[][] {
  const graph = buildGraph(tasks)
  const remaining = new Map(graph.order.map(id => [id, graph.dependencies.get(id)?.size ?? 0]))
  const waves: string[][] = []
  let wave = graph.order.filter(id => remaining.get(id) === 0)
  while (wave.length > 0) {
    waves.push(wave)
    for (const id of wave) remaining.delete(id)
    const next = new Set<string>()
    for (const id of wave) {
      for (const dependent of graph.dependents.get(id) ?? []) {
        const left = (remaining.get(dependent) ?? 0) - 1
        remaining.set(dependent, left)
        if (left === 0) next.add(dependent)
      }
    }
    wave = graph.order.filter(id => next.has(id))
  }
  return waves
}

/**
 * The longest chain of dependencies, first task to last. Plans carry no estimates, so each task weighs
 * one and the longest chain is the one with the most tasks: the least number of sequential steps the run
 * needs. Ties go to the task that comes first in the plan, both for the chain's end and at each step back,
 * so the same plan always gives the same path. Empty when there are no tasks (or only cycles).
 */
export function criticalPath(tasks: readonly GraphTask[]): string[] {
  const graph = buildGraph(tasks)
  const position = new Map(graph.order.map((id, index) => [id, index]))
  const length = new Map<string, number>()
  const previous = new Map<string, string>()
  for (const id of computeWaves(tasks).flat()) {
    let best: string | undefined
    for (const dependency of graph.dependencies.get(id) ?? []) {
      if (best === undefined || isLongerOrEarlier(dependency, best, length, position)) best = dependency
    }
    length.set(id, best === undefined ? 1 : (length.get(best) ?? 0) + 1)
    if (best !== undefined) previous.set(id, best)
  }

  let end: string | undefined
  for (const id of length.keys()) {
    if (end === undefined || isLongerOrEarlier(id, end, length, position)) end = id
  }
  const path: string[] = []
  for (let id = end; id !== undefined; id = previous.get(id)) path.unshift(id)
  return path
}

interface Graph {
  /** Task ids in plan order, each once. */
  order: string[]
  /** id → the ids it waits for (known, not itself). */
  dependencies: Map<string, Set<string>>
  /** id → the ids that wait for it. */
  dependents: Map<string, Set<string>>
}

function buildGraph(tasks: readonly GraphTask[]): Graph {
  const order = unique(tasks.map(task => task.id))
  const known = new Set(order)
  const dependencies = new Map<string, Set<string>>(order.map(id => [id, new Set()]))
  const dependents = new Map<string, Set<string>>(order.map(id => [id, new Set()]))
  for (const task of tasks) {
    for (const dependency of task.dependencies) {
      if (dependency === task.id || !known.has(dependency)) continue
      dependencies.get(task.id)?.add(dependency)
      dependents.get(dependency)?.add(task.id)
    }
  }
  return { order, dependencies, dependents }
}

/**
 * One cycle per back edge found by a depth-first walk in plan order, each written from the task where the
 * walk entered it and closed on that task again (`T1 → T3 → T1`), an arrow meaning "waits for". A cycle
 * met again from another entry point is reported once. The walk keeps its own stack, so a huge plan cannot
 * overflow the call stack.
 */
function findCycles(tasks: readonly GraphTask[]): string[][] {
  const graph = buildGraph(tasks)
  const state = new Map<string, 'open' | 'closed'>()
  const cycles: string[][] = []
  const seen = new Set<string>()

  for (const root of graph.order) {
    if (state.has(root)) continue
    const path: string[] = [root]
    const pending: Iterator<string>[] = [(graph.dependencies.get(root) ?? new Set<string>()).values()]
    state.set(root, 'open')
    while (pending.length > 0) {
      const step = pending[pending.length - 1]!.next()
      if (step.done) {
        state.set(path.pop() as string, 'closed')
        pending.pop()
        continue
      }
      const next = step.value
      const mark = state.get(next)
      if (mark === undefined) {
        state.set(next, 'open')
        path.push(next)
        pending.push((graph.dependencies.get(next) ?? new Set<string>()).values())
      } else if (mark === 'open') {
        const cycle = path.slice(path.indexOf(next))
        const key = rotationKey(cycle)
        if (!seen.has(key)) {
          seen.add(key)
          cycles.push([...cycle, next])
        }
      }
    }
  }
  return cycles
}

/** The same cycle read from any of its tasks gives the same key. */
function rotationKey(cycle: readonly string[]): string {
  const [smallest] = [...cycle].sort()
  if (smallest === undefined) return ''
  const first = cycle.indexOf(smallest)
  return [...cycle.slice(first), ...cycle.slice(0, first)].join('\u0000')
}

function idProblems(tasks: readonly PlanTask[]): string[] {
  const problems: string[] = []
  const positions = new Map<string, number[]>()
  tasks.forEach((task, index) => {
    if (!TASK_ID_PATTERN.test(task.id)) {
      problems.push(
        `tasks[${index}].id "${task.id}" is not a valid task id; use a letter followed by up to 31 letters, digits, "-" or "_" (ids become git branch names).`
      )
    }
    positions.set(task.id, [...(positions.get(task.id) ?? []), index])
  })
  for (const [id, indexes] of positions) {
    if (indexes.length > 1) {
      const where = indexes.map(index => `tasks[${index}]`).join(', ')
      problems.push(
        `Task id "${id}" is used by ${indexes.length} tasks (${where}); give each task its own id.`
      )
    }
  }
  return problems
}

function listProblems(name: string, field: string, items: readonly string[]): string[] {
  if (items.length === 0) return [`Task ${name} has no ${field}; list at least one.`]
  return items.some(item => item.trim() === '') ? [`Task ${name} has an empty entry in ${field}.`] : []
}

/** Tasks are named by id in messages; by position when the id itself is unusable. */
function taskName(task: PlanTask, index: number): string {
  return task.id.trim() === '' ? `tasks[${index}]` : task.id
}

function isLongerOrEarlier(
  a: string,
  b: string,
  length: Map<string, number>,
  position: Map<string, number>
): boolean {
  const difference = (length.get(a) ?? 0) - (length.get(b) ?? 0)
  return difference > 0 || (difference === 0 && (position.get(a) ?? 0) < (position.get(b) ?? 0))
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)]
}
