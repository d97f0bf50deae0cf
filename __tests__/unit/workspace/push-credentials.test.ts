import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { pushCredentialsEnv } from '../../../src/workspace/push-credentials.js'
import { authorizationHeader, extraHeaderKey, remoteHeaderKey } from '../../../src/workspace/git-auth.js'
import { createTempRepo, runGit, testGitEnv, type TempRepo } from '../../harness/git-repo.js'

const exec = promisify(execFile)
const TOKEN = 'ghs_pushtoken_0123456789abcdef'
const REMOTE = 'https://github.com/octo-org/widgets.git'

describe('push credentials', () => {
  let repo: TempRepo
  beforeEach(async () => {
    repo = await createTempRepo()
    await runGit(repo.work, 'remote', 'set-url', 'origin', REMOTE)
  })
  afterEach(async () => {
    await repo.cleanup()
  })

  /** The extra headers git would send to the remote, in the given environment. */
  async function headersFor(env: NodeJS.ProcessEnv): Promise<string[]> {
    const { stdout } = await exec('git', ['config', '--get-urlmatch', 'http.extraheader', REMOTE], {
      cwd: repo.work,
      env
    }).catch(() => ({ stdout: '' }))
    return stdout.split('\n').filter(Boolean)
  }

  it('gives the engine’s git the token through its environment, never through .git/config', async () => {
    const env = await pushCredentialsEnv(repo.work, {
      token: TOKEN,
      serverUrl: 'https://github.com',
      env: testGitEnv
    })

    const { stdout } = await exec('git', ['config', '--get-all', remoteHeaderKey(REMOTE)], {
      cwd: repo.work,
      env
    })
    // An empty value first (it empties the list git read so far), then the token.
    expect(stdout.split('\n').slice(0, 2)).toEqual(['', authorizationHeader(TOKEN)])
    expect(await readFile(join(repo.work, '.git', 'config'), 'utf8')).not.toContain('AUTHORIZATION')
    // A process started without that environment (an agent's command) finds nothing.
    expect(await headersFor(testGitEnv)).toEqual([])
  })

  it('outranks a header the checkout persisted for the whole server, so git sends the given token alone', async () => {
    await runGit(repo.work, 'config', '--local', extraHeaderKey(), 'AUTHORIZATION: basic Y2hlY2tvdXQ=')
    expect(await headersFor(testGitEnv)).toEqual(['AUTHORIZATION: basic Y2hlY2tvdXQ='])

    const env = await pushCredentialsEnv(repo.work, {
      token: TOKEN,
      serverUrl: 'https://github.com',
      env: testGitEnv
    })

    // --get-urlmatch shows the value git would use for this URL: the most specific key's.
    expect(await headersFor(env)).toEqual([authorizationHeader(TOKEN)])
  })

  it('sends the token only to the GitHub server', async () => {
    await runGit(repo.work, 'remote', 'set-url', 'origin', 'https://git.example.com/octo-org/widgets.git')
    expect(
      await pushCredentialsEnv(repo.work, { token: TOKEN, serverUrl: 'https://github.com', env: testGitEnv })
    ).toBe(testGitEnv)
  })

  it('adds nothing without a token, and refuses a token with a line break', async () => {
    expect(
      await pushCredentialsEnv(repo.work, { token: '', serverUrl: 'https://github.com', env: testGitEnv })
    ).toBe(testGitEnv)
    await expect(
      pushCredentialsEnv(repo.work, { token: 'a\nb', serverUrl: 'https://github.com', env: testGitEnv })
    ).rejects.toThrow(/line break/)
  })
})
