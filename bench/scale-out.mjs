// Scale-out: the same run on one runner and on four. The plan is 12 tasks as 3 layers of 4 (4 tasks as 2
// layers of 2 in --quick), and work costs real CPU: the repository's check (`node cpu-check.js`) burns a fixed
// amount of hashing, about a second of this machine's CPU (50 ms in --quick), and every agent runs it once
// through run_command before it finishes, so each task's session pays it as well as the QA gate.
// 1. One runner: `node dist/index.js` on `issues.labeled` with max_parallel 4, as bench/lib/runs.mjs runs it.
// 2. Four runners: the first job with `runners: 4`; the runner simulator starts each job it dispatches as its
//    own process in its own clone of the origin, pinned to one core with taskset (unpinned when taskset is
//    missing), as a runner of its own would run it.
// Each way's wall time runs from the first job's spawn to the exit of the last process, the one that finished
// the run; both must end `done` in the committed state with every task merged. Both fakes answer in this
// process; the GitHub throttle is on as in production (off in --quick).
// Last line: the ratio of the wall times. Run with `npm run bench` or `node bench/scale-out.mjs [--quick]`.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { performance } from 'node:perf_hooks'
import { harnessModule } from './lib/harness.mjs'
import { requireDist, STATE_BRANCH } from './lib/runs.mjs'
import { FEATURE, layeredPlan, layersOf, QUICK, seconds } from './lib/team.mjs'

const { startFakeAnthropic, toolUse } = await harnessModule('fake-anthropic')
const { startFakeGitHub } = await harnessModule('fake-github')
const { bareBranchHooks } = await harnessModule('bare-compare')
const { runGit } = await harnessModule('git-repo')
const { serveOverHttp } = await harnessModule('http-checkout')
const { runAction } = await harnessModule('run-action')
const { startRunnerSimulator } = await harnessModule('runner-simulator')
const { bareFileAt, bareHasRef, sampleRepo } = await harnessModule('sample-project')
const { isPlanCall, planReply, taskIdOf, turnOf } = await harnessModule('scripted-team')
const { labeledIssue } = await harnessModule('webhook-payloads')

const TASKS = QUICK ? 4 : 12
const WIDTH = QUICK ? 2 : 4
const RUNNERS = 4
const LATENCY_MS = QUICK ? 100 : 2000
/** CPU time one `node cpu-check.js` spends hashing, on this machine, measured before the runs. */
const CHECK_CPU_MS = QUICK ? 50 : 1000
/** A run that hangs must not hold the whole bench (and CI) forever. */
const RUN_TIMEOUT_MS = 30 * 60_000
const CORES = availableParallelism()

/** The token checkout persisted and every job gets as `github_token`. */
const GITHUB_TOKEN = 'ghs_bench_token_0123456789'
const WORKFLOW = 'agent-team.yml'
/** GITHUB_WORKFLOW_REF of the first job: the dispatches it makes name this workflow, on main. */
const WORKFLOW_REF = `octo-org/widgets/.github/workflows/${WORKFLOW}@refs/heads/main`
const CHECK_COMMAND = 'node cpu-check.js'

/** The README's workflow, as far as GitHub reads it for a dispatch (copied from the scale-out e2e test). */
const WORKFLOW_FILE = `name: agent-team
on:
  issues:
    types: [labeled]
  workflow_dispatch:
    inputs:
      feature:
        required: false
      issue:
        required: false
      mode:
        required: false
      task:
        required: false
      run_key:
        required: false
permissions:
  contents: write
  pull-requests: write
  issues: write
  actions: write
jobs:
  team:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - uses: agent-team/agent-team@v0
`

// The CPU the check burns: SHA-256 over a 64 KiB block, chained so no round can be skipped. A fixed number of
// rounds rather than a fixed time, so a check that shares its core with others takes longer, as real work does.
const BLOCK_BYTES = 64 * 1024
function hashRounds(rounds) {
  const block = Buffer.alloc(BLOCK_BYTES, 1)
  let digest = Buffer.alloc(32)
  for (let round = 0; round < rounds; round++)
    digest = createHash('sha256').update(digest).update(block).digest()
  return digest
}

