import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

/** The built action, run exactly as the GitHub runner runs it. */
export const DIST_ENTRY = resolve(import.meta.dirname ?? process.cwd(), '..', '..', 'dist', 'index.js')

export interface RunActionOptions {
  eventName: string
  payload: unknown
  /** Action inputs by their action.yml names; unset inputs fall back to action.yml defaults below. */
  inputs?: Record<string, string>
  githubUrl: string
  anthropicUrl?: string
  /** The checkout (GITHUB_WORKSPACE). */
  workspace: string
  repository?: string
  env?: Record<string, string>
  timeoutMs?: number
  /** Called once the process has started, e.g. to send it a signal later. */
  onSpawn?: (pid: number) => void
  /** Called with each piece of standard output as it comes, e.g. for a timeline. */
  onStdout?: (chunk: string) => void
  /**
   * The checkout's origin served over smart HTTP (http-checkout.ts): the action then runs with its server
   * as GITHUB_SERVER_URL and its RUNNER_TEMP, as the runner would after actions/checkout.
   */
  origin?: { serverUrl: string; runnerTemp: string }
  /** Put before `node <entry>`, e.g. `['taskset', '-c', '0']` to pin the action to one core. */
  commandPrefix?: string[]
  /** The script node runs instead of the built action: a stand-in for tests of the harness itself. */
  entry?: string
  /**
   * Start the action in a process group of its own, so that killing the group (`process.kill(-pid)`, and the
   * timeout here) takes every process it started with it, as a runner that dies takes everything on it.
   */
  processGroup?: boolean
}

export interface ActionResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
}

/** The github_token the action gets unless a test passes its own. */
export const DEFAULT_GITHUB_TOKEN = 'ghs_test_token_0123456789'

// The defaults the runner would fill in from action.yml.
const ACTION_DEFAULTS: Record<string, string> = {
  github_token: DEFAULT_GITHUB_TOKEN,
  anthropic_api_key: 'sk-ant-test-key-0123456789',
  label: 'agent-team',
  trigger_phrase: '/agents',
  config: '.ai-agents/config.yml'
}

/**
 * Runs `node dist/index.js` with the variables the runner sets: INPUT_*, GITHUB_EVENT_NAME/PATH,
 * GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_WORKSPACE, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP.
 * Others a runner sets (GITHUB_WORKFLOW_REF, GITHUB_RUN_ATTEMPT, GITHUB_ACTOR, …) come only through `env`.
 * Asynchronous on purpose: the fake servers live in this process and must keep answering.
 */
export async function runAction(options: RunActionOptions): Promise<ActionResult> {
  const dir = await mkdtemp(join(tmpdir(), 'agent-team-runner-'))
  try {
    const eventPath = join(dir, 'event.json')
    const outputPath = join(dir, 'output')
    const summaryPath = join(dir, 'summary')
    const runnerTemp = join(dir, 'temp')
    await writeFile(eventPath, JSON.stringify(options.payload))
    await writeFile(outputPath, '')
    await writeFile(summaryPath, '')
    const inputs = { ...ACTION_DEFAULTS, ...options.inputs }
    const env: Record<string, string> = {
      // Only what a runner provides: the host's own variables (and any secrets in them) stay out.
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? dir,
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_EVENT_NAME: options.eventName,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: options.repository ?? 'octo-org/widgets',
      GITHUB_API_URL: options.githubUrl,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_GRAPHQL_URL: `${options.githubUrl}/graphql`,
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_OUTPUT: outputPath,
      GITHUB_STEP_SUMMARY: summaryPath,
      GITHUB_RUN_ID: '4242',
      RUNNER_TEMP: runnerTemp,
      AGENT_TEAM_GITHUB_RETRY_BASE_MS: '10',
      AGENT_TEAM_GITHUB_THROTTLE: 'off',
      AGENT_TEAM_MODEL_RETRY_BASE_MS: '10',
      ...(options.anthropicUrl ? { ANTHROPIC_BASE_URL: options.anthropicUrl } : {}),
      ...(options.origin
        ? { GITHUB_SERVER_URL: options.origin.serverUrl, RUNNER_TEMP: options.origin.runnerTemp }
        : {}),
      ...options.env
    }
    for (const [name, value] of Object.entries(inputs))
      env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value

    const result = await spawnNode(env, options)
    return {
      ...result,
      outputs: parseOutputFile(await readFile(outputPath, 'utf8')),
      summary: await readFile(summaryPath, 'utf8')
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

function spawnNode(
  env: Record<string, string>,
  options: RunActionOptions
): Promise<Omit<ActionResult, 'outputs' | 'summary'>> {
  return new Promise((resolvePromise, reject) => {
    const [command, ...args] = [
      ...(options.commandPrefix ?? []),
      process.execPath,
      options.entry ?? DIST_ENTRY
    ]
    const child = spawn(command!, args, {
      cwd: options.workspace,
      env,
      stdio: 'pipe',
      detached: options.processGroup ?? false
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', chunk => {
      stdout += chunk
      options.onStdout?.(String(chunk))
    })
    child.stderr.on('data', chunk => (stderr += chunk))
    if (child.pid !== undefined) options.onSpawn?.(child.pid)
    const kill = (): void => {
      if (options.processGroup && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL')
        } catch {
          // The group is gone already.
        }
      } else child.kill('SIGKILL')
    }
    const timer = setTimeout(kill, options.timeoutMs ?? 60_000)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolvePromise({ code, signal, stdout, stderr })
    })
  })
}

/** GITHUB_OUTPUT holds `name<<DELIMITER\nvalue\nDELIMITER` records (and `name=value` lines). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]!)
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!)
      outputs[name!] = value.join('\n')
    } else if (lines[i]!.includes('=')) {
      const at = lines[i]!.indexOf('=')
      outputs[lines[i]!.slice(0, at)] = lines[i]!.slice(at + 1)
    }
  }
  return outputs
}
