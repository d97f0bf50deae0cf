import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseTranscript } from '../../src/models/transcript.js'
import { cliEnv, type CliResult } from '../cli/cli-harness.js'
import { startFakeAnthropic } from '../harness/fake-anthropic.js'
import { runGit } from '../harness/git-repo.js'
import { GREETING_WORK, isPlanCall, planReply, scriptedAgent } from '../harness/scripted-team.js'

const ROOT = resolve(import.meta.dirname ?? process.cwd(), '..', '..')
const DEMO = join(ROOT, 'scripts', 'demo.mjs')
const SHIPPED = join(ROOT, 'samples', 'demo-transcript.json')
const API_KEY = 'sk-ant-demo-recording-0123456789'

/** Runs `node scripts/demo.mjs ...args` with pipes for its streams, as CI or a redirected shell would. */
function runDemo(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [DEMO, ...args], { cwd: ROOT, env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', chunk => (stdout += chunk))
    child.stderr.on('data', chunk => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000)
    child.on('error', reject)
    child.on('close', code => {
      clearTimeout(timer)
      resolvePromise({ code, stdout, stderr })
    })
  })
}

function run(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string>
): Promise<number | null> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: 'ignore' })
    child.on('error', reject)
    child.on('close', resolvePromise)
  })
}

/**
 * The manager's plan for the demo's request: the tests' four-task shape (two independent tasks, one on
 * both, QA last) in the words a person watching the demo should read.
 */
function demoPlan() {
  const task = (
    id: string,
    role: string,
    title: string,
    dependencies: string[],
    file: string,
    does: string
  ) => ({
    id,
    title,
    role,
    description: `${does} Write it in ${file}.`,
    deliverables: [file],
    dependencies,
    acceptance_criteria: [does.replace(/\.$/, ''), 'npm test passes'],
    files: [file]
  })
  return {
    summary:
      'Write greet(name) and banner(text) side by side, combine them in greetingBanner(name), then test the whole.',
    decisions: ['One ESM module per function under src/; tests use node:test, run by npm test.'],
    tasks: [
      task(
        'T1',
        'backend-dev',
        'Greeting function',
        [],
        'src/greet.js',
        "greet('Ada') returns 'Hello, Ada!'."
      ),
      task(
        'T2',
        'frontend-dev',
        'Banner formatter',
        [],
        'src/banner.js',
        'banner(text) frames the text in asterisks with one space of padding, on three lines.'
      ),
      task(
        'T3',
        'backend-dev',
        'Greeting banner',
        ['T1', 'T2'],
        'src/greeting-banner.js',
        'greetingBanner(name) returns banner(greet(name)).'
      ),
      task(
        'QA',
        'qa-tester',
        'Tests for the greeting banner',
        ['T3'],
        'test/greeting-banner.test.js',
        "A test checks greetingBanner('Ada'), frame included."
      )
    ]
  }
}

/** The team's recorded replies are those of the scripted team of the tests, behind a real API server. */
async function recordTranscript(tmp: string): Promise<string> {
  const anthropic = await startFakeAnthropic({ latencyMs: 50, apiKey: API_KEY })
  try {
    const agent = scriptedAgent(GREETING_WORK)
    const plan = demoPlan()
    anthropic.setHandler(request => (isPlanCall(request) ? planReply(plan) : agent(request)))
    const file = join(tmp, 'demo-transcript.json')
    const result = await runDemo(
      ['--record', file],
      cliEnv(tmp, { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: anthropic.url })
    )
    expect(result.stderr).not.toMatch(/warning|error/i)
    expect(result.code).toBe(0)
    expect(anthropic.violations).toEqual([])
    const text = await readFile(file, 'utf8')
    expect(parseTranscript(text, file).exchanges).toHaveLength(anthropic.requests.length)
    return text
  } finally {
    await anthropic.close()
  }
}

/** The file as `npm run format:check` wants it, so a regenerated transcript passes CI unchanged. */
async function prettierFormatted(text: string): Promise<string> {
  const prettier = await import('prettier')
  const config = (await prettier.resolveConfig(SHIPPED)) ?? {}
  return prettier.format(text, { ...config, filepath: SHIPPED })
}

/**
 * `npm run demo` is the first thing a newcomer runs, on a machine with no API key and perhaps no network:
 * the shipped transcript must still drive the current engine through the whole run. When the engine's
 * conversation changes (prompts, tools, turns), `UPDATE_DEMO=1` records the transcript anew.
 */
describe('npm run demo (scripts/demo.mjs)', () => {
  let tmp: string

  beforeEach(async () => {
    tmp = await realpath(await mkdtemp(join(tmpdir(), 'agent-team-demo-test-')))
  })
  afterEach(async () => {
    await rm(tmp, { recursive: true, force: true })
  })

  const recording = process.env.UPDATE_DEMO === '1' ? it : it.skip
  recording(
    'records samples/demo-transcript.json from a run against the Anthropic API (UPDATE_DEMO=1)',
    async () => {
      const text = await recordTranscript(tmp)
      expect(text).not.toContain(API_KEY)
      // The file is shipped: nothing of the machine that recorded it may be in it.
      expect(text).not.toContain(tmp)
      await writeFile(SHIPPED, await prettierFormatted(text))
    },
    120_000
  )

  it('replays the shipped transcript offline: four task branches merged and the sample tests pass', async () => {
    const result = await runDemo([], cliEnv(tmp))

    expect(result.stderr).not.toMatch(/warning|error/i)
    expect(result.code).toBe(0)
    const dir = /^The repository the team worked in: (.+)$/m.exec(result.stdout)?.[1] ?? ''
    expect(dir.startsWith(tmp)).toBe(true)
    expect(result.stdout).toContain(`git -C ${dir} log --graph --oneline --all`)
    for (const file of Object.values(GREETING_WORK).flat()) expect(result.stdout).toContain(file.path)

    const feature = /^Feature branch: (agent-team\/req-[0-9a-f]{8}-add-a-greeting-banner\S*)$/m.exec(
      result.stdout
    )?.[1]
    expect(feature).toBeDefined()
    const merged = await runGit(dir, 'branch', '--format=%(refname:short)', '--merged', `${feature}`)
    expect(merged.split('\n').filter(name => name.includes('--'))).toEqual(
      ['qa', 't1', 't2', 't3'].map(task => `${feature}--${task}`)
    )

    // What the summary tells a person to do, done: the team's tests pass on the feature branch.
    await runGit(dir, 'switch', '--quiet', `${feature}`)
    expect(await run('npm', ['test'], dir, cliEnv(tmp))).toBe(0)
  }, 120_000)
})