/** How many rounds take `cpuMs` of this process's CPU time (CPU time, so other load on the machine matters less). */
function calibrateRounds(cpuMs) {
  hashRounds(200) // warm-up: the first rounds pay for loading the hash
  let rounds = 200
  for (;;) {
    const before = process.cpuUsage()
    hashRounds(rounds)
    const used = process.cpuUsage(before)
    const usedMs = (used.user + used.system) / 1000
    if (usedMs >= 200) return Math.max(1, Math.round((rounds * cpuMs) / usedMs))
    rounds *= 2
  }
}

/** The check script of the repository: the same hashing, `rounds` times, then exit 0. */
function cpuCheckScript(rounds) {
  return `// The bench's stand-in for a real test suite: a fixed amount of CPU, then success.
import { createHash } from 'node:crypto'

const block = Buffer.alloc(${BLOCK_BYTES}, 1)
let digest = Buffer.alloc(32)
for (let round = 0; round < ${rounds}; round++) digest = createHash('sha256').update(digest).update(block).digest()
console.log('cpu-check: ${rounds} rounds, ' + digest.toString('hex').slice(0, 12))
`
}

/**
 * The repository's own files over the greeting sample: the check, the configuration (run_command only runs
 * what a role's list allows, and `node` alone may not be listed, so the workers list the check itself; with
 * `agents:` the built-in manager still plans) and the workflow whose dispatch inputs GitHub checks.
 */
function repositoryFiles(rounds) {
  return {
    'cpu-check.js': cpuCheckScript(rounds),
    '.ai-agents/config.yml': [
      'agents:',
      '  backend-dev:',
      `    commands: ["${CHECK_COMMAND}"]`,
      '  frontend-dev:',
      `    commands: ["${CHECK_COMMAND}"]`,
      `checks: ["${CHECK_COMMAND}"]`,
      ''
    ].join('\n'),
    [`.github/workflows/${WORKFLOW}`]: WORKFLOW_FILE
  }
}

/** The text of the tool results in a request's last message: what the agent's previous tool call gave back. */
function lastToolResult(request) {
  const content = request.messages.at(-1)?.content
  if (!Array.isArray(content)) return ''
  return content
    .filter(block => block.type === 'tool_result')
    .map(block => (typeof block.content === 'string' ? block.content : JSON.stringify(block.content)))
    .join('\n')
}

/**
 * The team: the manager plans `plan`; each agent writes its module, runs the check once with run_command and
 * finishes, three replies per task. `commandSeconds` collects how long each agent's check took (the
 * engine's own figure in the tool result); a check that did not pass is recorded in `problems`, since a run
 * whose agents never burn the CPU would measure something else.
 */
function cpuTeam(plan, { commandSeconds, problems }) {
  const files = new Map(plan.tasks.map(task => [task.id, task.files[0]]))
  return request => {
    if (isPlanCall(request)) return planReply(plan)
    const id = taskIdOf(request)
    if (!id || !files.has(id))
      throw new Error(`unexpected model call (forced tool ${request.tool_choice?.name})`)
    const path = files.get(id)
    const turn = turnOf(request)
    if (turn === 0) return toolUse('write_file', { path, content: `export const module = '${id}'\n` })
    if (turn === 1) return toolUse('run_command', { command: CHECK_COMMAND })
    const result = lastToolResult(request)
    const passed = /exit code 0 \(([\d.]+) s\)/.exec(result)
    if (passed) commandSeconds.push(Number(passed[1]))
    else problems.push(`${id}: run_command ${CHECK_COMMAND} did not pass: ${result.slice(0, 300)}`)
    return toolUse('finish_task', {
      summary: `${id} done`,
      files_changed: [path],
      checks_run: [CHECK_COMMAND]
    })
  }
}

/**
 * CPU seconds of the processes this one started and waited for (the actions and all they ran, git's
 * server side too), from /proc; undefined where there is none.
 */
function childrenCpuSeconds() {
  try {
    // Fields after the command's closing parenthesis; cutime and cstime are the 16th and 17th of the line.
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')
    return (Number(fields[13]) + Number(fields[14])) / 100
  } catch {
    return undefined
  }
}

/** The children's CPU seconds since `before` (a childrenCpuSeconds reading), undefined without /proc. */
function childrenCpuSince(before) {
  const now = childrenCpuSeconds()
  return before === undefined || now === undefined ? undefined : now - before
}

