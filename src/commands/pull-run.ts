import type { PullData } from '../github/forge.js'
import { runKeyInPullBody } from '../github/markers.js'
import type { RunState } from '../state/run-state.js'
import { BRANCH_NAMESPACE } from '../workspace/branch-names.js'
import { issueRunKey, type IssueRun } from './issue-run.js'
import type { RunPorts } from '../ports/run-ports.js'
import { baseBranchOf, type BaseBranchHints } from './base-branch.js'

/** A committed run that owns a pull request, or why none does. */
export type PullRun = (IssueRun & { state: RunState; pull: PullData }) | { reason: string }

/**
 * Finds the run that owns pull request `pullNumber`, so that a review or a command on the PR acts on that
 * run and never starts a new one. The PR must be open, from this repository, and on a branch under
 * `agent-team/`. The run key comes from the branch (`agent-team/<issue>-…` belongs to `issue-<issue>`) or,
 * for a run without an issue, from the marker in the PR's body; either is only a lead. The committed state
 * is the proof: its feature branch must be the PR's head and its pull request this one, so a hand-made
 * branch or an edited body cannot borrow a run.
 */
export async function loadPullRun(
  pullNumber: number,
  branches: BaseBranchHints,
  ports: Pick<RunPorts, 'forge' | 'openStateStore'>
): Promise<PullRun> {
  const pull = await ports.forge.getPull(pullNumber)
  if (pull.state !== 'open')
    return { reason: `pull request #${pullNumber} is ${pull.merged ? 'merged' : 'closed'}` }
  if (pull.fromFork) return { reason: `pull request #${pullNumber} comes from a fork` }
  if (!pull.headRef.startsWith(BRANCH_NAMESPACE)) {
    return { reason: `pull request #${pullNumber} is not the team's (its branch is ${pull.headRef})` }
  }
  const key = runKeyOf(pull)
  if (!key) return { reason: `pull request #${pullNumber} names no run of the team` }
  const store = await ports.openStateStore({
    featureBranch: pull.headRef,
    baseBranch: pull.baseRef || (await baseBranchOf(branches, ports.forge))
  })
  const state = await store.load(key)
  if (!state) return { reason: `no committed state of run ${key} was found for pull request #${pullNumber}` }
  if (state.run.feature_branch !== pull.headRef || state.run.pull_request?.number !== pullNumber) {
    return {
      reason:
        `run ${key} does not own pull request #${pullNumber} (its branch is ${state.run.feature_branch ?? 'unknown'}, ` +
        `its pull request ${state.run.pull_request ? `#${state.run.pull_request.number}` : 'none'})`
    }
  }
  return {
    key,
    state,
    pull,
    save: async (next, milestone) => {
      await store.save(next, milestone)
    }
  }
}

function runKeyOf(pull: PullData): string | undefined {
  const issue = /^(\d+)(?:-|$)/.exec(pull.headRef.slice(BRANCH_NAMESPACE.length))
  if (issue) return issueRunKey(Number(issue[1]))
  return runKeyInPullBody(pull.body ?? '')
}
