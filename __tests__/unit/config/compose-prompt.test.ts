import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdir, symlink } from 'node:fs/promises'
import { join } from 'node:path'
import { composeRolePrompt, DEFAULT_PROMPT_CAPS } from '../../../src/config/compose-prompt.js'
import { builtInRole } from '../../../src/config/default-team.js'
import type { RoleConfig } from '../../../src/config/team-config.js'
import { prompt } from '../../../src/prompts/index.js'
import { ConfigError } from '../../../src/util/errors.js'
import { tempRepos } from './temp-repo.js'

const repos = tempRepos()
afterEach(() => repos.cleanup())

const role = (changes: Partial<RoleConfig>): RoleConfig => ({
  ...builtInRole('backend-dev', 'backend'),
  ...changes
})

async function refusal(repo: string, changes: Partial<RoleConfig>): Promise<string> {
  const error = await composeRolePrompt(role(changes), repo).catch(e => e)
  expect(error).toBeInstanceOf(ConfigError)
  return error.message
}

describe('composeRolePrompt', () => {
  it('puts the base prompt first, then platform notes, then project context, each under a heading that names it', async () => {
    const repo = await repos.make({
      'docs/android.md': 'Use Kotlin coroutines.',
      'docs/architecture.md': 'Three services talk over HTTP.',
      'README.md': '# Shop\n'
    })
    const text = await composeRolePrompt(
      role({ platforms: ['node', 'docs/android.md'], projectContext: ['docs/architecture.md', 'README.md'] }),
      repo
    )

    expect(text.startsWith(prompt('role-backend').trim())).toBe(true)
    const order = [
      '# Platform notes: node',
      prompt('platform-node').trim(),
      '# Platform notes: docs/android.md\n\nUse Kotlin coroutines.',
      '# Project context: docs/architecture.md\n\nThree services talk over HTTP.',
      '# Project context: README.md\n\n# Shop'
    ].map(part => text.indexOf(part))
    expect(order.every(index => index > 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
  })

  it('reads a base prompt from a Markdown file in the repository', async () => {
    const repo = await repos.make({ 'roles/writer.md': 'You write the user guide.\n' })

    expect(await composeRolePrompt(role({ base: 'roles/writer.md' }), repo)).toBe('You write the user guide.')
  })

  it('cuts a long file at the per-file cap and says so', async () => {
    const head = 'a'.repeat(DEFAULT_PROMPT_CAPS.fileBytes)
    const repo = await repos.make({ 'docs/big.md': `${head}TAIL${'b'.repeat(4000)}` })
    const text = await composeRolePrompt(role({ projectContext: ['docs/big.md'] }), repo)

    expect(text).toContain(`# Project context: docs/big.md\n\n${head}\n\n`)
    expect(text).not.toContain('TAIL')
    expect(text).toContain(
      `[Cut: this is the first 20480 of 24484 bytes of docs/big.md; read_file shows the rest.]`
    )
  })

  it('keeps the whole prompt within its cap and names what did not fit', async () => {
    const files = Object.fromEntries(
      ['a', 'b', 'c', 'd', 'e'].map(name => [`docs/${name}.md`, name.repeat(3000)])
    )
    const repo = await repos.make(files)
    const caps = { fileBytes: 4000, totalBytes: 12_000 }
    const text = await composeRolePrompt(
      role({ base: 'docs/a.md', projectContext: Object.keys(files).slice(1) }),
      repo,
      caps
    )

    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(caps.totalBytes)
    expect(text).toContain('c'.repeat(3000))
    expect(text).not.toContain('e'.repeat(10))
    expect(text).toMatch(
      /\[Cut short or left out, the prompt being limited to 12000 bytes: docs\/d\.md, docs\/e\.md\. Repository files can be read with read_file\.\]$/
    )
  })

  it('composes every base and platform the built-in team may use from bundled prompts alone', async () => {
    const repo = await repos.make()
    for (const base of ['manager', 'backend', 'frontend', 'qa', 'generic']) {
      const text = await composeRolePrompt(role({ base, platforms: ['web', 'node', 'python'] }), repo)
      expect(text).toContain(prompt(`role-${base}`).trim())
      expect(text).toContain(prompt('platform-python').trim())
    }
  })

  it('follows a symlink that stays inside the repository', async () => {
    const repo = await repos.make({ 'docs/real.md': 'inside' })
    await symlink(join(repo, 'docs/real.md'), join(repo, 'notes.md'))

    expect(await composeRolePrompt(role({ projectContext: ['notes.md'] }), repo)).toContain('inside')
  })
})

describe('composeRolePrompt reads nothing outside the repository', () => {
  it('refuses a path that climbs out with ..', async () => {
    const repo = await repos.make()
    expect(await refusal(repo, { projectContext: ['docs/../../secret.md'] })).toBe(
      'docs/../../secret.md:1:1: cannot be used as project context of role "backend-dev": "docs/../../secret.md" ' +
        'points outside the repository; only files inside it can be read'
    )
  })

  it('refuses an absolute path', async () => {
    const repo = await repos.make()
    expect(await refusal(repo, { base: '/etc/passwd' })).toBe(
      '/etc/passwd:1:1: cannot be used as the base prompt of role "backend-dev": "/etc/passwd" is an absolute ' +
        'path; give a path relative to the repository root'
    )
  })

  it('refuses a symlinked file whose target is outside', async () => {
    const outside = await repos.make({ 'token.txt': 'ghs_secret' })
    const repo = await repos.make()
    await symlink(join(outside, 'token.txt'), join(repo, 'notes.md'))

    expect(await refusal(repo, { platforms: ['notes.md'] })).toBe(
      'notes.md:1:1: cannot be used as a platform note of role "backend-dev": "notes.md" is a symlink that leads ' +
        'outside the repository; only files inside it can be read'
    )
  })

  it('refuses a file under a symlinked directory whose target is outside', async () => {
    const outside = await repos.make({ 'keys/id.md': 'private' })
    const repo = await repos.make()
    await mkdir(join(repo, 'docs'))
    await symlink(join(outside, 'keys'), join(repo, 'docs/keys'))

    expect(await refusal(repo, { projectContext: ['docs/keys/id.md'] })).toContain(
      '"docs/keys/id.md" is a symlink that leads outside the repository'
    )
  })

  it('refuses .git/, even through a symlink inside the repository', async () => {
    const repo = await repos.make({ '.git/config': '[http] extraheader = AUTHORIZATION: basic abc' })
    await symlink(join(repo, '.git/config'), join(repo, 'git-config.md'))

    expect(await refusal(repo, { projectContext: ['.git/config'] })).toContain(
      '".git/config" is inside .git/, which is never read'
    )
    expect(await refusal(repo, { projectContext: ['git-config.md'] })).toContain(
      '"git-config.md" leads into .git/, which is never read'
    )
  })

  it('refuses a file that is not text', async () => {
    const repo = await repos.make({ 'logo.md': 'PNG\u0000\u0001' })
    expect(await refusal(repo, { projectContext: ['logo.md'] })).toBe(
      'logo.md:1:1: cannot be used as project context of role "backend-dev": it is not a text file'
    )
  })
})