/**
 * A repository with its origin served over smart HTTP, the fake GitHub (whose branch, ref and file hooks ask
 * the bare origin: a dispatch reads the workflow file there) and the fake Anthropic playing `cpuTeam`.
 * `run` starts the built action against all of it, as the e2e fixture's `run` does; the runner simulator
 * uses only `github`, `served` and `run`, so this object stands in for the fixture, which needs jest.
 * `lastExit` is when the latest action process ended.
 */
async function startWorld({ plan, rounds }) {
  const repo = await sampleRepo(repositoryFiles(rounds))
  const served = await serveOverHttp(repo, { token: GITHUB_TOKEN, layout: 'v6' })
  const github = await startFakeGitHub({
    ...bareBranchHooks(repo.origin),
    refExists: ref => bareHasRef(repo.origin, ref),
    readFile: (ref, path) => bareFileAt(repo.origin, ref, path)
  })
  const commandSeconds = []
  const problems = []
  const anthropic = await startFakeAnthropic({
    latencyMs: LATENCY_MS,
    handler: cpuTeam(plan, { commandSeconds, problems })
  })
  github.setPermission('octocat', 'write')
  const world = {
    repo,
    served,
    github,
    anthropic,
    commandSeconds,
    problems,
    lastExit: undefined,
    async run(options) {
      const result = await runAction({
        ...options,
        githubUrl: github.url,
        anthropicUrl: anthropic.url,
        workspace: options.workspace ?? repo.work,
        origin: options.origin ?? served,
        inputs: { github_token: GITHUB_TOKEN, ...options.inputs },
        // The throttle paces writes as on github.com, so the figures include it; --quick only checks that
        // the benchmark works.
        env: { AGENT_TEAM_GITHUB_THROTTLE: QUICK ? 'off' : 'on', ...options.env },
        timeoutMs: options.timeoutMs ?? RUN_TIMEOUT_MS
      })
      world.lastExit = performance.now()
      return result
    },
    async close() {
      await Promise.all([github.close(), anthropic.close(), served.close()])
      await repo.cleanup()
    }
  }
  return world
}

/** Starts the run as the label does: the first job, on the issue the fake GitHub holds. */
function label(world, { inputs, env = {}, onSpawn }) {
  const issue = world.github.addIssue({ title: FEATURE, body: `Bench: ${TASKS} modules.` })
  const { title, body } = world.github.issue(issue)
  return world.run({
    eventName: 'issues',
    payload: labeledIssue({ number: issue, title, body }),
    inputs,
    env,
    onSpawn
  })
}

/** A job's failure in a few lines: its exit, its error lines and the end of its log. */
function whyFailed(name, result) {
  const lines = `${result.stderr}\n${result.stdout}`.split('\n').filter(line => line.trim() !== '')
  const errors = lines.filter(line => line.startsWith('::error'))
  return `${name} (exit ${result.code ?? result.signal}): ${[...errors, ...lines.slice(-5)].join(' | ')}`
}

/**
 * Throws unless the run's committed state (issue 1, the only one) says `done` with every task of `plan`
 * merged, and the model saw nothing it did not expect.
 */
async function requireDone(world, plan, way) {
  const failures = [...world.problems]
  for (const violation of world.anthropic.violations) failures.push(`fake Anthropic: ${violation.message}`)
  let state
  try {
    state = JSON.parse(
      await runGit(world.repo.origin, 'show', `${STATE_BRANCH}:runs/issue-1/team-communication.json`)
    )
  } catch (error) {
    failures.push(`no committed state: ${error.message}`)
  }
  if (state) {
    const merged = state.tasks.filter(task => task.merge_sha).length
    if (state.run.status !== 'done') failures.push(`the committed run is ${state.run.status}, not done`)
    if (merged !== plan.tasks.length || state.tasks.length !== plan.tasks.length)
      failures.push(`${merged} of ${state.tasks.length} tasks merged, the plan has ${plan.tasks.length}`)
  }
  if (failures.length > 0) throw new Error(`${way}: the run did not end done:\n${failures.join('\n')}`)
}

function average(values) {
  return values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : NaN
}

/** One line on a way's run: its wall time, CPU, model calls and how long the agents' checks took. */
function describe(way, { ms, cpuSeconds, world, extra = '' }) {
  const cpu =
    cpuSeconds === undefined ? '' : `, ${cpuSeconds.toFixed(1)} s of CPU in the processes it started`
  console.log(
    `${way}: wall ${seconds(ms)} s${cpu}, ${world.anthropic.requests.length} model calls, ` +
      `${world.github.requests.length} GitHub calls, the agents' ${CHECK_COMMAND} took ` +
      `${average(world.commandSeconds).toFixed(2)} s on average${extra}`
  )
}

