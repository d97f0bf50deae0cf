import { openBranchStateStore } from '../state/branch-state-store.js'
import type { RunState } from '../state/run-state.js'
import { errorMessage } from '../util/errors.js'
import type { Logger } from '../util/logger.js'
import { STATE_BRANCH } from '../workspace/branch-names.js'
import { createGit } from '../workspace/git.js'
import type { LocalRepo } from './local-repo.js'

/** The runs on the state branch, and the ones that could not be read with the reason. */
export interface CommittedRuns {
  runs: RunState[]
  problems: string[]
}

/**
 * Every run committed to `agent-team/state`: run keys are the folders under `runs/` on the local branch
 * or origin's copy of it, and each state is read through the branch state store, so `status` sees what
 * a resumed run would see (the store brings origin's newest commit first). A file that does not load is
 * reported, not fatal: one hand-edited run must not hide the others.
 */
export async function readCommittedRuns(
  repo: LocalRepo,
  env: NodeJS.ProcessEnv,
  logger: Logger
): Promise<CommittedRuns> {
  const git = createGit(repo.topLevel, { env, logger })
  const keys = new Set<string>()
  for (const ref of [`refs/heads/${STATE_BRANCH}`, `refs/remotes/origin/${STATE_BRANCH}`]) {
    if (!(await git.resolveCommit(ref))) continue
    const runs = (await git.listTree(ref)).find(entry => entry.name === 'runs' && entry.type === 'tree')
    if (!runs) continue
    for (const entry of await git.listTree(runs.sha)) if (entry.type === 'tree') keys.add(entry.name)
  }
  if (keys.size === 0) return { runs: [], problems: [] }

  const store = await openBranchStateStore({ repoDir: repo.topLevel, env, logger })
  const runs: RunState[] = []
  const problems: string[] = []
  for (const key of [...keys].sort()) {
    try {
      const state = await store.load(key)
      if (state) runs.push(state)
    } catch (error) {
      problems.push(`${key}: ${errorMessage(error)}`)
    }
  }
  // Newest first: the run a person is asking about is usually the last one.
  runs.sort((a, b) => (b.run.updated_at ?? '').localeCompare(a.run.updated_at ?? ''))
  return { runs, problems }
}
