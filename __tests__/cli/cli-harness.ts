import { spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { runCli, type CliIo } from '../../src/entrypoints/cli.js'
import type { ModelResponse } from '../../src/models/model.js'
import { TRANSCRIPT_VERSION, type Exchange, type Transcript } from '../../src/models/transcript.js'
import { runGit } from '../harness/git-repo.js'
import { fourTaskPlan, GREETING_WORK } from '../harness/scripted-team.js'

/** The built command, as `npm install -g` links it. */
export const CLI_ENTRY = resolve(import.meta.dirname ?? process.cwd(), '..', '..', 'dist', 'cli', 'index.js')

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * The environment a person's shell would give the command, minus anything of the host's: no API key,
 * git configuration ignored, and temporary files (the task worktrees) under `tmp`, which the test removes.
 */
export function cliEnv(tmp: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: tmp,
    TMPDIR: tmp,
    USER: 'ada',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    AGENT_TEAM_MODEL_RETRY_BASE_MS: '10',
    ...extra
  }
}

/** Runs `node dist/cli/index.js ...args` in `cwd`; stdout and stderr are pipes, so not a TTY. */
export function runBuiltCli(
  args: string[],
  options: { cwd: string; env: Record<string, string> }
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI_ENTRY, ...args], { cwd: options.cwd, env: options.env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', chunk => (stdout += chunk))
    child.stderr.on('data', chunk => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000)
    child.on('error', reject)
    child.on('close', code => {
      clearTimeout(timer)
      resolvePromise({ code, stdout, stderr })
    })
  })
}

/** Runs the CLI in this process, with captured streams that are not TTYs. */
export async function runCliHere(
  args: string[],
  options: { cwd: string; env: Record<string, string> }
): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: options.env,
    cwd: options.cwd
  }
  const code = await runCli(args, io)
  return { code, stdout, stderr }
}

let toolIds = 0

function toolReply(name: string, input: Record<string, unknown>): ModelResponse {
  return {
    content: [{ type: 'tool_use', id: `toolu_rec_${String(++toolIds).padStart(4, '0')}`, name, input }],
    stopReason: 'tool_use',
    usage: { inputTokens: 900, outputTokens: 120, cacheCreationInputTokens: 0, cacheReadInputTokens: 400 },
    model: 'claude-sonnet-4-6'
  }
}

/**
 * A transcript of the greeting team building the banner: the manager's four-task plan, then each agent
 * writing its files, running `npm test` and finishing, as scripted-team.ts scripts the fake server.
 */
export function greetingTranscript(): Transcript {
  const exchanges: Exchange[] = [
    {
      key: { tool: 'submit_plan', task: null, turn: 0 },
      model: 'claude-sonnet-4-6',
      asked: 'the plan',
      response: toolReply('submit_plan', fourTaskPlan())
    }
  ]
  for (const [task, files] of Object.entries(GREETING_WORK)) {
    const steps = [
      ...files.map(file => toolReply('write_file', { path: file.path, content: file.content })),
      toolReply('run_command', { command: 'npm test' }),
      toolReply('finish_task', {
        summary: `${task} done: ${files.map(f => f.path).join(', ')}`,
        files_changed: files.map(f => f.path),
        checks_run: ['npm test']
      })
    ]
    steps.forEach((response, turn) =>
      exchanges.push({ key: { tool: 'auto', task, turn }, model: 'claude-sonnet-4-6', asked: task, response })
    )
  }
  return { version: TRANSCRIPT_VERSION, exchanges }
}

/** Writes `transcript` to `dir/name` and returns the path. */
export async function writeTranscript(
  dir: string,
  transcript: Transcript,
  name = 'greeting.json'
): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, JSON.stringify(transcript, null, 2))
  return path
}

/** Local branch names of the repository, sorted. */
export async function branches(repoDir: string): Promise<string[]> {
  const out = await runGit(repoDir, 'for-each-ref', '--format=%(refname:short)', 'refs/heads')
  return out.split('\n').filter(Boolean).sort()
}

/** Matches any ANSI escape sequence. */
export const ESCAPE = '\u001b['
