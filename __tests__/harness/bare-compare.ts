import { execFileSync } from 'node:child_process'
import type { FakeGitHubOptions } from './fake-github-types.js'
import { testGitEnv } from './git-repo.js'
import { bareHasBranch } from './sample-project.js'

/**
 * How many commits branch `head` of the bare repository has that `base` lacks (`git rev-list --count
 * base..head`). Synchronous, for the fake GitHub's `commitsAhead` hook: GitHub refuses a pull request whose
 * head has none with 422 "No commits between <base> and <head>".
 */
export function bareCommitsAhead(bare: string, base: string, head: string): number {
  const out = execFileSync(
    'git',
    ['--git-dir', bare, 'rev-list', '--count', `refs/heads/${base}..refs/heads/${head}`],
    { env: testGitEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }
  )
  return Number(out.trim())
}

/**
 * The fake GitHub's branch hooks answered by a real bare "origin": a branch exists when the bare repository
 * has it, and a pull request needs commits its base lacks. Spread into `startFakeGitHub({ ... })`.
 */
export function bareBranchHooks(
  bare: string
): Required<Pick<FakeGitHubOptions, 'branchExists' | 'commitsAhead'>> {
  return {
    branchExists: name => bareHasBranch(bare, name),
    commitsAhead: (base, head) => bareCommitsAhead(bare, base, head)
  }
}
