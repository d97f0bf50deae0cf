import { afterEach, describe, expect, it } from '@jest/globals'
import {
  authorizationHeader,
  configureAuth,
  extraHeaderKey,
  removeAuth
} from '../../../src/workspace/git-auth.js'
import type { Logger } from '../../../src/util/logger.js'
import { createTempRepo, testGitEnv, type TempRepo } from '../../harness/git-repo.js'

const token = 'ghs_0123456789abcdefSECRET'
const encoded = Buffer.from(`x-access-token:${token}`).toString('base64')

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  const record = (line: string): void => void lines.push(line)
  return { lines, info: record, warning: record, error: record, debug: record }
}

describe('git credentials', () => {
  let repo: TempRepo | undefined

  const track = async (pending: Promise<TempRepo>): Promise<TempRepo> => (repo = await pending)

  afterEach(async () => {
    await repo?.cleanup()
    repo = undefined
  })

  it('uses the same config key and header as actions/checkout', () => {
    expect(extraHeaderKey()).toBe('http.https://github.com/.extraheader')
    expect(extraHeaderKey('https://ghe.example.com/some/path')).toBe(
      'http.https://ghe.example.com/.extraheader'
    )
    expect(authorizationHeader(token)).toBe(`AUTHORIZATION: basic ${encoded}`)
  })

  it('writes the token as an extra header in the local config without logging it or putting it in argv', async () => {
    const repo = await track(createTempRepo())
    const logger = recordingLogger()

    await configureAuth(repo.work, { token, serverUrl: 'https://github.com', env: testGitEnv, logger })

    expect(
      await repo.git(repo.work, 'config', '--local', '--get-all', 'http.https://github.com/.extraheader')
    ).toBe(`AUTHORIZATION: basic ${encoded}`)
    expect(logger.lines.length).toBeGreaterThan(0)
    for (const line of logger.lines) {
      expect(line).not.toContain(token)
      expect(line).not.toContain(encoded)
    }
  })

  it('replaces a header persisted earlier (by checkout or a previous call) instead of adding a second', async () => {
    const repo = await track(createTempRepo())
    const key = extraHeaderKey('https://github.com')
    await repo.git(repo.work, 'config', '--local', key, 'AUTHORIZATION: basic b2xkOm9sZA==')

    await configureAuth(repo.work, { token, env: testGitEnv })

    expect(await repo.git(repo.work, 'config', '--local', '--get-all', key)).toBe(
      `AUTHORIZATION: basic ${encoded}`
    )
  })

  it('is visible from worktrees, which share the repository config', async () => {
    const repo = await track(createTempRepo())
    const worktree = `${repo.root}/wt`
    await repo.git(repo.work, 'worktree', 'add', '--quiet', '-b', 'side', worktree)

    await configureAuth(worktree, { token, serverUrl: 'https://ghe.example.com', env: testGitEnv })

    expect(await repo.git(repo.work, 'config', '--get', 'http.https://ghe.example.com/.extraheader')).toBe(
      `AUTHORIZATION: basic ${encoded}`
    )
  })

  it('removes the header again', async () => {
    const repo = await track(createTempRepo())
    await configureAuth(repo.work, { token, env: testGitEnv })

    await removeAuth(repo.work, { env: testGitEnv })
    await removeAuth(repo.work, { env: testGitEnv })

    await expect(repo.git(repo.work, 'config', '--get', extraHeaderKey())).rejects.toThrow()
  })

  it('refuses an empty or multi-line token', async () => {
    const repo = await track(createTempRepo())
    await expect(configureAuth(repo.work, { token: '', env: testGitEnv })).rejects.toThrow(/github_token/)
    await expect(configureAuth(repo.work, { token: 'a\nb', env: testGitEnv })).rejects.toThrow(/github_token/)
  })
})
