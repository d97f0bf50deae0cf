import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bubblewrapArgs } from '../../../src/sandbox/bubblewrap-args.js'
import { hostMounts } from '../../../src/sandbox/host-mounts.js'
import { prepareSandbox } from '../../../src/sandbox/prepare-sandbox.js'
import { sandboxEnv } from '../../../src/sandbox/sandbox-env.js'
import type { CommandSandbox, SandboxedRun } from '../../../src/sandbox/sandbox.js'
import { silentLogger } from '../../../src/util/logger.js'

const SECRET = 'ghs_SandboxTestSecret0123456789'

/**
 * The bubblewrap sandbox over real processes: no mock of bwrap. These need bubblewrap installed (`.ci/run`
 * installs it) and user namespaces allowed; a machine without them fails here with the steps to fix it.
 */
describe('bubblewrap sandbox', () => {
  let sandbox: CommandSandbox
  let dir: string
  let worktree: string
  let outside: string
  let server: Server
  let port: number
  let connections = 0

  beforeAll(async () => {
    dir = await realpath(await mkdtemp(join(tmpdir(), 'agent-team-sandbox-')))
    worktree = join(dir, 'worktree')
    outside = join(dir, 'outside')
    await mkdir(worktree)
    await mkdir(outside)
    await writeFile(join(outside, 'credentials'), SECRET)
    // What a worktree's `.git` file looks like: it points into the checkout's git directory.
    await writeFile(join(worktree, '.git'), `gitdir: ${join(outside, '.git', 'worktrees', 'T1')}\n`)
    sandbox = await prepareSandbox({
      mode: 'bubblewrap',
      onUnavailable: 'fail',
      setUpHost: false,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_TOKEN: SECRET, RUNNER_TEMP: outside },
      repoDir: outside,
      readOnlyPaths: [],
      unsandboxedEnv: {},
      logger: silentLogger
    })
    server = createServer(socket => {
      connections++
      socket.end('hello')
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as { port: number }).port
  })

  afterAll(async () => {
    await new Promise(resolve => server.close(resolve))
    await rm(dir, { recursive: true, force: true })
  })

  const run = (argv: string[], extra: Partial<SandboxedRun> = {}) =>
    sandbox.run(argv, {
      root: worktree,
      cwd: worktree,
      timeoutMs: 20_000,
      maxOutputBytes: 64 * 1024,
      secrets: [],
      ...extra
    })
  const node = (script: string, extra: Partial<SandboxedRun> = {}) => run(['node', '-e', script], extra)

  it('is bubblewrap', () => {
    expect(sandbox.kind).toBe('bubblewrap')
  })

  it('runs a command in the worktree, which it may change', async () => {
    const result = await node('require("fs").writeFileSync("made.txt", "yes"); console.log(process.cwd())')
    expect(result.exitCode).toBe(0)
    expect(result.stdout.trim()).toBe(worktree)
    expect(await readFile(join(worktree, 'made.txt'), 'utf8')).toBe('yes')
  })

  it('starts from an environment built from nothing', async () => {
    const result = await node('console.log(JSON.stringify(process.env))', { env: { NODE_ENV: 'test' } })
    const env = JSON.parse(result.stdout) as Record<string, string>
    expect(Object.keys(env).sort()).toEqual(
      [
        'CI',
        'GIT_CONFIG_NOSYSTEM',
        'GIT_TERMINAL_PROMPT',
        'HOME',
        'LANG',
        'NODE_ENV',
        'NO_COLOR',
        'PATH',
        'PWD',
        'TMPDIR',
        'npm_config_update_notifier'
      ].sort()
    )
    expect(result.stdout).not.toContain(SECRET)
  })

  it('shows only its own processes, and bwrap itself carries no environment', async () => {
    const script = `
      const fs = require('fs')
      const pids = fs.readdirSync('/proc').filter(name => /^\\d+$/.test(name))
      const environs = pids.map(pid => { try { return fs.readFileSync('/proc/' + pid + '/environ', 'utf8') } catch { return '' } })
      console.log(JSON.stringify({ pids, environ1: fs.readFileSync('/proc/1/environ', 'utf8'), all: environs.join('|') }))
    `
    const result = await node(script)
    const seen = JSON.parse(result.stdout) as { pids: string[]; environ1: string; all: string }
    expect(seen.pids.length).toBeLessThanOrEqual(3)
    expect(seen.environ1).toBe('')
    expect(seen.all).not.toContain(SECRET)
    expect(seen.pids).not.toContain(String(process.pid))
  })

  it('sees nothing of the host outside the worktree and the toolchain', async () => {
    const script = `
      const fs = require('fs')
      const probe = p => { try { fs.readFileSync(p); return 'READ' } catch (e) { return e.code } }
      console.log(JSON.stringify([probe(${JSON.stringify(join(outside, 'credentials'))}), probe('/etc/shadow'), probe('/root/.gitconfig'), fs.existsSync(${JSON.stringify(outside)})]))
    `
    const result = await node(script)
    expect(JSON.parse(result.stdout)).toEqual(['ENOENT', 'ENOENT', 'ENOENT', false])
  })

  it('cannot write outside the worktree, nor rewrite its .git file or anything under .github/', async () => {
    const script = `
      const fs = require('fs')
      const attempt = f => { try { f(); return 'DONE' } catch (e) { return e.code } }
      console.log(JSON.stringify([
        attempt(() => fs.writeFileSync('/usr/planted', 'x')),
        attempt(() => fs.writeFileSync('.git', 'gitdir: /tmp/evil')),
        attempt(() => fs.unlinkSync('.git')),
        attempt(() => fs.renameSync('.git', 'moved')),
        attempt(() => fs.writeFileSync('.github/pwn.yml', 'on: push')),
        attempt(() => fs.renameSync('.github', 'moved'))
      ]))
    `
    const result = await node(script)
    expect(JSON.parse(result.stdout)).toEqual(['EROFS', 'EROFS', 'EBUSY', 'EBUSY', 'EROFS', 'EBUSY'])
    expect(readFileSync(join(worktree, '.git'), 'utf8')).toContain('gitdir:')
  })

  it('has no network: a server listening on the host loopback is unreachable', async () => {
    const script = `
      const socket = require('net').connect(${port}, '127.0.0.1')
      socket.on('connect', () => { console.log('CONNECTED'); process.exit(0) })
      socket.on('error', e => { console.log(e.code); process.exit(0) })
    `
    const result = await node(script)
    expect(result.stdout.trim()).toBe('ECONNREFUSED')
    expect(connections).toBe(0)
  })

  it('reaches the network when asked (sandbox.setup)', async () => {
    const script = `require('net').connect(${port}, '127.0.0.1').on('data', d => console.log(String(d)))`
    const result = await node(script, { network: true })
    expect(result.stdout.trim()).toBe('hello')
  })

  it('leaves nothing running: a setsid child dies with the command', async () => {
    const marker = join(worktree, 'survivor.txt')
    const script = `
      const { spawn } = require('child_process')
      const child = spawn('setsid', ['node', '-e', 'setInterval(() => require("fs").appendFileSync(${JSON.stringify(marker)}, "."), 100)'], { detached: true, stdio: 'ignore' })
      child.unref()
      const started = Date.now()
      setInterval(() => { if (require('fs').existsSync(${JSON.stringify(marker)}) || Date.now() - started > 5000) process.exit(0) }, 20)
    `
    const result = await node(script)
    expect(result.exitCode).toBe(0)
    const before = existsSync(marker) ? readFileSync(marker, 'utf8').length : 0
    await new Promise(resolve => setTimeout(resolve, 600))
    const after = existsSync(marker) ? readFileSync(marker, 'utf8').length : 0
    expect(before).toBeGreaterThan(0)
    expect(after).toBe(before)
  })

  it('kills the whole sandbox at the time limit', async () => {
    const result = await node('setInterval(() => {}, 1000)', { timeoutMs: 500 })
    expect(result.timedOut).toBe(true)
  })

  it('holds a process to the memory limit', async () => {
    const script = 'const a = []; for (;;) a.push(Buffer.alloc(16 * 1024 * 1024, 1))'
    const result = await node(script, { limits: { memoryMb: 256, maxProcesses: 1024 } })
    expect(result.exitCode).not.toBe(0)
    expect(result.timedOut).toBe(false)
  })

  it('shows prepared dependencies read-only at node_modules', async () => {
    const deps = join(dir, 'deps', 'node_modules')
    await mkdir(join(deps, 'left-pad'), { recursive: true })
    await mkdir(join(deps, '.cache'))
    await writeFile(join(deps, 'left-pad', 'index.js'), 'module.exports = s => "  " + s\n')
    const script = `
      const fs = require('fs')
      const attempt = f => { try { f(); return 'DONE' } catch (e) { return e.code } }
      console.log(JSON.stringify([
        require('left-pad')('x'),
        attempt(() => fs.writeFileSync('node_modules/left-pad/index.js', 'planted')),
        attempt(() => fs.writeFileSync('node_modules/.cache/scratch', 'ok'))
      ]))
    `
    const result = await node(script, { dependencies: deps })
    expect(JSON.parse(result.stdout)).toEqual(['  x', 'EROFS', 'DONE'])
    expect(existsSync(join(deps, '.cache', 'scratch'))).toBe(false)
  })

  it('never binds prepared dependencies that are a symlink: a setup script could point them at the host', async () => {
    const planted = join(dir, 'deps-link', 'node_modules')
    await mkdir(join(dir, 'deps-link'))
    await symlink(outside, planted)
    const script = `
      const fs = require('fs')
      let found
      try { found = fs.readFileSync('node_modules/credentials', 'utf8') } catch (e) { found = e.code }
      console.log(JSON.stringify(found))
    `
    const result = await node(script, { dependencies: planted })
    expect(JSON.parse(result.stdout)).toBe('ENOENT')
    expect(result.stdout).not.toContain(SECRET)
  })

  it('cannot use git on the checkout from inside: the git directory is not there', async () => {
    const result = await run(['git', 'status'])
    expect(result.exitCode).not.toBe(0)
    expect(result.stderr).toContain('not a git repository')
  })
})

