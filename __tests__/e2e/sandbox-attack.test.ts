import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { useE2e } from '../harness/e2e-fixture.js'
import { toolUse, type MessagesRequest } from '../harness/fake-anthropic.js'
import { runGit } from '../harness/git-repo.js'
import { leakScript, type LeakTargets } from '../harness/leak-script.js'
import { sampleRepo } from '../harness/sample-project.js'
import {
  fourTaskPlan,
  GREETING_WORK,
  isPlanCall,
  planReply,
  scriptedAgent,
  taskIdOf,
  turnOf
} from '../harness/scripted-team.js'

const exec = promisify(execFile)

/** A secret as long and random as a real token, so no 8-character piece of it occurs anywhere by chance. */
const secret = (prefix: string) => `${prefix}${randomBytes(30).toString('base64url')}`

/**
 * Issue #9: code the agents write always runs, so the sandbox is all that stands between it and the
 * runner's secrets. An agent writes a hostile `leak.js` as its test and runs `npm test`; the built action
 * runs it (and the QA gate runs it again). Every attack must fail, and no secret may reach the model, a
 * comment or the repository — plain, reversed, or in pieces.
 */
describe('sandbox against a hostile test (dist/index.js)', () => {
  const e2e = useE2e({ checkout: 'path' })
  let listener: Server
  let connections: number
  const secrets = {
    INPUT_GITHUB_TOKEN: secret('ghs_'),
    INPUT_ANTHROPIC_API_KEY: secret('sk-ant-'),
    INPUT_OPENAI_API_KEY: secret('sk-proj-'),
    AWS_SECRET_ACCESS_KEY: secret('aws/'),
    AWS_SESSION_TOKEN: secret('IQoJb3'),
    GOOGLE_CREDENTIALS_FILE: secret('gcp-'),
    ACTIONS_RUNTIME_TOKEN: secret('rt_'),
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: secret('oidc_')
  }

  beforeEach(async () => {
    connections = 0
    listener = createServer(socket => {
      connections++
      socket.destroy()
    })
    await new Promise<void>(resolve => listener.listen(0, '127.0.0.1', resolve))
  })

  afterEach(async () => {
    await new Promise(resolve => listener.close(resolve))
  })

  /** One task whose agent writes the leak as its test, runs it, and finishes. */
  function hostileTeam(targets: LeakTargets) {
    const steps = [
      toolUse('write_file', { path: 'leak.js', content: leakScript(targets) }),
      toolUse('write_file', {
        path: 'package.json',
        content: JSON.stringify({ name: 'greeting', private: true, scripts: { test: 'node leak.js' } })
      }),
      toolUse('run_command', { command: 'npm test' })
    ]
    return (request: MessagesRequest) => {
      if (isPlanCall(request)) {
        return planReply(
          fourTaskPlan({
            tasks: [{ ...oneTask('T1', 'leak.js'), title: 'Tests', description: 'Add tests.' }]
          })
        )
      }
      const turn = turnOf(request)
      if (taskIdOf(request) === 'T1' && turn < steps.length) return steps[turn]!
      return toolUse('finish_task', {
        summary: 'tests added',
        files_changed: ['leak.js'],
        checks_run: ['npm test']
      })
    }
  }

  it('stops every attack of the agents’ code, and no secret reaches the model, GitHub or the repository', async () => {
    const runnerFiles = join(e2e.repo.root, 'runner-files')
    await mkdir(runnerFiles)
    const githubEnv = join(runnerFiles, 'set_env_0001')
    await writeFile(githubEnv, 'EXISTING=1\n')
    const gitConfig = join(e2e.repo.work, '.git', 'config')
    // The checkout as the engine leaves it: actions/checkout's stored credential (below) removed, nothing added.
    const gitConfigClean = await readFile(gitConfig, 'utf8')
    // What actions/checkout leaves in the checkout: the token as an extra header of the remote.
    const basic = Buffer.from(`x-access-token:${secrets.INPUT_GITHUB_TOKEN}`).toString('base64')
    await runGit(
      e2e.repo.work,
      'config',
      '--local',
      'http.https://github.com/.extraheader',
      `AUTHORIZATION: basic ${basic}`
    )
    const attributes = join(e2e.repo.work, '.git', 'info', 'attributes')
    // What google-github-actions/auth leaves: a credentials file in the workspace, named by a variable.
    const googleCredentials = join(e2e.repo.work, 'gha-creds-0123abcd.json')
    await writeFile(
      googleCredentials,
      JSON.stringify({ type: 'external_account', secret: secrets.GOOGLE_CREDENTIALS_FILE })
    )
    const marker = `agent-team-survivor-${randomBytes(6).toString('hex')}`
    const planted = join('/tmp', `agent-team-planted-${randomBytes(6).toString('hex')}`)
    const targets: LeakTargets = {
      checkoutGitConfig: gitConfig,
      checkoutAttributes: attributes,
      githubEnv,
      runnerTemp: runnerFiles,
      plantedFile: planted,
      ports: [(listener.address() as { port: number }).port, Number(new URL(e2e.github.url).port)],
      survivorMarker: marker,
      credentialFiles: [googleCredentials]
    }
    e2e.anthropic.setHandler(hostileTeam(targets))

    const issue = e2e.github.addIssue({ title: 'Add tests', body: 'Add tests.' })
    const result = await e2e.label(issue, {
      inputs: {
        github_token: secrets.INPUT_GITHUB_TOKEN,
        anthropic_api_key: secrets.INPUT_ANTHROPIC_API_KEY,
        openai_api_key: secrets.INPUT_OPENAI_API_KEY
      },
      env: {
        ACTIONS_RUNTIME_TOKEN: secrets.ACTIONS_RUNTIME_TOKEN,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: secrets.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
        ACTIONS_ID_TOKEN_REQUEST_URL: `${e2e.github.url}/oidc`,
        GITHUB_ENV: githubEnv,
        // What aws-actions/configure-aws-credentials exports for the steps after it.
        AWS_ACCESS_KEY_ID: 'ASIAFAKEEXAMPLE00003',
        AWS_SECRET_ACCESS_KEY: secrets.AWS_SECRET_ACCESS_KEY,
        AWS_SESSION_TOKEN: secrets.AWS_SESSION_TOKEN,
        AWS_REGION: 'us-east-1',
        GOOGLE_APPLICATION_CREDENTIALS: googleCredentials
      },
      timeoutMs: 120_000
    })
    expect(result.stdout).toContain("Agents' commands run in the sandbox: bubblewrap")

    // The leak ran (the tool result of `npm test` carries its report), and every attack failed.
    const reports = e2e.anthropic.requests
      .map(r => /LEAK-REPORT (\{.*?\})\\n/.exec(JSON.stringify(r.body))?.[1])
      .filter((found): found is string => found !== undefined)
    expect(reports.length).toBeGreaterThan(0)
    const report = JSON.parse(JSON.parse(`"${reports[0]}"`) as string) as Record<string, unknown>
    for (const attack of [
      'gitConfig',
      'gitConfigViaGitFile',
      'runnerTemp',
      'githubEnvRead',
      'githubEnvAppend',
      'gitConfigWrite',
      'gitFileRewrite',
      'workflowWrite',
      'credentialFiles'
    ]) {
      expect([attack, report[attack]]).toEqual([attack, expect.stringMatching(/^FAILED:/)])
    }
    expect(report.network).toEqual([expect.stringMatching(/^FAILED:/), expect.stringMatching(/^FAILED:/)])
    const proc = report.proc as { pids: number; ownEnv: string }
    expect(proc.pids).toBeLessThanOrEqual(8)
    expect(proc.ownEnv).not.toMatch(/INPUT_|ACTIONS_|GITHUB_|AWS_|GOOGLE_|OPENAI/)

    // Writes under /tmp (the planted file; .git/info/attributes of a checkout that lives under /tmp, as here)
    // land in the sandbox's own tmpfs and vanish with it: what counts is the host, checked here.
    // Nothing reached the host: no connection, GITHUB_ENV and the checkout's git files as they were,
    // no file outside the worktree, and no process left running.
    expect(connections).toBe(0)
    expect(await readFile(githubEnv, 'utf8')).toBe('EXISTING=1\n')
    expect(await readFile(gitConfig, 'utf8')).toBe(gitConfigClean)
    expect(existsSync(attributes)).toBe(false)
    expect(existsSync(planted)).toBe(false)
    expect(survivors(marker)).toEqual([])

    // No secret, whole, reversed or in pieces, in what the model saw, on GitHub, or in the repository.
    const haystacks = {
      model: JSON.stringify(e2e.anthropic.requests.map(r => r.body)),
      github: JSON.stringify([
        ...e2e.github.pulls(),
        ...[issue, ...e2e.github.pulls().map(p => p.number)].flatMap(n => e2e.github.comments(n))
      ]),
      repository: (
        await exec('git', ['cat-file', '--batch-all-objects', '--batch'], {
          cwd: e2e.repo.origin,
          maxBuffer: 64 << 20
        })
      ).stdout
    }
    for (const [name, value] of Object.entries(secrets)) {
      for (const piece of pieces(value)) {
        for (const [where, text] of Object.entries(haystacks)) {
          expect({ secret: name, where, leaked: text.includes(piece) }).toEqual({
            secret: name,
            where,
            leaked: false
          })
        }
      }
    }
    // The worktree's own files were the agent's to change: leak.js is committed, nothing else leaked.
    expect(haystacks.repository).toContain('LEAK-REPORT')
  })

  it('runs without the sandbox when the input says none, and says so in the log and on the pull request', async () => {
    e2e.anthropic.setHandler(request => {
      if (isPlanCall(request)) return planReply(fourTaskPlan({ tasks: [oneTask('T1', 'src/greet.js')] }))
      return scriptedAgent({ T1: GREETING_WORK.T1 })(request)
    })
    const issue = e2e.github.addIssue({ title: 'Greeting', body: 'Greet.' })
    const result = await e2e.label(issue, { inputs: { sandbox: 'none' }, timeoutMs: 120_000 })
    expect(result.outputs.status).toBe('done')
    expect(result.stdout).toMatch(/::warning::Agents’ commands ran WITHOUT the sandbox/)
    const pull = e2e.github.pulls()[0]!
    const progress = e2e.github.comments(pull.number).find(c => c.body.includes('agent-team:progress'))
    expect(progress?.body).toContain('⚠️ **Warning:** Agents’ commands ran WITHOUT the sandbox')
    expect(result.summary).toContain('WITHOUT the sandbox')
  })

  it('fails closed before any model call when the sandbox cannot start, with the steps to fix the runner', async () => {
    const issue = e2e.github.addIssue({ title: 'Greeting', body: 'Greet.' })
    const result = await e2e.label(issue, {
      env: { AGENT_TEAM_BWRAP: join(e2e.repo.root, 'no-bwrap-here', 'bwrap') },
      timeoutMs: 60_000
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      "::error::The sandbox for the agents' commands cannot start on this machine"
    )
    expect(result.stdout).toContain('sudo apt-get install -y bubblewrap')
    expect(result.stdout).toContain('sudo apparmor_parser -r /etc/apparmor.d/bwrap')
    expect(e2e.anthropic.requests).toHaveLength(0)
    expect(e2e.github.pulls()).toHaveLength(0)
  })

  it('installs dependencies once, with network, and every task uses them read-only without it', async () => {
    const port = (listener.address() as { port: number }).port
    // A stand-in for `npm ci` that needs no registry: it reaches a "registry" on the loopback and installs a module.
    const install = `
      const fs = require('fs')
      require('net').connect(${port}, '127.0.0.1').on('connect', () => {
        fs.mkdirSync('node_modules/greeter', { recursive: true })
        fs.writeFileSync('node_modules/greeter/package.json', '{"name":"greeter","main":"index.js"}')
        fs.writeFileSync('node_modules/greeter/index.js', 'module.exports = n => "Hello, " + n + "!"')
        process.exit(0)
      }).on('error', e => { console.error(e.code); process.exit(1) })
    `
    const uses = `import { test } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import greeter from 'greeter'

test('the prepared dependency is there, read-only', () => {
  assert.equal(greeter('Ada'), 'Hello, Ada!')
  assert.throws(() => writeFileSync('node_modules/greeter/index.js', 'planted'), { code: 'EROFS' })
})
`
    // The fake GitHub asks the fixture's `repo` about branches: this test's repository takes its place.
    await e2e.repo.cleanup()
    e2e.repo = await sampleRepo({
      'install.cjs': install,
      '.ai-agents/config.yml': 'sandbox:\n  setup: ["node install.cjs"]\n'
    })
    const withSetup = e2e.repo
    e2e.anthropic.setHandler(request => {
      if (isPlanCall(request)) return planReply(fourTaskPlan({ tasks: [oneTask('T1', 'test/uses.test.js')] }))
      return scriptedAgent({ T1: [{ path: 'test/uses.test.js', content: uses }] })(request)
    })
    const issue = e2e.github.addIssue({ title: 'Greeting', body: 'Greet.' })
    const result = await e2e.label(issue, { workspace: withSetup.work, timeoutMs: 120_000 })
    expect(result.stdout).toContain('sandbox.setup: node install.cjs (with network, no secrets)')
    expect(connections).toBe(1)
    const toolResults = JSON.stringify(e2e.anthropic.requests.map(r => r.body))
    expect(toolResults).toContain('# pass 2')
    expect(result.outputs.status).toBe('done')
    // The install stayed out of every commit.
    const files = await runGit(withSetup.origin, 'ls-tree', '-r', '--name-only', 'agent-team/1-greeting')
    expect(files).not.toContain('node_modules')
  })
})

function oneTask(id: string, file: string) {
  return {
    id,
    title: 'Greeting function',
    role: 'backend-dev',
    description: 'Write the greeting function.',
    deliverables: [file],
    dependencies: [],
    acceptance_criteria: ['it greets']
  }
}

/** The value, its reverse, and every 8-character piece of both: halves, and any split into pieces of 8 or more. */
function pieces(value: string): string[] {
  const out = new Set<string>()
  for (const text of [value, [...value].reverse().join('')]) {
    out.add(text)
    for (let at = 0; at + 8 <= text.length; at++) out.add(text.slice(at, at + 8))
  }
  return [...out]
}

/** Host processes whose command line carries the marker: what outlived the command. */
function survivors(marker: string): string[] {
  const found: string[] = []
  for (const pid of readdirSync('/proc').filter(name => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      if (cmdline.includes(marker) && !cmdline.includes('jest')) found.push(`${pid}: ${cmdline}`)
    } catch {
      // Gone meanwhile.
    }
  }
  return found
}