/** One runner: the label's job does the whole run, four tasks at a time. */
async function oneRunner(plan, rounds) {
  const world = await startWorld({ plan, rounds })
  try {
    const cpuBefore = childrenCpuSeconds()
    let started = performance.now()
    const result = await label(world, {
      inputs: { max_parallel: String(WIDTH) },
      // From the spawn: the runner's scratch files run-action writes first are not the action's time.
      onSpawn: () => (started = performance.now())
    })
    const ms = world.lastExit - started
    if (result.code !== 0) throw new Error(`one runner: ${whyFailed('the job', result)}`)
    await requireDone(world, plan, 'one runner')
    describe('one runner', { ms, cpuSeconds: childrenCpuSince(cpuBefore), world })
    return ms
  } finally {
    await world.close()
  }
}

/** Whether `taskset` can pin a process here (util-linux; missing on macOS and in slim images). */
function tasksetWorks() {
  return spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' }).status === 0
}

/**
 * Four runners: the label's job plans and dispatches; every job the simulator starts runs one task on a
 * fresh clone, pinned to one core, and dispatches what its merge makes ready; the last one finishes the run.
 */
async function fourRunners(plan, rounds, pinned) {
  const world = await startWorld({ plan, rounds })
  // Every job of the workflow gets the same `with:` (the README's); the dispatched ones add mode, task, run_key.
  const jobInputs = {
    runners: String(RUNNERS),
    allowed_bots: 'github-actions[bot]',
    max_parallel: String(WIDTH)
  }
  const simulator = startRunnerSimulator({
    e2e: world,
    baseInputs: jobInputs,
    timeoutMs: RUN_TIMEOUT_MS,
    // Job ids start at 1; the cores are shared out in turn, so with fewer cores than runners they share.
    commandPrefix: pinned ? job => ['taskset', '-c', String(job % CORES)] : undefined
  })
  try {
    const cpuBefore = childrenCpuSeconds()
    let started = performance.now()
    const first = await label(world, {
      inputs: jobInputs,
      env: { GITHUB_WORKFLOW_REF: WORKFLOW_REF },
      onSpawn: () => (started = performance.now())
    })
    if (first.code !== 0 || first.outputs.status !== 'running')
      throw new Error(`four runners: ${whyFailed(`the first job (status ${first.outputs.status})`, first)}`)
    await simulator.idle(RUN_TIMEOUT_MS)
    // The last process to exit is the job that finished the run; idle() only adds its settling time.
    const ms = world.lastExit - started
    const failed = simulator.jobs.filter(job => job.result?.code !== 0)
    if (failed.length > 0)
      throw new Error(
        `four runners: ${failed.map(job => whyFailed(`job ${job.id} (${job.inputs.task})`, job.result)).join('\n')}`
      )
    await requireDone(world, plan, 'four runners')
    describe('four runners', {
      ms,
      cpuSeconds: childrenCpuSince(cpuBefore),
      world,
      extra: `, ${simulator.jobs.length} dispatched jobs`
    })
    return ms
  } finally {
    await simulator.close()
    await world.close()
  }
}

requireDist()
const plan = layeredPlan(TASKS, WIDTH)
const rounds = calibrateRounds(CHECK_CPU_MS)
const pinned = tasksetWorks()
console.log(
  `${TASKS} tasks as ${layersOf(TASKS, WIDTH)} layers of ${WIDTH}, 3 replies per task at ${LATENCY_MS} ms each; ` +
    `${CHECK_COMMAND}: ${rounds} rounds of SHA-256, ${CHECK_CPU_MS} ms of CPU here; ${CORES} cores`
)
if (!pinned) console.log('taskset is missing: the four runners run unpinned')
const oneMs = await oneRunner(plan, rounds)
const fourMs = await fourRunners(plan, rounds, pinned)
console.log(
  `scale-out: ${RUNNERS} runners / 1 runner wall time = ${(fourMs / oneMs).toFixed(2)} ` +
    `(one runner ${seconds(oneMs)} s, four runners ${seconds(fourMs)} s${pinned ? '' : ' unpinned'}, ${CORES} cores)`
)
