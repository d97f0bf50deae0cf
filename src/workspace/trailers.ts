import { WorkspaceError } from './workspace-errors.js'

/**
 * The trailers that end agent-team's commit messages, so `git log` can pick out one run's history
 * (`--grep`, `%(trailers:key=…)`) and tell which task and role each commit of the team's work is for.
 */

/** Names the run a commit belongs to: the feature branch's first commit and every state commit. */
export const RUN_TRAILER = 'Agent-Team-Run'
/** Names the plan task whose work a commit (or the merge of its branch) holds. */
export const TASK_TRAILER = 'Agent-Task'
/** Names the role of the agent whose work a commit holds. */
export const ROLE_TRAILER = 'Agent-Role'

/** Trailer keys to values, in the order they are written. */
export type Trailers = Record<string, string>

/** The trailer of a commit that belongs to run `runKey`. */
export function runTrailers(runKey: string): Trailers {
  return { [RUN_TRAILER]: runKey }
}

/** The trailers of a commit of a task's work: its role, then its id. */
export function taskTrailers(task: { id: string; role: string }): Trailers {
  return { [ROLE_TRAILER]: task.role, [TASK_TRAILER]: task.id }
}

/** The trailers of the merge of a task's branch into the feature branch: its id, then its role. */
export function mergeTrailers(task: { id: string; role: string }): Trailers {
  return { [TASK_TRAILER]: task.id, [ROLE_TRAILER]: task.role }
}

/** `Key: value` lines, refusing what git would not read back as one trailer. */
export function trailerLines(trailers: Trailers): string[] {
  return Object.entries(trailers).map(([key, value]) => {
    if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(key) || /[\r\n]/.test(value)) {
      throw new WorkspaceError(`Commit trailer "${key}: ${value}" must be a word and a one-line value.`)
    }
    return `${key}: ${value}`
  })
}
