import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { hostMounts } from '../../../src/sandbox/host-mounts.js'
import { prepareSandbox, type PrepareSandboxOptions } from '../../../src/sandbox/prepare-sandbox.js'
import { UNSANDBOXED_WARNING } from '../../../src/sandbox/sandbox.js'
import { SandboxUnavailable } from '../../../src/util/errors.js'
import type { Logger } from '../../../src/util/logger.js'

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = []
  return { warnings, info() {}, debug() {}, error() {}, warning: message => void warnings.push(message) }
}

describe('prepareSandbox', () => {
  let dir: string
  let broken: string
  const base = (overrides: Partial<PrepareSandboxOptions>): PrepareSandboxOptions => ({
    mode: 'auto',
    onUnavailable: 'fail',
    setUpHost: true,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    repoDir: dir,
    readOnlyPaths: [],
    unsandboxedEnv: { PATH: process.env.PATH ?? '' },
    logger: recordingLogger(),
    ...overrides
  })

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'agent-team-prepare-'))
    broken = join(dir, 'bwrap')
    await writeFile(broken, '#!/bin/sh\necho "bwrap: No permissions to create new namespace" >&2\nexit 1\n')
    await chmod(broken, 0o755)
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('fails closed when bwrap is missing, with the steps that fix the runner', async () => {
    const error = await prepareSandbox(
      base({ env: { PATH: process.env.PATH, AGENT_TEAM_BWRAP: join(dir, 'no-such-bwrap') } })
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SandboxUnavailable)
    const message = (error as Error).message
    expect(message).toContain('bwrap (bubblewrap) is not installed')
    expect(message).toContain('before any model call')
    expect(message).toContain('sudo apt-get install -y bubblewrap')
    expect(message).toContain('userns,')
    expect(message).toContain('sudo apparmor_parser -r /etc/apparmor.d/bwrap')
    expect(message).toContain('sandbox: none')
  })

  it('fails closed when bwrap cannot create its namespaces, quoting what it said', async () => {
    const error = await prepareSandbox(
      base({ mode: 'bubblewrap', env: { PATH: process.env.PATH, AGENT_TEAM_BWRAP: broken } })
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SandboxUnavailable)
    expect((error as Error).message).toContain('No permissions to create new namespace')
  })

  it('falls back for the CLI in auto mode, and says so loudly', async () => {
    const logger = recordingLogger()
    const sandbox = await prepareSandbox(
      base({ onUnavailable: 'fall-back', logger, env: { PATH: process.env.PATH, AGENT_TEAM_BWRAP: broken } })
    )
    expect(sandbox.kind).toBe('none')
    expect(logger.warnings.join('\n')).toContain(UNSANDBOXED_WARNING)
  })

  it('never falls back when bubblewrap is required', async () => {
    const error = await prepareSandbox(
      base({
        mode: 'bubblewrap',
        onUnavailable: 'fall-back',
        env: { PATH: process.env.PATH, AGENT_TEAM_BWRAP: broken }
      })
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SandboxUnavailable)
  })

  it('runs without the sandbox when told to, with a warning', async () => {
    const logger = recordingLogger()
    const sandbox = await prepareSandbox(base({ mode: 'none', logger }))
    expect(sandbox.kind).toBe('none')
    expect(logger.warnings).toHaveLength(1)
    expect(logger.warnings[0]).toContain('WITHOUT the sandbox')
  })

  it('uses bubblewrap when it works', async () => {
    const sandbox = await prepareSandbox(base({ mode: 'auto' }))
    expect(sandbox.kind).toBe('bubblewrap')
  })
})

describe('host mounts', () => {
  it('never mounts a path that would show the checkout or the runner temp directory', () => {
    const mounts = hostMounts({
      programs: [],
      extra: ['/tmp', '/', '/usr/share'],
      forbidden: [],
      sealed: ['/tmp/checkout']
    })
    const targets = mounts.readOnly.map(mount => mount.to)
    expect(targets).not.toContain('/tmp')
    expect(targets).not.toContain('/')
    expect(mounts.skipped.join('\n')).toContain('/tmp/checkout')
  })

  it('mounts only the pieces of /etc that programs need, never gitconfig or npmrc', () => {
    const mounts = hostMounts({ programs: [], extra: [], forbidden: [], sealed: [] })
    const etc = mounts.readOnly.map(mount => mount.to).filter(path => path.startsWith('/etc'))
    expect(etc).not.toContain('/etc')
    expect(etc).not.toContain('/etc/gitconfig')
    expect(etc).not.toContain('/etc/npmrc')
    expect(etc).not.toContain('/etc/shadow')
  })
})
