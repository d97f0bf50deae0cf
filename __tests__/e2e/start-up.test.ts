import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { DIST_ENTRY } from '../harness/run-action.js'

const sender = { login: 'octocat', type: 'User' }
const issue = { number: 1, title: 'Add a greeting banner', body: 'Please', state: 'open' }

/**
 * The built action's start: an event that is not for the team is skipped by dist/index.js alone, with no
 * network call and without the engine's chunks; a real run loads them.
 */
describe('start-up (dist/index.js)', () => {
  let dir: string
  let api: Server
  let apiUrl: string
  let requests: number

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'agent-team-start-up-'))
    requests = 0
    api = createServer((_request, response) => {
      requests++
      response.writeHead(500).end()
    })
    await new Promise<void>(done => api.listen(0, '127.0.0.1', done))
    apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`
  })

  afterEach(async () => {
    await new Promise(done => api.close(done))
    await rm(dir, { recursive: true, force: true })
  })

  /** Runs `entry` as the runner would for `eventName` with `payload`. */
  async function start(entry: string, eventName: string, payload: unknown) {
    const eventPath = join(dir, 'event.json')
    const outputPath = join(dir, 'output')
    await writeFile(eventPath, JSON.stringify(payload))
    await writeFile(outputPath, '')
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: eventName,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: 'octo-org/widgets',
      GITHUB_API_URL: apiUrl,
      GITHUB_WORKSPACE: dir,
      GITHUB_OUTPUT: outputPath,
      INPUT_GITHUB_TOKEN: 'ghs_start_up_token_0123456789',
      INPUT_ANTHROPIC_API_KEY: 'sk-ant-start-up-0123456789',
      INPUT_LABEL: 'agent-team',
      INPUT_TRIGGER_PHRASE: '/agents',
      INPUT_CONFIG: '.ai-agents/config.yml',
      AGENT_TEAM_GITHUB_RETRY_BASE_MS: '1',
      AGENT_TEAM_GITHUB_THROTTLE: 'off'
    }
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve, reject) => {
        const child = spawn(process.execPath, [entry], { cwd: dir, env })
        let stdout = ''
        let stderr = ''
        child.stdout.on('data', chunk => (stdout += chunk))
        child.stderr.on('data', chunk => (stderr += chunk))
        child.on('error', reject)
        child.on('close', code => resolve({ code, stdout, stderr }))
      }
    )
    return { ...result, output: await readFile(outputPath, 'utf8') }
  }

  /** dist/index.js without the chunks beside it: what the start can do on its own. */
  async function entryAlone(): Promise<string> {
    const alone = join(dir, 'alone')
    await rm(alone, { recursive: true, force: true })
    const { mkdir } = await import('node:fs/promises')
    await mkdir(alone)
    await copyFile(DIST_ENTRY, join(alone, 'index.js'))
    await copyFile(join(dirname(DIST_ENTRY), 'package.json'), join(alone, 'package.json'))
    return join(alone, 'index.js')
  }

  it('skips an event that is not for the team with one notice, no network call and no engine', async () => {
    const result = await start(await entryAlone(), 'issues', { action: 'opened', issue, sender })

    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const notices = result.stdout.split('\n').filter(line => line.startsWith('::notice::'))
    expect(notices).toEqual([
      '::notice::skipped: issues action "opened" is not a trigger; add the label "agent-team" to start a run'
    ])
    expect(result.output).toMatch(/^status<<(ghadelimiter_[0-9a-f-]+)\nskipped\n\1\n$/)
    expect(requests).toBe(0)
  })

  it('loads the engine for a real run', async () => {
    const payload = { action: 'labeled', label: { name: 'agent-team' }, issue, sender }
    const alone = await start(await entryAlone(), 'issues', payload)
    // Without its chunks the start cannot go on: proof that it reaches for them only now.
    expect(alone.code).toBe(1)
    expect(alone.stdout).toMatch(/::error::.*index\.js/)
    expect(alone.output).toContain('\nfailed\n')
    expect(requests).toBe(0)

    // With them, the engine runs and asks GitHub who triggered the run (the fake API refuses).
    const whole = await start(DIST_ENTRY, 'issues', payload)
    expect(requests).toBeGreaterThan(0)
    expect(whole.output).not.toContain('skipped')
  })
})
