import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import { runCommand, type RunOptions } from '../../../src/sandbox/command-runner.js'
import { scrubbedEnv } from '../../../src/secrets/environment.js'

const node = process.execPath
const options: RunOptions = {
  cwd: os.tmpdir(),
  timeoutMs: 10_000,
  maxOutputBytes: 64 * 1024,
  env: { PATH: process.env.PATH ?? '' }
}

/** Alive and not a zombie waiting for a parent that reaps slowly (PID 1 in some containers never does). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
  } catch {
    return true
  }
}

async function waitUntilDead(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true
    await new Promise(resolve => setTimeout(resolve, 25))
  }
  return !isAlive(pid)
}

describe('command runner', () => {
  it('returns exit code and both streams without throwing on failure', async () => {
    const result = await runCommand(
      [node, '-e', 'console.log("out"); console.error("err"); process.exit(3)'],
      options
    )
    expect(result).toMatchObject({
      exitCode: 3,
      signal: null,
      stdout: 'out\n',
      stderr: 'err\n',
      timedOut: false
    })
    expect(result.truncated).toBe(false)
    expect(result.durationMs).toBeGreaterThanOrEqual(0)
  })

  it('passes arguments to the program as they are, with no shell in between', async () => {
    const result = await runCommand(
      [node, '-p', 'process.argv.slice(1).join("|")', '$HOME', '; rm -rf /', '`id`'],
      options
    )
    expect(result.stdout.trim()).toBe('$HOME|; rm -rf /|`id`')
  })

  it('reports a missing program as exit code 127 with a clear message', async () => {
    const result = await runCommand(['definitely-not-a-program-xyz', '--version'], options)
    expect(result.exitCode).toBe(127)
    expect(result.stderr).toContain('Command not found: `definitely-not-a-program-xyz`')
  })

  it('kills the whole process tree on timeout', async () => {
    // The child starts a grandchild that would outlive it, prints its pid, then both hang.
    const script = `
      const { spawn } = require('node:child_process')
      const grandchild = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
      console.log(grandchild.pid)
      setInterval(() => {}, 1000)
    `
    const result = await runCommand([node, '-e', script], { ...options, timeoutMs: 700, killGraceMs: 300 })
    expect(result.timedOut).toBe(true)
    expect(result.exitCode).toBeNull()
    expect(result.signal).not.toBeNull()
    const grandchild = Number(result.stdout.trim())
    expect(grandchild).toBeGreaterThan(0)
    expect(await waitUntilDead(grandchild, 3000)).toBe(true)
  })

  it('kills what a command leaves running in the background when it exits', async () => {
    const script = `
      const { spawn } = require('node:child_process')
      const orphan = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
      orphan.unref()
      console.log(orphan.pid)
    `
    const result = await runCommand([node, '-e', script], options)
    expect(result.exitCode).toBe(0)
    expect(await waitUntilDead(Number(result.stdout.trim()), 3000)).toBe(true)
  })

  it('caps combined output, keeping the head and the tail around a marker', async () => {
    const script =
      'process.stdout.write("HEAD" + "x".repeat(50000) + "TAIL"); process.stderr.write("E".repeat(100))'
    const result = await runCommand([node, '-e', script], { ...options, maxOutputBytes: 1000 })
    expect(result.truncated).toBe(true)
    expect(result.stdout.startsWith('HEAD')).toBe(true)
    expect(result.stdout.endsWith('TAIL')).toBe(true)
    expect(result.stdout).toMatch(/\[… \d+ bytes cut …\]/)
    expect(result.stderr).toBe('E'.repeat(100))
    const kept =
      Buffer.byteLength(result.stdout.replace(/\n\[… \d+ bytes cut …\]\n/, '')) + result.stderr.length
    expect(kept).toBeLessThanOrEqual(1000)
    const cut = Number(/\[… (\d+) bytes cut …\]/.exec(result.stdout)?.[1])
    expect(kept + cut).toBe(50008 + 100)
  })

  it('redacts a secret before the output cap cuts it, so no half of it survives the cut', async () => {
    const secret = 'ghs_SplitAcrossTheCut0123456789abcdef'
    // The head keeps 500 bytes: the secret starts 10 bytes before the cut and ends in the cut-out middle;
    // a second copy straddles the start of the kept tail. Printed in small writes, split across chunks.
    const script = `
      const out = 'a'.repeat(490) + ${JSON.stringify(secret)} + 'b'.repeat(5000) + ${JSON.stringify(secret)} + 'c'.repeat(480)
      for (let i = 0; i < out.length; i += 7) process.stdout.write(out.slice(i, i + 7))
    `
    const result = await runCommand([node, '-e', script], {
      ...options,
      maxOutputBytes: 1000,
      secrets: [secret]
    })
    expect(result.truncated).toBe(true)
    for (let size = 8; size <= secret.length; size++) {
      for (let at = 0; at + size <= secret.length; at++)
        expect(result.stdout).not.toContain(secret.slice(at, at + size))
    }
    expect(result.stdout).toContain('***')
  })

  it('redacts a secret split across two writes and a multi-byte character on the way', async () => {
    const secret = 'sk-ant-redact-me-0123456789'
    const script = `process.stdout.write('é ${secret.slice(0, 9)}'); setTimeout(() => process.stdout.write('${secret.slice(9)} ✓'), 50)`
    const result = await runCommand([node, '-e', script], { ...options, secrets: [secret] })
    expect(result.stdout).toBe('é *** ✓')
  })

  it('gives a child none of the secrets in the environment it was scrubbed from', async () => {
    const secrets = {
      GITHUB_TOKEN: 'ghs_fakeGithubToken1234567890',
      INPUT_ANTHROPIC_API_KEY: 'sk-ant-fake-key-0987654321',
      ACTIONS_RUNTIME_TOKEN: 'fake-runtime-token-abcdef',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example/request',
      AWS_SECRET_ACCESS_KEY: 'fake-aws-secret-key-xyz',
      SSH_AUTH_SOCK: '/tmp/ssh-agent.sock',
      GITHUB_ENV: '/tmp/github-env-file'
    }
    const env = scrubbedEnv({ ...process.env, ...secrets })
    const result = await runCommand([node, '-p', 'JSON.stringify(process.env)'], { ...options, env })
    const seen = JSON.parse(result.stdout) as Record<string, string>
    for (const [name, value] of Object.entries(secrets)) {
      expect(seen[name]).toBeUndefined()
      expect(result.stdout).not.toContain(value)
    }
    expect(seen.PATH).toBe(process.env.PATH)
    expect(seen.GIT_TERMINAL_PROMPT).toBe('0')
    expect(seen.GIT_CONFIG_NOSYSTEM).toBe('1')
  })
})
