/**
 * How the branch store lays one run's state out in `runs/<run-key>/`.
 *
 * A run at rest (planned, waiting, finished, stopped…) is one complete `team-communication.json`, the classic
 * document any reader of the layout understands. A running run is split: each task's record in
 * `tasks/<id>.json`, and the rest of the document in `team-communication.json` with an empty `tasks` list and
 * a `task_files` key that says where the tasks are. A milestone changes one or two tasks, so a save then
 * writes those tasks' files and the small rest, never the whole plan again: without the split, a run of n
 * tasks commits O(n) milestones of an O(n) document, and 200 tasks wrote 137 MiB of state. The run's last
 * save puts it back together, so the split only ever exists while a runner is working on the run.
 *
 * The loader reads both forms, and so every state written before the split.
 */
import { z } from 'zod'
import { StateError } from '../util/errors.js'
import { parseJsonText, runStateOf, serializeRunState, startOver } from './load-state.js'
import type { RunState } from './run-state.js'

/** The run's document, relative to `runs/<run-key>/`. */
export const RUN_FILE = 'team-communication.json'

/** The folder of the task files, relative to `runs/<run-key>/`. */
export const TASKS_FOLDER = 'tasks'

/** The key that marks a split document; its value tells a reader where the tasks went. */
export const TASK_FILES_KEY = 'task_files'
const TASK_FILES_NOTE = `${TASKS_FOLDER}/<id>.json`

/** Task ids that can be file names as they are (the plan's own id rule is stricter). */
const FILE_NAME_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/

/** The files of one run, by path relative to `runs/<run-key>/`, and the text of each. */
export type RunFiles = Map<string, string>

/**
 * The files that hold `state`: the whole document while the run is at rest, or the split form while it is
 * running. Throws a StateError, before anything is written, for a state that would not load again.
 */
export function runFilesOf(state: RunState): RunFiles {
  const whole = serializeRunState(state)
  const split = state.run.status === 'running' && state.tasks.every(task => FILE_NAME_ID.test(task.id))
  if (!split) return new Map([[RUN_FILE, whole]])

  // The serialized form, read back: the same key order and normalisation the whole file has.
  const document = JSON.parse(whole) as Record<string, unknown> & RunState
  const files: RunFiles = new Map()
  const archived = { ...document.agent_updates_archived }
  document.tasks.forEach((task, position) => {
    const updates = archived[task.id]
    delete archived[task.id]
    const file = { position, task, ...(updates ? { agent_updates_archived: updates } : {}) }
    files.set(`${TASKS_FOLDER}/${task.id}.json`, `${JSON.stringify(file, null, 2)}\n`)
  })
  const rest: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(document)) {
    if (key === 'tasks') {
      rest.tasks = []
      rest[TASK_FILES_KEY] = TASK_FILES_NOTE
    } else if (key === 'manager_instructions') {
      // Views of `tasks`, rebuilt on load; written out in full once the run is at rest.
      rest[key] = { ...document.manager_instructions, active_tasks: [], completed_tasks: [] }
    } else if (key === 'agent_updates_archived') {
      rest[key] = archived
    } else {
      rest[key] = value
    }
  }
  files.set(RUN_FILE, `${JSON.stringify(rest, null, 2)}\n`)
  return files
}

/** True when the run's document says its tasks are in files of their own. */
export function isSplit(runFileText: string): boolean {
  // A cheap look before a full parse: only a split document has the key at the top level.
  if (!runFileText.includes(`"${TASK_FILES_KEY}"`)) return false
  try {
    const value: unknown = JSON.parse(runFileText.replace(/^\uFEFF/, ''))
    return typeof value === 'object' && value !== null && TASK_FILES_KEY in value
  } catch {
    return false
  }
}

const taskFileSchema = z.looseObject({
  position: z.int().nonnegative(),
  task: z.looseObject({ id: z.string() }),
  agent_updates_archived: z.record(z.string(), z.unknown()).optional()
})

/**
 * The run state of a split document: `runText` at `source`, with the task files (named as in the tasks
 * folder, e.g. `T1.json`) put back in plan order. Checked as a whole file is; a broken task file is named.
 */
export function assembleRunState(
  runText: string,
  taskFiles: readonly { name: string; text: string }[],
  source: string
): RunState {
  const document = parseJsonText(runText, source) as Record<string, unknown>
  const folder = source.replace(/[^/:]*$/, TASKS_FOLDER)
  const tasks: { position: number; task: unknown }[] = []
  const archived: Record<string, unknown> = {
    ...(document.agent_updates_archived as Record<string, unknown> | undefined)
  }
  for (const file of taskFiles) {
    const where = `${folder}/${file.name}`
    const parsed = taskFileSchema.safeParse(parseJsonText(file.text, where))
    if (!parsed.success) {
      throw new StateError(
        `${where} is not a task file of a run state: it needs "position" (a whole number) and "task" (a task ` +
          `record). ${startOver(source)}`
      )
    }
    const { position, task, agent_updates_archived: updates } = parsed.data
    if (`${task.id}.json` !== file.name) {
      throw new StateError(
        `${where} holds task "${task.id}", not the task its name says. ${startOver(source)}`
      )
    }
    tasks.push({ position, task })
    if (updates !== undefined) archived[task.id] = updates
  }
  tasks.sort((a, b) => a.position - b.position)
  const whole: Record<string, unknown> = { ...document, agent_updates_archived: archived }
  whole.tasks = tasks.map(entry => entry.task)
  delete whole[TASK_FILES_KEY]
  return runStateOf(whole, source)
}
