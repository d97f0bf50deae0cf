import { afterEach, describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createTempRepo, testIdentity, type TempRepo } from './git-repo.js'

describe('createTempRepo', () => {
  let repo: TempRepo | undefined

  afterEach(async () => {
    await repo?.cleanup()
    repo = undefined
  })

  it('pushes an initial commit with the given files to a bare origin and leaves a tracking clone', async () => {
    repo = await createTempRepo({
      files: { 'src/a.txt': 'alpha\n', 'b.md': 'beta\n' },
      defaultBranch: 'trunk'
    })
    const { git, work, origin } = repo

    expect(await git(origin, 'rev-parse', '--is-bare-repository')).toBe('true')
    expect(await git(work, 'branch', '--show-current')).toBe('trunk')
    expect(await git(work, 'rev-parse', '--abbrev-ref', '@{upstream}')).toBe('origin/trunk')
    expect(await git(work, 'rev-parse', 'HEAD')).toBe(await git(origin, 'rev-parse', 'refs/heads/trunk'))
    expect(await git(work, 'ls-tree', '-r', '--name-only', 'HEAD')).toBe('b.md\nsrc/a.txt')
    expect(await readFile(join(work, 'src/a.txt'), 'utf8')).toBe('alpha\n')
    expect(await git(work, 'status', '--porcelain')).toBe('')
  })

  it('configures the committer identity in the clone only', async () => {
    repo = await createTempRepo()
    const { git, work } = repo

    expect(await git(work, 'config', '--local', 'user.email')).toBe(testIdentity.email)
    expect(await git(work, 'log', '-1', '--format=%an <%ae>')).toBe(
      `${testIdentity.name} <${testIdentity.email}>`
    )
    await expect(git(work, 'config', '--global', 'user.email')).rejects.toThrow()
  })

  it('defaults to a README on main and removes everything on cleanup', async () => {
    repo = await createTempRepo()
    const { git, work, root } = repo

    expect(await git(work, 'branch', '--show-current')).toBe('main')
    expect(await git(work, 'ls-files')).toBe('README.md')
    await repo.cleanup()
    expect(existsSync(root)).toBe(false)
  })
})
