import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { removeCheckoutCredentials } from '../../../src/workspace/checkout-credentials.js'
import { applyCheckoutLayout, checkoutLayouts } from '../../harness/checkout-layouts.js'
import { createTempRepo, runGit, testGitEnv, type TempRepo } from '../../harness/git-repo.js'

const exec = promisify(execFile)
const TOKEN = 'ghs_checkout_token_0123456789'
const SERVER = 'https://github.com'

describe('removing the credential actions/checkout stored', () => {
  let repo: TempRepo
  beforeEach(async () => {
    repo = await createTempRepo()
  })
  afterEach(async () => {
    await repo.cleanup()
  })

  /** Every extra header git would send to the repository's origin, includes followed. */
  async function headersGitSends(): Promise<string[]> {
    const url = await runGit(repo.work, 'remote', 'get-url', 'origin')
    const { stdout } = await exec(
      'git',
      ['config', '--includes', '--get-urlmatch', 'http.extraheader', url],
      {
        cwd: repo.work,
        env: testGitEnv
      }
    ).catch(() => ({ stdout: '' }))
    return stdout.split('\n').filter(Boolean)
  }

  it.each(checkoutLayouts)('leaves no token for code in the repository to find (%s)', async layout => {
    const runnerTemp = join(repo.root, 'runner-temp')
    const applied = await applyCheckoutLayout(repo.work, layout, {
      token: TOKEN,
      serverUrl: SERVER,
      runnerTemp
    })
    expect(await headersGitSends()).toEqual(layout === 'no-persist' ? [] : [applied.headerValue])

    const removed = await removeCheckoutCredentials(repo.work, { env: testGitEnv })

    expect(await headersGitSends()).toEqual([])
    expect(await readFile(join(repo.work, '.git', 'config'), 'utf8')).not.toMatch(/AUTHORIZATION|includeIf/i)
    if (applied.credentialsFile) {
      // The file stays for checkout's post step to delete, but holds no token any more.
      expect(await readFile(applied.credentialsFile, 'utf8')).not.toContain('AUTHORIZATION')
      expect(removed).toHaveLength(applied.includeKeys.length)
    } else {
      expect(removed).toHaveLength(layout === 'no-persist' ? 0 : 1)
    }
    // What it reports names places, never the value.
    expect(removed.join('\n')).not.toContain(applied.headerValue.slice(-12))
  })

  it('keeps includes that hold no credential, and the rest of the configuration', async () => {
    const other = join(repo.root, 'team.config')
    await runGit(repo.root, 'config', '--file', other, 'core.autocrlf', 'false')
    await runGit(repo.work, 'config', '--local', `includeIf.gitdir:${join(repo.work, '.git')}.path`, other)
    await runGit(repo.work, 'config', '--local', 'user.signingkey', 'ABC')

    expect(await removeCheckoutCredentials(repo.work, { env: testGitEnv })).toEqual([])

    expect(await runGit(repo.work, 'config', '--includes', 'core.autocrlf')).toBe('false')
    expect(await runGit(repo.work, 'config', '--local', 'user.signingkey')).toBe('ABC')
  })
})
