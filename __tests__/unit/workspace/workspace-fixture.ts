/** A temporary repository opened as a GitWorkspace, with its worktrees kept under the same temporary root. */
import { writeFile, mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import {
  openGitWorkspace,
  type GitWorkspace,
  type GitWorkspaceOptions
} from '../../../src/workspace/git-workspace.js'
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
