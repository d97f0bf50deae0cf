/**
 * The StateStore port: where a run's state is committed between milestones, so that any later run (another
 * runner, another day) can resume it. Two adapters: branch-state-store.ts (the default, one branch for every
 * run of the repository) and feature-branch-state-store.ts (the classic file on the run's feature branch).
 */
import { StateError } from '../util/errors.js'
import { parseRunState } from './load-state.js'
import type { RunState } from './run-state.js'

export interface StateStore {
  /** The committed state of run `runKey`, or undefined when there is none; corrupt → StateError naming it. */
  load(runKey: string): Promise<RunState | undefined>
  /**
   * Commits the state as one commit named for the milestone (e.g. `issue-12: plan v1`) and pushes it. A
   * commit that covers several milestones lists them all in `covered`, one line each in the message's body.
   * With `mergeOnRace`, a push that finds the run's state changed by another runner merges and returns the
   * state committed (the branch store; the feature-branch store serves one runner and returns nothing).
   */
  save(
    state: RunState,
    milestone: string,
    covered?: readonly string[],
    mergeOnRace?: MergeOnRace
  ): Promise<RunState | void>
}

/**
 * Makes the state to commit from the state another runner of the same run committed first: this runner's
 * events since its last commit, replayed over it (replay-events.ts). A store given one returns the state it
 * committed. Without it, a race keeps this runner's file as it is: right for a run one runner works on.
 */
export type MergeOnRace = (theirs: RunState) => RunState

/** The commit message of a save: the milestone, then the milestones it covers as a list, when there are any. */
export function stateCommitMessage(milestone: string, covered: readonly string[] = []): string {
  // Listed with a dash: a bare `issue-1: T1 merged` line would read as a trailer to git.
  const body = covered.map(line => `- ${line.replace(/[\r\n]+/g, ' ')}`).join('\n')
  return body === '' ? milestone : `${milestone}\n\n${body}`
}

/**
 * Refuses a run key that cannot be one folder name, since the branch store keys files by it: `issue-12`,
 * `dispatch-lx2a9` are fine; `../x`, `a/b` or an empty key are not.
 */
export function assertRunKey(runKey: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(runKey) || runKey.length > 200) {
    throw new StateError(
      `"${runKey}" cannot be a run key: use letters, digits, ".", "_" and "-" (at most 200), ` +
        'starting with a letter or digit.'
    )
  }
}

/** Refuses a milestone that would not make a one-line commit subject. */
export function assertMilestone(milestone: string): void {
  if (milestone.trim() === '' || /[\r\n]/.test(milestone)) {
    throw new StateError(
      `The state commit subject must be one non-empty line, not ${JSON.stringify(milestone)}.`
    )
  }
}

/**
 * The state in `text`, read from `source`, checked against the schema and against the run it was asked for:
 * a file that holds another run's state is an error, never silently taken (or later overwritten) as this one.
 */
export function parseStoredState(text: string, source: string, runKey: string): RunState {
  return stateOfRun(parseRunState(text, source), source, runKey)
}

/** `state`, read from `source`, once it is known to be the state of run `runKey` (see parseStoredState). */
export function stateOfRun(state: RunState, source: string, runKey: string): RunState {
  if (state.run.key !== runKey) {
    throw new StateError(
      `${source} holds the state of run "${state.run.key}", not of run "${runKey}". Move or delete the file ` +
        'to start this run over (the task branches and the pull request stay as they are).'
    )
  }
  return state
}
