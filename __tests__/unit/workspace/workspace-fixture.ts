/** A temporary repository opened as a GitWorkspace, with its worktrees kept under the same temporary root. */
import { writeFile, mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import {
  openGitWorkspace,
  type GitWorkspace,
  type GitWorkspaceOptions
} from '../../../src/workspace/git-workspace.js'
import type { MergeResult, Workspace } from '../../../src/workspace/workspace.js'
import { createTempRepo, testGitEnv, type TempRepo, type TempRepoOptions } from '../../harness/git-repo.js'

export interface WorkspaceFixture extends TempRepo {
  workspace: GitWorkspace
  worktreeRoot: string
}

export const author = { name: 'Backend Agent', email: 'backend@agents.example' }

/** Creates a temp repo and opens its clone as a workspace that ignores the machine's git configuration. */
export async function createWorkspaceFixture(
  repoOptions: TempRepoOptions = {},
  options: Partial<GitWorkspaceOptions> = {}
): Promise<WorkspaceFixture> {
  const repo = await createTempRepo(repoOptions)
  const worktreeRoot = join(repo.root, 'worktrees')
  const workspace = await openGitWorkspace({ repoDir: repo.work, worktreeRoot, env: testGitEnv, ...options })
  return { ...repo, workspace, worktreeRoot }
}

/** Writes one file, creating its folder. */
export async function put(dir: string, path: string, content: string): Promise<void> {
  await mkdir(dirname(join(dir, path)), { recursive: true })
  await writeFile(join(dir, path), content)
}

/**
 * Merges `taskBranch` into `featureBranch` as the engine lands a task, without its checks: a trial merge,
 * then a fast-forward of the feature branch to it. When the feature branch moved meanwhile, the trial is
 * made again on its new head. Resolves to the trial's result; a conflicted trial is removed and lands nothing.
 */
export async function landTask(
  workspace: Workspace,
  featureBranch: string,
  taskBranch: string,
  message: string
): Promise<MergeResult> {
  for (;;) {
    const trial = await workspace.startTrialMerge(featureBranch, taskBranch, message)
    try {
      if (!trial.result.ok || (await workspace.advanceFeature(featureBranch, trial.path)).ok)
        return trial.result
    } finally {
      await workspace.removeWorktree(trial.path)
    }
  }
}
