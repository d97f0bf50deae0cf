import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { createGit } from '../../../src/workspace/git.js'
import { RefReader } from '../../../src/workspace/ref-reader.js'
import { createTempRepo, testGitEnv, type TempRepo } from '../../harness/git-repo.js'

describe('RefReader: refs read by one long-lived git, as fresh as a new process', () => {
  let repo: TempRepo
  let reader: RefReader

  beforeEach(async () => {
    repo = await createTempRepo({ files: { 'README.md': '# app\n' } })
    reader = new RefReader(repo.work, testGitEnv)
  })
  afterEach(async () => {
    reader.close()
    await repo.cleanup()
  })

  const revParse = (name: string) => repo.git(repo.work, 'rev-parse', name)

  it('follows a branch that other processes create, move, pack and delete', async () => {
    expect(await reader.objectOf('refs/heads/topic', 'commit')).toBeUndefined()
    await repo.git(repo.work, 'branch', 'topic')
    expect(await reader.objectOf('refs/heads/topic', 'commit')).toBe(await revParse('topic'))

    await repo.git(repo.work, 'commit', '--quiet', '--allow-empty', '-m', 'next')
    await repo.git(repo.work, 'branch', '--force', 'topic', 'HEAD')
    expect(await reader.objectOf('refs/heads/topic', 'commit')).toBe(await revParse('HEAD'))

    await repo.git(repo.work, 'pack-refs', '--all')
    await repo.git(repo.work, 'commit', '--quiet', '--allow-empty', '-m', 'after packing')
    await repo.git(repo.work, 'update-ref', 'refs/heads/topic', 'HEAD')
    expect(await reader.objectOf('refs/heads/topic', 'commit')).toBe(await revParse('HEAD'))
    expect(await reader.objectOf('topic', 'tree')).toBe(await revParse('HEAD^{tree}'))

    await repo.git(repo.work, 'branch', '--delete', '--force', 'topic')
    expect(await reader.objectOf('refs/heads/topic', 'commit')).toBeUndefined()
  })

  it('answers questions asked together, each with its own answer', async () => {
    await repo.git(repo.work, 'branch', 'a')
    const head = await revParse('HEAD')
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        reader.objectOf(i % 3 === 0 ? `refs/heads/none-${i}` : 'a', 'commit')
      )
    )
    expect(answers).toEqual(Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? undefined : head)))
  })

  it('starts again after it was closed', async () => {
    const head = await revParse('HEAD')
    expect(await reader.objectOf('HEAD', 'commit')).toBe(head)
    reader.close()
    expect(await reader.objectOf('HEAD', 'commit')).toBe(head)
  })

  it('refuses names git would read as an expression; the plumbing asks rev-parse for those', async () => {
    await repo.git(repo.work, 'commit', '--quiet', '--allow-empty', '-m', 'second')
    await expect(reader.objectOf('HEAD~1', 'commit')).rejects.toThrow('not a plain name')
    await expect(reader.objectOf('HEAD\nmain', 'commit')).rejects.toThrow('not a plain name')

    const git = createGit(repo.work, { env: testGitEnv, batchRefReads: true })
    expect(await git.resolveCommit('HEAD~1')).toBe(await revParse('HEAD~1'))
    expect(await git.resolveCommit('HEAD')).toBe(await revParse('HEAD'))
    expect(await git.resolveTree('HEAD')).toBe(await revParse('HEAD^{tree}'))
    expect(await git.resolveCommit('refs/heads/nothing-here')).toBeUndefined()
  })
})
