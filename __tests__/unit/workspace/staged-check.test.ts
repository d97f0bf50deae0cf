import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { mkdir, symlink } from 'node:fs/promises'
import { join } from 'node:path'
import { taskBranchName } from '../../../src/workspace/branch-names.js'
import { ForbiddenChange } from '../../../src/workspace/staged-check.js'
import type { TaskWorktree } from '../../../src/workspace/workspace.js'
import { runGit } from '../../harness/git-repo.js'
import { author, createWorkspaceFixture, put, type WorkspaceFixture } from './workspace-fixture.js'

const feature = 'agent-team/3-checks'

describe('the staged change is checked against the path rules before every commit (merges: trial-merge.test.ts)', () => {
  let fx: WorkspaceFixture
  let t1: TaskWorktree

  beforeEach(async () => {
    fx = await createWorkspaceFixture({ files: { 'README.md': '# app\n' } })
    await fx.workspace.prepareFeatureBranch('main', feature)
    t1 = await fx.workspace.createTaskWorktree('T1', taskBranchName(feature, 'T1'), feature)
  })
  afterEach(() => fx.cleanup())

  async function refusal(): Promise<ForbiddenChange> {
    const outcome = await fx.workspace.commitAll(t1.path, { message: 'T1', author }).then(
      sha => new Error(`expected a refusal, got commit ${sha}`),
      (error: unknown) => error
    )
    if (!(outcome instanceof ForbiddenChange)) throw outcome
    return outcome
  }

  it('refuses a workflow written by a command the agent ran, and commits nothing of the change', async () => {
    const head = await fx.git(t1.path, 'rev-parse', 'HEAD')
    await put(t1.path, 'src/app.ts', 'export {}\n')
    await put(t1.path, '.github/workflows/steal.yml', 'on: push\n')

    const error = await refusal()

    expect(error.message).toContain('Nothing was committed')
    expect(error.message).toContain('`.github/workflows/steal.yml` is under .github/workflows/')
    expect(error.message).not.toContain('src/app.ts')
    expect(await fx.git(t1.path, 'rev-parse', 'HEAD')).toBe(head)
    expect(await fx.git(t1.path, 'diff', '--cached', '--name-only')).toBe('')
    expect(existsSync(join(t1.path, '.github/workflows/steal.yml'))).toBe(true)
  })

  it('commits a workflow when the config allows workflow edits', async () => {
    fx.workspace.usePathRules({ protectedPaths: [], allowWorkflowEdits: true })
    await put(t1.path, '.github/workflows/ci.yml', 'on: push\n')

    expect(await fx.workspace.commitAll(t1.path, { message: 'T1', author })).toMatch(/^[0-9a-f]{40}$/)
  })

  it('refuses protected paths at any depth, read as .gitignore reads them', async () => {
    fx.workspace.usePathRules({ protectedPaths: ['*.pem', '/infra'], allowWorkflowEdits: false })
    await put(t1.path, 'deploy/keys/prod.pem', 'key\n')
    await put(t1.path, 'infra/main.tf', 'x\n')
    await put(t1.path, 'docs/infra/notes.md', 'fine\n')

    const error = await refusal()

    expect(error.refusals).toHaveLength(2)
    expect(error.message).toContain('`deploy/keys/prod.pem` is a protected path')
    expect(error.message).toContain('`infra/main.tf` is a protected path')
  })

  it('refuses a deleted protected file as much as a changed one', async () => {
    fx.workspace.usePathRules({ protectedPaths: ['README.md'], allowWorkflowEdits: false })
    await fx.git(t1.path, 'rm', '--quiet', 'README.md')

    expect((await refusal()).message).toContain('`README.md` is a protected path')
  })

  it('refuses a nested repository (a gitlink)', async () => {
    const nested = join(t1.path, 'vendor/lib')
    await mkdir(nested, { recursive: true })
    await runGit(nested, 'init', '--quiet')
    await put(nested, 'x.txt', 'x\n')
    await runGit(nested, 'add', 'x.txt')
    await runGit(nested, '-c', 'user.name=a', '-c', 'user.email=a@b', 'commit', '--quiet', '-m', 'x')

    expect((await refusal()).message).toContain('`vendor/lib` is a nested git repository or submodule')
  })

  it('refuses a nested repository that a .gitmodules the agents wrote marks "ignore = all"', async () => {
    const nested = join(t1.path, 'vendor/lib')
    await mkdir(nested, { recursive: true })
    await runGit(nested, 'init', '--quiet')
    await put(nested, 'x.txt', 'x\n')
    await runGit(nested, 'add', 'x.txt')
    await runGit(nested, '-c', 'user.name=a', '-c', 'user.email=a@b', 'commit', '--quiet', '-m', 'x')
    // git diff hides such a submodule unless told not to: the check must still see the gitlink.
    await put(t1.path, '.gitmodules', '[submodule "lib"]\n\tpath = vendor/lib\n\turl = ./x\n\tignore = all\n')

    expect((await refusal()).message).toContain('`vendor/lib` is a nested git repository or submodule')
  })

  it('refuses a symlink that leads outside the worktree or into .git, and keeps one inside', async () => {
    await symlink('/etc/passwd', join(t1.path, 'passwd'))
    await symlink('../../.git/config', join(t1.path, 'docs-config'))
    await mkdir(join(t1.path, 'a'))
    await symlink('../.git/config', join(t1.path, 'a/config'))

    const error = await refusal()

    expect(error.message).toContain('`passwd` is a symlink to `/etc/passwd`, outside the repository')
    expect(error.message).toContain('`docs-config` is a symlink to `../../.git/config`, outside')
    expect(error.message).toContain("`a/config` is a symlink into git's own data")
  })

  it('commits a symlink to a file inside the worktree', async () => {
    await mkdir(join(t1.path, 'docs'))
    await symlink('../README.md', join(t1.path, 'docs/README.md'))

    expect(await fx.workspace.commitAll(t1.path, { message: 'T1', author })).toMatch(/^[0-9a-f]{40}$/)
  })
})
