import type { MergeOnRace } from '../state/state-store.js'
import type { RunState } from '../state/run-state.js'
import { sanitiseText } from '../trigger/sanitise.js'
import { featureBranchName } from '../workspace/branch-names.js'
import type { RunPorts } from '../ports/run-ports.js'
import { baseBranchOf, type BaseBranchHints } from './base-branch.js'

/** The committed run of one issue, as a command finds it, and the way to commit a new state of it. */
export interface IssueRun {
  /** `issue-<N>`: every run of an issue shares the key, so a command finds the state a run left. */
  key: string
  /** Undefined when no run of this issue has committed any state. */
  state: RunState | undefined
  /**
   * Commits `state` as one milestone, to the store of the branches the state itself names. With
   * `mergeOnRace` (a run other runners are working on), the state committed is the one merged with theirs,
   * and is returned.
   */
  save(state: RunState, milestone: string, mergeOnRace?: MergeOnRace): Promise<RunState | void>
}

/** The run key of an issue's runs. */
export function issueRunKey(issueNumber: number): string {
  return `issue-${issueNumber}`
}

/**
 * Loads the committed state of the run of issue `issueNumber`. Throws the store's StateError when the file
 * cannot be read.
 *
 * The store is opened before the state is known, so its feature branch is a guess: the name a run of this
 * issue gets from the issue's title (sanitised as the run sanitises it), on the configured or default base
 * branch. The default store (`agent-team/state`) does not use either to load; the classic layout
 * (`state: feature-branch`) finds the state when the run's feature title was the issue's title, which is
 * every run started by the label or by a bare `/agents run`. Saves go to the branches the state names.
 */
export async function loadIssueRun(
  issueNumber: number,
  branches: BaseBranchHints,
  ports: Pick<RunPorts, 'forge' | 'openStateStore'>
): Promise<IssueRun> {
  const key = issueRunKey(issueNumber)
  const issue = await ports.forge.getIssue(issueNumber)
  const guess = {
    featureBranch: featureBranchName(issueNumber, sanitiseText(issue.title)),
    baseBranch: await baseBranchOf(branches, ports.forge)
  }
  const store = await ports.openStateStore(guess)
  const state = await store.load(key)
  return {
    key,
    state,
    async save(next, milestone, mergeOnRace) {
      const own = {
        featureBranch: next.run.feature_branch ?? guess.featureBranch,
        baseBranch: next.run.base_branch ?? guess.baseBranch
      }
      const same = own.featureBranch === guess.featureBranch && own.baseBranch === guess.baseBranch
      return (same ? store : await ports.openStateStore(own)).save(next, milestone, undefined, mergeOnRace)
    }
  }
}
