import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { createPathPolicy, type PathPolicy, type PathResolution } from '../../../src/agents/path-policy.js'
import { protectedMatcher } from '../../../src/util/paths/path-rules.js'
import { tempDir, type TempDir } from './temp-repo.js'

function refused(result: PathResolution): string {
  if (result.ok) throw new Error(`expected a refusal, got ${result.relative}`)
  return result.reason
}

function accepted(result: PathResolution): { absolute: string; relative: string } {
  if (!result.ok) throw new Error(`expected acceptance, got: ${result.reason}`)
  return result
}

describe('path policy', () => {
  let worktree: TempDir
  let outside: TempDir
  let policy: PathPolicy

  beforeAll(() => {
    outside = tempDir('agent-team-outside-')
    outside.write('secret.txt', 'not yours')
    worktree = tempDir('agent-team-worktree-')
    worktree.write('src/a.ts', 'export {}\n')
    worktree.write('.git/config', '[http]\n\textraheader = AUTHORIZATION: basic xyz\n')
    worktree.write('sub/.git/config', '')
    worktree.write('.github/workflows/ci.yml', 'on: push\n')
    worktree.write('infra/main.tf', '')
    const link = (target: string, name: string): void => fs.symlinkSync(target, path.join(worktree.dir, name))
    link(path.join(outside.dir, 'secret.txt'), 'outside-file')
    link(outside.dir, 'outside-dir')
    link(path.join(outside.dir, 'missing.txt'), 'dangling')
    link('src/a.ts', 'inside-link')
    link('.git', 'git-link')
    link('.github/workflows', 'workflows-link')
    policy = createPathPolicy({
      root: worktree.dir,
      protectedPaths: ['.env*', 'infra', 'secrets/**'],
      allowWorkflowEdits: false
    })
  })

  afterAll(() => {
    worktree.remove()
    outside.remove()
  })

  it('accepts a file inside the worktree and reports where it really is', () => {
    const result = accepted(policy.resolveForRead('src/a.ts'))
    expect(result.relative).toBe('src/a.ts')
    expect(result.absolute).toBe(path.join(fs.realpathSync(worktree.dir), 'src', 'a.ts'))
    expect(accepted(policy.resolveForRead('./src/../src/a.ts')).relative).toBe('src/a.ts')
  })

  it('accepts a new file in directories that do not exist yet', () => {
    expect(accepted(policy.resolveForWrite('lib/deep/new.ts')).relative).toBe('lib/deep/new.ts')
  })

  it('refuses `..` that leaves the worktree, with a hint the agent can act on', () => {
    const reason = refused(policy.resolveForRead('../x'))
    expect(reason).toContain('outside your worktree')
    expect(reason).toContain('relative to the repository root')
    refused(policy.resolveForWrite('src/../../x'))
    refused(policy.resolveForRead('..'))
  })

  it('refuses absolute paths, even one inside the worktree', () => {
    expect(refused(policy.resolveForRead(path.join(worktree.dir, 'src/a.ts')))).toContain('absolute path')
    refused(policy.resolveForRead('/etc/passwd'))
    refused(policy.resolveForRead('C:/Windows/win.ini'))
    refused(policy.resolveForRead('~/.ssh/id_rsa'))
  })

  it('refuses a symlink that points to a file outside the worktree', () => {
    expect(refused(policy.resolveForRead('outside-file'))).toContain('outside your worktree')
    refused(policy.resolveForWrite('outside-file'))
  })

  it('refuses a symlink that points to a directory outside the worktree', () => {
    refused(policy.resolveForRead('outside-dir/secret.txt'))
    refused(policy.resolveForRead('outside-dir'))
  })

  it('refuses a new file whose parent is a symlink to outside the worktree', () => {
    refused(policy.resolveForWrite('outside-dir/new.txt'))
    refused(policy.resolveForWrite('outside-dir/new/deeper.txt'))
  })

  it('refuses a dangling symlink, whose write would create a file wherever it points', () => {
    refused(policy.resolveForWrite('dangling'))
  })

  it('follows a symlink that stays inside the worktree to its target', () => {
    expect(accepted(policy.resolveForWrite('inside-link')).relative).toBe('src/a.ts')
  })

  it('refuses to read or write .git/config, which holds the checkout credentials', () => {
    expect(refused(policy.resolveForRead('.git/config'))).toContain('.git')
    refused(policy.resolveForWrite('.git/config'))
    refused(policy.resolveForWrite('.git/hooks/pre-commit'))
    refused(policy.resolveForRead('.git'))
  })

  it('refuses .git at any depth', () => {
    refused(policy.resolveForRead('sub/.git/config'))
    refused(policy.resolveForWrite('sub/.git/config'))
  })

  it('refuses the case and NTFS spellings of .git', () => {
    refused(policy.resolveForRead('.GIT/config'))
    refused(policy.resolveForWrite('.Git/config'))
    refused(policy.resolveForWrite('.git./config'))
    refused(policy.resolveForWrite('GIT~1/config'))
  })

  it('refuses a symlink inside the worktree that leads into .git', () => {
    refused(policy.resolveForRead('git-link/config'))
    refused(policy.resolveForWrite('git-link/config'))
  })

  it('refuses writes under .github/workflows but allows reading them', () => {
    expect(refused(policy.resolveForWrite('.github/workflows/x.yml'))).toContain('allow_workflow_edits')
    refused(policy.resolveForWrite('.GitHub/Workflows/x.yml'))
    refused(policy.resolveForWrite('workflows-link/ci.yml'))
    accepted(policy.resolveForRead('.github/workflows/ci.yml'))
  })

  it('allows workflow writes when the config allows them', () => {
    const open = createPathPolicy({ root: worktree.dir, protectedPaths: [], allowWorkflowEdits: true })
    expect(accepted(open.resolveForWrite('.github/workflows/x.yml')).relative).toBe('.github/workflows/x.yml')
  })

  it('refuses writes to configured protected globs, dot files and named directories included', () => {
    expect(refused(policy.resolveForWrite('.env.local'))).toContain('protected')
    refused(policy.resolveForWrite('infra/main.tf'))
    refused(policy.resolveForWrite('secrets/a/b.json'))
    accepted(policy.resolveForRead('infra/main.tf'))
    accepted(policy.resolveForWrite('src/infra.ts'))
  })

  it('refuses NUL bytes and other control characters', () => {
    expect(refused(policy.resolveForRead('src/a.ts\0../../etc/passwd'))).toContain('control character')
    refused(policy.resolveForWrite('src/a\n.ts'))
    refused(policy.resolveForWrite('.g\u200cit/config'))
  })

  it('refuses backslashes, which are separators on Windows runners', () => {
    refused(policy.resolveForRead('..\\secret.txt'))
  })

  it('refuses to write the worktree root itself', () => {
    refused(policy.resolveForWrite('.'))
    expect(accepted(policy.resolveForRead('.')).relative).toBe('.')
  })
})

