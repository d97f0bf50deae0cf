import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { readFile, stat, writeFile } from 'node:fs/promises'
import { promisify } from 'node:util'
import { join } from 'node:path'
import { listingFor } from '../../../src/workspace/config-listing.js'
import type { ConfigEntry } from '../../../src/workspace/git-config-guard.js'
import { createTempRepo, type TempRepo } from '../../harness/git-repo.js'

const execFileAsync = promisify(execFile)
const env = { PATH: '/usr/bin:/bin', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' }

/** A listing function that counts its calls and answers what the config file says now. */
function countingList(configPath: string) {
  let calls = 0
  return {
    calls: () => calls,
    list: async (): Promise<ConfigEntry[]> => {
      calls++
      const text = await readFile(configPath, 'utf8')
      return text.includes('[include]') ? [{ scope: 'local', key: 'include.path', value: 'x' }] : []
    }
  }
}

describe('the config listing kept per checkout', () => {
  let repo: TempRepo
  let config: string
  beforeEach(async () => {
    repo = await createTempRepo()
    config = join(repo.work, '.git', 'config')
  })
  afterEach(() => repo.cleanup())

  it('is listed once while the config files stay as they were', async () => {
    const counter = countingList(config)
    await listingFor(repo.work, env, counter.list)
    await listingFor(repo.work, env, counter.list)
    expect(counter.calls()).toBe(1)
    // Another environment is another listing.
    await listingFor(repo.work, { ...env, HOME: '/elsewhere' }, counter.list)
    expect(counter.calls()).toBe(2)
  })

  it('is listed again after a rewrite that keeps the file’s size and sets its time back', async () => {
    const counter = countingList(config)
    await repo.git(repo.work, 'config', 'x.pad', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')
    await listingFor(repo.work, env, counter.list)
    // touch -r keeps the nanoseconds that utimes() would round away.
    const stamp = join(repo.root, 'stamp')
    await execFileAsync('touch', ['-r', config, stamp])
    const before = await stat(config, { bigint: true })
    // What code with write access could do to hide a driver: same length, old modification time.
    const text = await readFile(config, 'utf8')
    const padLine = '[x]\n\tpad = aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
    const planted = text.replace(
      padLine,
      '[filter "e"]\n\tclean = touch /tmp/pwn;cat'.padEnd(padLine.length, ' ')
    )
    expect(planted.length).toBe(text.length)
    await writeFile(config, planted)
    await execFileAsync('touch', ['-r', stamp, config])
    expect((await stat(config, { bigint: true })).mtimeNs).toBe(before.mtimeNs)

    await listingFor(repo.work, env, counter.list)
    expect(counter.calls()).toBe(2)
  })

  it('is never kept when the config includes another file', async () => {
    await repo.git(repo.work, 'config', 'include.path', join(repo.root, 'more.gitconfig'))
    const counter = countingList(config)
    await listingFor(repo.work, env, counter.list)
    await listingFor(repo.work, env, counter.list)
    expect(counter.calls()).toBe(2)
  })

  it('is not kept where the checkout’s git directory cannot be read from it (a subdirectory)', async () => {
    const counter = countingList(config)
    await repo.git(repo.work, 'config', 'x.y', '1')
    const sub = join(repo.work, 'sub')
    await import('node:fs/promises').then(fs => fs.mkdir(sub))
    await listingFor(sub, env, counter.list)
    await listingFor(sub, env, counter.list)
    expect(counter.calls()).toBe(2)
  })
})
