/**
 * The git operations trial merges need (trial-merge.ts): a scratch worktree on a detached HEAD, and a
 * fast-forward of the branch checked out in a worktree. git.ts's command manager spreads them in; they
 * run through the same runner, so the same safe configuration applies.
 */
import type { RunResult } from './run-git.js'
import { WorkspaceError } from './workspace-errors.js'

/** The command runner of one `createGit`: `git <args>` in its directory. */
export type GitRunner = (args: string[], okCodes?: number[]) => Promise<RunResult>

const COMMIT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/

/** Only full commit ids: a ref could move between the check and the operation. */
function commitId(value: string): string {
  if (!COMMIT_ID.test(value)) throw new WorkspaceError(`"${value}" is not a full commit id.`)
  return value
}

export function trialCommands(run: GitRunner) {
  return {
    /**
     * Adds a worktree at `path` with HEAD detached at `commit`: no branch is made or moved. `--force`
     * reuses a path git still has registered from an interrupted run whose folder is gone.
     */
    worktreeAddDetached: (path: string, commit: string) =>
      run(['worktree', 'add', '--quiet', '--force', '--detach', path, commitId(commit)]).then(
        () => undefined
      ),

    /**
     * Moves the branch checked out here, with its index and files, to `commit`; git refuses (and nothing
     * moves) unless `commit` descends from the branch's head, so history is never rewritten.
     */
    fastForwardTo: (commit: string) =>
      run(['merge', '--ff-only', '--quiet', commitId(commit)]).then(() => undefined)
  }
}