/**
 * The same argv, as an unprivileged user (GitHub's `runner` is one): bwrap then needs its own user namespace,
 * and the process limit holds (the kernel exempts real root from RLIMIT_NPROC, not other users).
 */
describe('bubblewrap sandbox as an unprivileged user', () => {
  const runuser = ['/usr/sbin/runuser', '/sbin/runuser'].find(path => existsSync(path))
  const maybe = process.getuid?.() === 0 && runuser ? it : it.skip

  maybe('works as nobody, with the process limit enforced', async () => {
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'agent-team-nobody-')))
    const worktree = join(dir, 'worktree')
    await mkdir(worktree)
    await chmod(dir, 0o755)
    await chmod(worktree, 0o777)
    try {
      const path = process.env.PATH ?? '/usr/bin:/bin'
      const script = `
        const { spawn } = require('child_process')
        require('fs').writeFileSync('by-nobody.txt', String(process.getuid()))
        let refused = 0
        const children = []
        for (let i = 0; i < 40; i++) {
          try { const c = spawn('sleep', ['2']); c.on('error', () => refused++); children.push(c) } catch { refused++ }
        }
        setTimeout(() => { console.log(refused > 0 ? 'LIMITED' : 'UNLIMITED'); children.forEach(c => c.kill()) }, 300)
      `
      const args = bubblewrapArgs(['node', '-e', script], {
        mounts: hostMounts({ programs: [process.execPath], path, extra: [], forbidden: [], sealed: [] }),
        root: worktree,
        cwd: worktree,
        readOnlyInside: [],
        network: false,
        env: sandboxEnv({ PATH: path }),
        limits: { memoryMb: 1024, maxProcesses: 16 },
        prlimit: '/usr/bin/prlimit'
      })
      const out = execFileSync(runuser as string, ['-u', 'nobody', '--', 'bwrap', ...args], {
        env: { PATH: path }
      })
      expect(String(out).trim()).toBe('LIMITED')
      expect(await readFile(join(worktree, 'by-nobody.txt'), 'utf8')).toBe('65534')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
