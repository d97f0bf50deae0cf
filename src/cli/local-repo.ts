import { existsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { AgentTeamError } from '../util/errors.js'
import { silentLogger } from '../util/logger.js'
import { createGit } from '../workspace/git.js'
import { runGit } from '../workspace/run-git.js'

/** The checkout the CLI works in. */
export interface LocalRepo {
  /** The top of its work tree. */
  topLevel: string
  /** The git directory shared by its worktrees; the local forge writes under `<gitDir>/agent-team`. */
  gitDir: string
}

/**
 * The git checkout that holds `dir`, or an error that says what `dir` is instead: missing, not a
 * folder, or not inside a git work tree.
 */
export async function openLocalRepo(dir: string, env: NodeJS.ProcessEnv): Promise<LocalRepo> {
  const path = resolve(dir)
  if (!existsSync(path))
    throw new AgentTeamError(`${path} does not exist; give --repo the path of a git checkout.`)
  if (!statSync(path).isDirectory()) {
    throw new AgentTeamError(`${path} is a file; give --repo the folder of a git checkout.`)
  }
  try {
    const located = await createGit(path, { env }).locate()
    if (!located.topLevel) throw new Error('no work tree')
    return { topLevel: located.topLevel, gitDir: located.commonDir }
  } catch {
    throw new AgentTeamError(
      `${path} is not a git repository (nor inside one); run agent-team in a checkout or pass --repo DIR.`
    )
  }
}

/** The branch checked out in the repository; the team builds on it. Refuses a detached HEAD. */
export async function currentBranch(repo: LocalRepo, env: NodeJS.ProcessEnv): Promise<string> {
  const branch = await createGit(repo.topLevel, { env }).currentBranch()
  if (!branch) {
    throw new AgentTeamError(
      `HEAD is detached in ${repo.topLevel}; check out the branch the team should build on (git switch <branch>).`
    )
  }
  return branch
}

/**
 * Refuses a work tree with uncommitted changes (untracked files included). The team builds from the
 * committed branch, so changes only in the work tree would be silently left out of what it builds on.
 */
export async function assertCleanWorkTree(repo: LocalRepo, env: NodeJS.ProcessEnv): Promise<void> {
  const result = await runGit(repo.topLevel, ['status', '--porcelain', '--untracked-files=normal'], {
    env,
    logger: silentLogger
  })
  const changed = result.stdout
    .split('\n')
    .filter(line => line.trim() !== '')
    .map(line => line.slice(3))
  if (changed.length === 0) return
  const shown =
    changed.slice(0, 3).join(', ') + (changed.length > 3 ? `, and ${changed.length - 3} more` : '')
  throw new AgentTeamError(
    `The work tree of ${repo.topLevel} has uncommitted changes (${shown}). The team builds on the committed ` +
      'branch, so commit or stash them first, or pass --allow-dirty to run without them.'
  )
}

/** Where the local forge keeps the run's Markdown files. */
export function localForgeDir(repo: LocalRepo): string {
  return join(repo.gitDir, 'agent-team')
}
