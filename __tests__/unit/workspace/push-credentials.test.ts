import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { pushCredentialsEnv } from '../../../src/workspace/push-credentials.js'
import { authorizationHeader, extraHeaderKey } from '../../../src/workspace/git-auth.js'
import { createTempRepo, runGit, testGitEnv, type TempRepo } from '../../harness/git-repo.js'

const exec = promisify(execFile)
const TOKEN = 'ghs_pushtoken_0123456789abcdef'
const KEY = extraHeaderKey('https://github.com')

describe('push credentials', () => {
  let repo: TempRepo
  beforeEach(async () => {
    repo = await createTempRepo()
  })
  afterEach(async () => {
    await repo.cleanup()
  })

  it('gives the engine’s git the token through its environment, never through .git/config', async () => {
    const env = await pushCredentialsEnv(repo.work, {
      token: TOKEN,
      serverUrl: 'https://github.com',
      env: testGitEnv
    })

    const { stdout } = await exec('git', ['config', '--get', KEY], { cwd: repo.work, env })
    expect(stdout.trim()).toBe(authorizationHeader(TOKEN))
    expect(await readFile(join(repo.work, '.git', 'config'), 'utf8')).not.toContain('AUTHORIZATION')
    // A process started without that environment (an agent's command) finds nothing.
    await expect(exec('git', ['config', '--get', KEY], { cwd: repo.work, env: testGitEnv })).rejects.toThrow()
  })

  it('leaves a checkout that persisted its own header alone, so git never sends two', async () => {
    await runGit(repo.work, 'config', '--local', KEY, 'AUTHORIZATION: basic Y2hlY2tvdXQ=')

    const env = await pushCredentialsEnv(repo.work, {
      token: TOKEN,
      serverUrl: 'https://github.com',
      env: testGitEnv
    })

    expect(env).toBe(testGitEnv)
  })

  it('adds nothing without a token', async () => {
    expect(
      await pushCredentialsEnv(repo.work, { token: '', serverUrl: 'https://github.com', env: testGitEnv })
    ).toBe(testGitEnv)
  })
})
