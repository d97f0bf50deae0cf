/**
 * Commits named by refs, read by one long-lived `git cat-file --batch-check` per repository instead of one
 * `git rev-parse` process per question. A run asks where a branch is now a hundred times and more (before
 * every merge, worktree and state save), and each process costs 10–20 ms on a busy runner, where a line to a
 * running git costs a fraction of one.
 *
 * The answers are as fresh as a new process's: git reads a loose ref from its file at every lookup and
 * re-reads `packed-refs` when its stat changes, and finds objects written after it started. The reader runs
 * with the same environment and fixed settings as every engine git command (run-git.ts); `cat-file` runs no
 * filter, driver or hook. It ends itself after a moment without questions, so a finished run leaves no
 * process behind, and a reader that fails answers nothing: the caller asks `git rev-parse` instead.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import type { Socket } from 'node:net'
import { FIXED_CONFIG } from './git-config-guard.js'
import { gitEnvironment, withConfigPairs } from './git-env.js'

/** Idle time after which the reader's git exits; the next question starts a new one. */
const IDLE_MS = 2_000

/** Names the reader answers: plain ref names and object ids, nothing git would read as an expression. */
const PLAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/

export class RefReader {
  private child: ChildProcessWithoutNullStreams | undefined
  private waiting: Array<(line: string | undefined) => void> = []
  private buffer = ''
  private idle: NodeJS.Timeout | undefined

  constructor(
    private readonly dir: string,
    private readonly env: NodeJS.ProcessEnv
  ) {}

  /**
   * The commit (or its tree) `name` points at; undefined when it names none. Rejects when `name` is not a
   * plain ref name or the reader cannot answer, which callers take as "ask git rev-parse".
   */
  async objectOf(name: string, type: 'commit' | 'tree'): Promise<string | undefined> {
    if (!PLAIN_NAME.test(name)) throw new Error(`not a plain name: ${name}`)
    const line = await this.ask(`${name}^{${type}}`)
    if (line === undefined) throw new Error('the ref reader stopped')
    return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(line) ? line : undefined
  }

  private ask(question: string): Promise<string | undefined> {
    const child = this.running()
    clearTimeout(this.idle)
    // While an answer is awaited the pipe keeps the process alive; idle, it must not (unref in settle).
    pipe(child.stdout).ref()
    return new Promise(resolve => {
      this.waiting.push(resolve)
      child.stdin.write(`${question}\n`)
    })
  }

  private running(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child
    const env = withConfigPairs(gitEnvironment(this.env, { network: false, userConfig: false }), FIXED_CONFIG)
    const child = spawn('git', ['cat-file', '--batch-check=%(objectname)'], { cwd: this.dir, env })
    this.child = child
    child.unref()
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => this.received(chunk))
    child.stderr.resume()
    pipe(child.stderr).unref()
    const stop = () => this.stopped(child)
    child.on('error', stop)
    child.on('exit', stop)
    child.stdin.on('error', stop)
    return child
  }

  private received(chunk: string): void {
    this.buffer += chunk
    for (let end = this.buffer.indexOf('\n'); end >= 0; end = this.buffer.indexOf('\n')) {
      const line = this.buffer.slice(0, end).trim()
      this.buffer = this.buffer.slice(end + 1)
      this.waiting.shift()?.(line)
    }
    this.settle()
  }

  /** No question open: let the process exit when it likes, and end the reader after a while. */
  private settle(): void {
    if (this.waiting.length > 0 || !this.child) return
    pipe(this.child.stdout).unref()
    this.idle = setTimeout(() => this.close(), IDLE_MS)
    this.idle.unref()
  }

  private stopped(child: ChildProcessWithoutNullStreams): void {
    if (this.child !== child) return
    this.child = undefined
    this.buffer = ''
    clearTimeout(this.idle)
    for (const resolve of this.waiting.splice(0)) resolve(undefined)
  }

  /** Ends the reader's git; a later question starts another. */
  close(): void {
    const child = this.child
    if (!child) return
    this.stopped(child)
    child.stdin.end()
  }
}

/** A child's standard streams are sockets, which can stop keeping the process alive. */
function pipe(stream: NodeJS.ReadableStream): Socket {
  return stream as Socket
}

const readers = new Map<string, RefReader>()

/** The one reader for the repository or worktree at `dir` in this process. */
export function refReaderFor(dir: string, env: NodeJS.ProcessEnv): RefReader {
  let reader = readers.get(dir)
  if (!reader) {
    reader = new RefReader(dir, env)
    readers.set(dir, reader)
  }
  return reader
}
