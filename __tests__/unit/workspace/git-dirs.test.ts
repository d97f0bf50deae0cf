import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import { gitDirsOf, headCommitOf } from '../../../src/workspace/git-dirs.js'
import { createTempRepo, type TempRepo } from '../../harness/git-repo.js'

describe('a checkout’s git directories and HEAD, read from its files', () => {
  let repo: TempRepo
  beforeEach(async () => {
    repo = await createTempRepo()
  })
  afterEach(() => repo.cleanup())

  it('finds a linked worktree’s own and shared git directories', async () => {
    const linked = join(repo.root, 'linked')
    await repo.git(repo.work, 'worktree', 'add', '--quiet', '-b', 'side', linked)
    expect(gitDirsOf(linked)).toEqual({
      gitDir: join(repo.work, '.git', 'worktrees', 'linked'),
      commonDir: join(repo.work, '.git')
    })
    expect(gitDirsOf(repo.work)).toEqual({
      gitDir: join(repo.work, '.git'),
      commonDir: join(repo.work, '.git')
    })
    expect(gitDirsOf(join(repo.work, 'nowhere'))).toBeUndefined()
  })

  it('reads the commit HEAD names as git does: on a branch, in a worktree, and detached', async () => {
    const linked = join(repo.root, 'linked')
    await repo.git(repo.work, 'worktree', 'add', '--quiet', '-b', 'side', linked)
    await repo.git(linked, 'commit', '--quiet', '--allow-empty', '-m', 'on side')
    expect(headCommitOf(linked)).toBe(await repo.git(linked, 'rev-parse', 'HEAD'))
    expect(headCommitOf(repo.work)).toBe(await repo.git(repo.work, 'rev-parse', 'HEAD'))

    await repo.git(linked, 'checkout', '--quiet', '--detach', 'HEAD~1')
    expect(headCommitOf(linked)).toBe(await repo.git(linked, 'rev-parse', 'HEAD'))
  })

  it('leaves a packed branch to git', async () => {
    await repo.git(repo.work, 'pack-refs', '--all')
    expect(headCommitOf(repo.work)).toBeUndefined()
  })
})
