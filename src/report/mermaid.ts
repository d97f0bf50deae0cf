import type { TaskState, TaskView } from './run-view.js'
import { truncate } from './format.js'

/** Options for `renderMermaid`. */
export interface MermaidOptions {
  /** Above this many tasks a note replaces the graph, which would be unreadable. Default 60. */
  maxNodes?: number
  /** Top-down (default) or left-right. */
  direction?: 'TD' | 'LR'
}

/** The default `maxNodes`. */
export const MERMAID_MAX_NODES = 60

// Mermaid refuses to draw more than 500 edges by default; stop well before that.
const MAX_EDGES = 300
const TITLE_MAX = 48

const STATE_STYLE: Record<TaskState, string> = {
  queued: 'fill:#f6f8fa,stroke:#8c959f,color:#24292f',
  running: 'fill:#ddf4ff,stroke:#0969da,color:#0a3069',
  blocked: 'fill:#fff8c5,stroke:#bf8700,color:#4d2d00',
  done: 'fill:#dafbe1,stroke:#1a7f37,color:#0f5323',
  failed: 'fill:#ffebe9,stroke:#cf222e,color:#82071e',
  dropped: 'fill:#ffffff,stroke:#d0d7de,color:#8c959f,stroke-dasharray:4 3'
}

const STATES = Object.keys(STATE_STYLE) as TaskState[]

/**
 * The task graph as a fenced ```mermaid block: one node per task (`id · title`, role below), an edge
 * from each dependency to its dependent, nodes coloured by state. Dependencies on unknown ids are left
 * out. Returns a one-line Markdown note instead when the graph would be too big to read, and an empty
 * string when there are no tasks.
 */
export function renderMermaid(tasks: TaskView[], options: MermaidOptions = {}): string {
  const maxNodes = options.maxNodes ?? MERMAID_MAX_NODES
  if (tasks.length === 0) return ''
  if (tasks.length > maxNodes) {
    return `_Task graph not drawn: ${tasks.length} tasks are more than the ${maxNodes} that stay readable._`
  }

  // Task ids come from a model: map them to ids that cannot collide with Mermaid's syntax or keywords.
  const nodeOf = new Map<string, string>()
  tasks.forEach((task, i) => {
    if (!nodeOf.has(task.id)) nodeOf.set(task.id, `n${i}`)
  })

  const edges = new Set<string>()
  for (const task of tasks) {
    const to = nodeOf.get(task.id)
    for (const dependency of task.dependencies) {
      const from = nodeOf.get(dependency)
      if (from !== undefined) edges.add(`${from} --> ${to}`)
    }
  }
  if (edges.size > MAX_EDGES) {
    return `_Task graph not drawn: ${edges.size} dependencies are more than the ${MAX_EDGES} that stay readable._`
  }

  const lines = [`graph ${options.direction ?? 'TD'}`]
  tasks.forEach((task, i) => {
    const label = `${mermaidText(task.id)} · ${mermaidText(truncate(task.title, TITLE_MAX))}<br/>${mermaidText(task.role)}`
    lines.push(`  n${i}["${label}"]`)
  })
  for (const edge of edges) lines.push(`  ${edge}`)
  // Dropped tasks only exist after a revision; the usual graph stays as it was without their style.
  const styled = STATES.filter(state => state !== 'dropped' || tasks.some(task => task.state === state))
  for (const state of styled) lines.push(`  classDef ${state} ${STATE_STYLE[state]}`)
  for (const state of STATES) {
    const nodes = tasks.flatMap((task, i) => (task.state === state ? [`n${i}`] : []))
    if (nodes.length > 0) lines.push(`  class ${nodes.join(',')} ${state}`)
  }
  return ['```mermaid', ...lines, '```'].join('\n')
}

// Letters, digits and punctuation that mean nothing inside a quoted Mermaid label.
const PLAIN = /^[\p{L}\p{N}\p{M} .,_\-/()!?+*'=]$/u
// Mermaid swaps entity codes for private placeholders built from these characters before parsing and
// back afterwards; text that already contained a placeholder would be decoded as an entity.
const PLACEHOLDER_PARTS = /^[\ufb02\u00b6\u00b0]$/

/**
 * Text made safe inside a double-quoted Mermaid label: every other ASCII character becomes a numeric
 * entity code (`#35;` for `#`), which Mermaid decodes when drawing. That covers the quote that would end
 * the label, `<` and `&` that the HTML label would interpret, `#` and `;` that form entities, `%` that
 * could open a `%%{init}%%` directive, `:` that Mermaid's style pre-processing looks for, and `@`, so the
 * source holds no mention either.
 */
export function mermaidText(text: string): string {
  let out = ''
  for (const ch of text.replace(/\s+/g, ' ').trim()) {
    const code = ch.codePointAt(0) ?? 0
    if (PLACEHOLDER_PARTS.test(ch)) out += `#${code};`
    else if (PLAIN.test(ch)) out += ch
    else if (/^[\p{Cc}\p{Cf}]$/u.test(ch)) continue
    else if (code < 0x80) out += `#${code};`
    else out += ch
  }
  return out
}