describe('protected_paths, read as .gitignore reads its patterns', () => {
  const matches = (patterns: string[], path: string) => protectedMatcher(patterns)(path)

  it('matches a pattern without a slash at any depth', () => {
    expect(matches(['*.pem'], 'key.pem')).toBe(true)
    expect(matches(['*.pem'], 'deploy/keys/prod.pem')).toBe(true)
    expect(matches(['.env*'], 'services/api/.env.local')).toBe(true)
    expect(matches(['secrets'], 'a/secrets/token.txt')).toBe(true)
    expect(matches(['secrets/'], 'a/secrets/token.txt')).toBe(true)
    expect(matches(['*.pem'], 'src/pem.ts')).toBe(false)
  })

  it('anchors a pattern with a slash at the repository root', () => {
    expect(matches(['infra/prod/**'], 'infra/prod/main.tf')).toBe(true)
    expect(matches(['infra/prod/**'], 'modules/infra/prod/main.tf')).toBe(false)
    expect(matches(['/config.yml'], 'config.yml')).toBe(true)
    expect(matches(['/config.yml'], 'app/config.yml')).toBe(false)
    expect(matches(['infra/prod'], 'infra/prod/deep/x.tf')).toBe(true)
  })

  it('ignores case, as macOS and Windows runners do', () => {
    expect(matches(['*.pem'], 'KEYS/PROD.PEM')).toBe(true)
  })
})
