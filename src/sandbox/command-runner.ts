import { spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { OutputCapture } from './output-capture.js'

export interface RunOptions {
  cwd: string
  timeoutMs: number
  /** Cap on stdout + stderr together; the middle of a long output is cut, head and tail are kept. */
  maxOutputBytes: number
  /** The complete environment of the child (see scrubbedEnv); nothing is inherited. */
  env: Record<string, string>
  /** Time between SIGTERM and SIGKILL on timeout. */
  killGraceMs?: number
  /**
   * Values replaced by `***` in the captured output, before the output cap cuts it (so a secret the cut
   * would split never survives as two halves).
   */
  secrets?: readonly string[]
}

export interface RunResult {
  /** The exit code; null when a signal ended the process. 127 when the program was not found. */
  exitCode: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  timedOut: boolean
  truncated: boolean
  durationMs: number
}

const DEFAULT_KILL_GRACE_MS = 2000
/** How long to wait for the pipes to close after the process group is gone. */
const DRAIN_MS = 200

/** Process groups still running, killed if this process exits first so no agent command outlives the run. */
const liveGroups = new Set<number>()
let exitHookInstalled = false

/**
 * Runs one program without a shell (argv goes to execve as it is) and never throws: a non-zero exit,
 * a timeout or a missing program are all reported in the result.
 *
 * The child leads its own process group, so a timeout kills everything it started (a test runner's
 * workers, a dev server). When the child exits, whatever it left behind in its group is killed too:
 * a background process could otherwise keep running, keep the pipes open, or swap a file for a symlink
 * after the path policy has checked it.
 */
export function runCommand(argv: readonly string[], options: RunOptions): Promise<RunResult> {
  const started = performance.now()
  const output = new OutputCapture(options.maxOutputBytes, options.secrets)
  const finish = (partial: Pick<RunResult, 'exitCode' | 'signal' | 'timedOut'>): RunResult => ({
    ...partial,
    ...output.result(),
    durationMs: Math.round(performance.now() - started)
  })

  const [program, ...args] = argv
  if (program === undefined || program === '') {
    output.push('stderr', Buffer.from('No command given.'))
    return Promise.resolve(finish({ exitCode: 127, signal: null, timedOut: false }))
  }

  return new Promise(resolve => {
    const child = spawn(program, args, {
      cwd: options.cwd,
      env: options.env,
      shell: false,
      detached: process.platform !== 'win32',
      // No stdin: a program that asks a question gets end-of-file instead of waiting for the timeout.
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true
    })
    const pid = child.pid
    let timedOut = false
    let settled = false
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined
    const timers: NodeJS.Timeout[] = []

    const settle = (result: RunResult): void => {
      if (settled) return
      settled = true
      timers.forEach(clearTimeout)
      if (pid !== undefined) liveGroups.delete(pid)
      resolve(result)
    }

    if (pid !== undefined) trackGroup(pid)
    child.stdout.on('data', (chunk: Buffer) => output.push('stdout', chunk))
    child.stderr.on('data', (chunk: Buffer) => output.push('stderr', chunk))

    child.on('error', (error: NodeJS.ErrnoException) => {
      // spawn failures (ENOENT, EACCES) arrive here and no 'exit' follows.
      const missing = error.code === 'ENOENT'
      const message = missing
        ? `Command not found: \`${argv[0]}\`. It is not installed or not on PATH (or the directory \`${options.cwd}\` does not exist).`
        : `Could not start \`${argv[0]}\`: ${error.message}`
      output.push('stderr', Buffer.from(message))
      settle(finish({ exitCode: missing ? 127 : 126, signal: null, timedOut: false }))
    })

    child.on('exit', (code, signal) => {
      exit = { code, signal }
      if (pid !== undefined) killGroup(pid, 'SIGKILL')
      // 'close' normally follows at once; a grandchild that escaped the group could hold the pipes open.
      timers.push(
        setTimeout(() => {
          child.stdout.destroy()
          child.stderr.destroy()
          settle(finish({ exitCode: code, signal, timedOut }))
        }, DRAIN_MS)
      )
    })

    child.on('close', (code, signal) => {
      settle(finish({ exitCode: exit?.code ?? code, signal: exit?.signal ?? signal, timedOut }))
    })

    timers.push(
      setTimeout(() => {
        timedOut = true
        if (pid === undefined) return
        killGroup(pid, 'SIGTERM')
        timers.push(setTimeout(() => killGroup(pid, 'SIGKILL'), options.killGraceMs ?? DEFAULT_KILL_GRACE_MS))
      }, options.timeoutMs)
    )
  })
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    if (process.platform === 'win32') process.kill(pid, signal)
    else process.kill(-pid, signal)
  } catch {
    // ESRCH: the group is already gone.
  }
}

function trackGroup(pid: number): void {
  liveGroups.add(pid)
  if (exitHookInstalled) return
  exitHookInstalled = true
  process.once('exit', () => {
    for (const group of liveGroups) killGroup(group, 'SIGKILL')
  })
}
