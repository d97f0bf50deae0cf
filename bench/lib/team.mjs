// What the team benchmarks share: a layered plan of any size, a model that works through it in a fixed number
// of turns per task, the bound those turns set on the wall time, and the measurements taken around a run.
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { performance } from 'node:perf_hooks'
import { promisify } from 'node:util'
import { harnessModule } from './harness.mjs'

const exec = promisify(execFile)

const { toolUse } = await harnessModule('fake-anthropic')
const { isPlanCall, planReply, planTask, taskIdOf, turnOf } = await harnessModule('scripted-team')

/** `--quick`: small sizes and short latencies, so CI can check that the script works in seconds. */
export const QUICK = process.argv.includes('--quick')

/** The feature every benchmark asks for. Its words only name branches; the plan comes from layeredPlan. */
export const FEATURE = 'Bench feature: layered modules'

/** Built-in roles that write source files; alternated so that both role prompts are exercised. */
const ROLES = ['backend-dev', 'frontend-dev']

/**
 * A plan of `count` tasks in layers of `width`: every task of a layer depends on every task of the layer
 * before, so a layer starts only once the previous one is merged and the critical path is one task per layer.
 * Ids are `T01`… (zero-padded, so they sort as they run).
 */
export function layeredPlan(count, width) {
  const digits = String(count).length
  const id = index => `T${String(index + 1).padStart(Math.max(2, digits), '0')}`
  const tasks = []
  for (let index = 0; index < count; index++) {
    const layer = Math.floor(index / width)
    const previous = []
    for (let j = (layer - 1) * width; layer > 0 && j < layer * width; j++) previous.push(id(j))
    tasks.push(
      planTask(id(index), ROLES[index % ROLES.length], `Module ${index + 1}`, previous, [
        `src/bench/${id(index).toLowerCase()}.js`
      ])
    )
  }
  return {
    summary: `Add ${count} small modules in ${Math.ceil(count / width)} layers of ${width}.`,
    decisions: ['Each module lives in its own file under src/bench/'],
    tasks
  }
}

/** How many layers a plan of `count` tasks in layers of `width` has. */
export function layersOf(count, width) {
  return Math.ceil(count / width)
}

/**
 * The fake Anthropic handler of a team working through `plan`: the manager's plan call answers with it; each
 * agent writes its file in `turns - 1` write_file calls (the same file, rewritten) and then calls
 * finish_task, so every task costs exactly `turns` model replies. Any other call is a surprise worth
 * seeing: it throws, which the fake answers with a 500 and records as a violation.
 */
export function teamHandler(plan, turns) {
  const files = new Map(plan.tasks.map(task => [task.id, task.files[0]]))
  return request => {
    if (isPlanCall(request)) return planReply(plan)
    const id = taskIdOf(request)
    if (!id || !files.has(id))
      throw new Error(`unexpected model call (forced tool ${request.tool_choice?.name})`)
    const turn = turnOf(request)
    const path = files.get(id)
    if (turn < turns - 1) {
      return toolUse('write_file', { path, content: `export const step = ${turn + 1}\n` })
    }
    return toolUse('finish_task', { summary: `${id} done`, files_changed: [path], checks_run: [] })
  }
}

/**
 * The least wall time the model allows: the plan call, then per layer one task's `turns` replies, each
 * taking `latencyMs`. Tasks of a layer overlap completely when max_parallel covers the layer's width.
 */
export function criticalPathMs({ layers, turns, latencyMs }) {
  return (1 + layers * turns) * latencyMs
}

/** Model calls a run of `count` tasks must make: one plan call and `turns` per task. */
export function expectedModelCalls(count, turns) {
  return 1 + count * turns
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Milliseconds since `started` (a performance.now() reading). */
export function since(started) {
  return performance.now() - started
}

/**
 * Follows a process's peak resident memory (VmHWM, which only grows) by reading /proc every `everyMs`;
 * `stop()` takes a last reading and returns the peak in bytes, or undefined where /proc is not there.
 * A process that exits between two readings loses at most the growth of its last `everyMs`.
 */
export function watchPeakRss(pid, everyMs = 100) {
  let peak
  const read = async () => {
    try {
      const status = await readFile(`/proc/${pid}/status`, 'utf8')
      const kib = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1])
      if (kib) peak = Math.max(peak ?? 0, kib * 1024)
    } catch {
      // The process has exited; the last reading stands.
    }
  }
  const timer = setInterval(read, everyMs)
  void read()
  return {
    async stop() {
      clearInterval(timer)
      await read()
      return peak
    }
  }
}

/**
 * What a branch's history wrote: its commits and the bytes of every blob a commit added or changed
 * (relative to its first parent), which for the state branch is the state written over the run.
 */
export async function branchWrites(gitDir, branch) {
  const git = (...args) =>
    exec('git', ['--git-dir', gitDir, ...args], { maxBuffer: 256 * 1024 * 1024 }).then(r => r.stdout)
  const log = await git('log', '--first-parent', '--format=commit %H', '--raw', '--no-abbrev', branch)
  const commits = log.split('\n').filter(line => line.startsWith('commit ')).length
  const blobs = log
    .split('\n')
    .filter(line => line.startsWith(':'))
    .map(line => line.split(/\s+/)[3])
    .filter(id => !/^0+$/.test(id))
  let bytes = 0
  if (blobs.length > 0) {
    const sizes = await new Promise((resolve, reject) => {
      const child = execFile('git', ['--git-dir', gitDir, 'cat-file', '--batch-check=%(objectsize)'], {
        maxBuffer: 64 * 1024 * 1024
      })
      let out = ''
      child.stdout.on('data', chunk => (out += chunk))
      child.on('error', reject)
      child.on('close', code =>
        code === 0 ? resolve(out) : reject(new Error(`git cat-file exited ${code}`))
      )
      child.stdin.end(blobs.join('\n') + '\n')
    })
    for (const line of sizes.split('\n')) bytes += Number(line) || 0
  }
  return { commits, bytes }
}

export function mib(bytes) {
  return (bytes / 1024 / 1024).toFixed(1)
}

export function seconds(ms) {
  return (ms / 1000).toFixed(1)
}
