import { afterEach, describe, expect, it } from '@jest/globals'
import { E2e, GREETING_ISSUE } from '../harness/e2e-fixture.js'
import { apiError, toolUse, type MessagesRequest, type Reply } from '../harness/fake-anthropic.js'
import { runGit } from '../harness/git-repo.js'
import { startRunnerSimulator, type RunnerSimulator } from '../harness/runner-simulator.js'
import { isPlanCall, planReply, planTask, taskIdOf, turnOf } from '../harness/scripted-team.js'

const WORKFLOW = 'agent-team.yml'
const FEATURE_BRANCH = 'agent-team/1-greeting-banner'
const STATE_BRANCH = 'agent-team/state'

/** The README's workflow, as far as GitHub reads it for a dispatch: its trigger and its inputs. */
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

/** Every job of the workflow gets these (the README's `with:`); the dispatched ones add mode, task, run_key. */
function jobInputs(extra: Record<string, string> = {}): Record<string, string> {
  return { runners: '4', allowed_bots: 'github-actions[bot]', ...extra }
}

/** A plan of `count` tasks in layers of `width`, each writing one module that the next layer imports. */
function layeredPlan(count: number, width: number) {
  const id = (n: number) => `T${String(n + 1).padStart(2, '0')}`
  const tasks = Array.from({ length: count }, (_, n) => {
    const layer = Math.floor(n / width)
    const before = layer === 0 ? [] : Array.from({ length: width }, (_, j) => id((layer - 1) * width + j))
    return planTask(id(n), n % 2 ? 'frontend-dev' : 'backend-dev', `Module ${n + 1}`, before, [
      `src/mods/${id(n).toLowerCase()}.js`
    ])
  })
  return { summary: `${count} modules in layers of ${width}.`, decisions: ['One module per file'], tasks }
}

type Plan = ReturnType<typeof layeredPlan>

/** Two modules side by side; with `joined`, a third that uses both. */
function smallPlan(options: { joined?: boolean } = {}): Plan {
  const tasks = [
    planTask('T01', 'backend-dev', 'Module 1', [], ['src/mods/t01.js']),
    planTask('T02', 'frontend-dev', 'Module 2', [], ['src/mods/t02.js'])
  ]
  if (options.joined)
    tasks.push(planTask('T03', 'backend-dev', 'Module 3', ['T01', 'T02'], ['src/mods/t03.js']))
  const summary = options.joined ? 'Two modules, then one that uses both.' : 'Two modules side by side.'
  return { summary, decisions: ['One module per file'], tasks }
}

/** The module a task writes: its own value plus the values of what it depends on, so merges must carry them. */
function moduleOf(task: Plan['tasks'][number]): string {
  const imports = task.dependencies.map(
    dep => `import { value as ${dep} } from './${dep.toLowerCase()}.js'\n`
  )
  const sum = ['1', ...task.dependencies].join(' + ')
  return `${imports.join('')}export const value = ${sum}\n`
}

/** The team: the manager plans `plan`; each agent writes its module, runs the tests, and finishes. */
function teamOf(plan: Plan) {
  return (request: MessagesRequest): Reply => {
    if (isPlanCall(request)) return planReply(plan)
    const task = plan.tasks.find(t => t.id === taskIdOf(request))
    if (!task) throw new Error('a model call for no task of the plan')
    const turn = turnOf(request)
    if (turn === 0) return toolUse('write_file', { path: task.files[0]!, content: moduleOf(task) })
    if (turn === 1) return toolUse('run_command', { command: 'npm test' })
    return toolUse('finish_task', {
      summary: `${task.id} done`,
      files_changed: task.files,
      checks_run: ['npm test']
    })
  }
}

/** `path → blob` of a branch on the origin: two trees with the same files and contents are equal. */
async function treeOf(origin: string, branch: string): Promise<string[]> {
  const listing = await runGit(origin, 'ls-tree', '-r', branch)
  return listing.split('\n').map(line => line.split(/\s+/).slice(2).reverse().join(' '))
}

describe('scale-out: one run over several runners (dist/index.js per job)', () => {
  let e2e: E2e
  let simulator: RunnerSimulator | undefined

  afterEach(async () => {
    await simulator?.close()
    simulator = undefined
    await e2e.close()
  })

  async function start(plan: Plan, anthropic: { latencyMs?: number } = { latencyMs: 20 }) {
    e2e = new E2e()
    await e2e.start({
      files: { [`.github/workflows/${WORKFLOW}`]: WORKFLOW_FILE },
      anthropic,
      // A force push of any branch would be refused: the runners' merges must meet by merging.
      originConfig: { 'receive.denyNonFastForwards': 'true' }
    })
    e2e.anthropic.setHandler(teamOf(plan))
    return e2e.github.addIssue(GREETING_ISSUE)
  }

  /** The first job, as the label starts it on a runner of this workflow. */
  function lead(issue: number, inputs: Record<string, string> = jobInputs()) {
    return e2e.label(issue, {
      inputs,
      env: { GITHUB_WORKFLOW_REF: `octo-org/widgets/.github/workflows/${WORKFLOW}@refs/heads/main` },
      timeoutMs: 120_000
    })
  }

  async function committedState() {
    return JSON.parse(
      await runGit(e2e.repo.origin, 'show', `${STATE_BRANCH}:runs/issue-1/team-communication.json`)
    )
  }

  it('builds a 12-task plan of width 4 on many runners: the same tree as one runner, one PR, one comment, every task merged once', async () => {
    const plan = layeredPlan(12, 4)
    // One runner first, for the tree to compare with.
    let issue = await start(plan)
    const alone = await lead(issue, {})
    expect(alone.outputs.status).toBe('done')
    const singleTree = await treeOf(e2e.repo.origin, FEATURE_BRANCH)
    await e2e.close()

    issue = await start(plan)
    simulator = startRunnerSimulator({ e2e, baseInputs: jobInputs(), timeoutMs: 180_000 })
    const first = await lead(issue)
    expect(first.stderr).toBe('')
    expect(first.outputs.status).toBe('running')
    expect(JSON.parse(first.outputs.matrix!).include.map((entry: { task: string }) => entry.task)).toEqual([])
    await simulator.idle(240_000)

    const jobs = simulator.jobs
    const failed = jobs.filter(job => job.result?.code !== 0)
    // A failed job says why in its log's error lines (and its last lines, for a crash).
    const why = (job: (typeof jobs)[number]) =>
      `${job.inputs.task} (code ${job.result?.code}): ${job.result?.stderr ?? ''}${job.result?.stdout
        .split('\n')
        .filter(line => line.startsWith('::error') || line.startsWith('::warning'))
        .join('\n')}\n${job.result?.stdout.split('\n').slice(-15).join('\n')}`
    expect(failed.map(why)).toEqual([])
    // One job per task: the first four from the label's job, each later one from a merge that made it ready.
    expect(jobs.map(job => job.inputs.task).sort()).toEqual(plan.tasks.map(task => task.id))
    expect(e2e.github.dispatches.every(d => d.workflow === WORKFLOW && d.ref === 'main')).toBe(true)

    const state = await committedState()
    expect(state.run.status).toBe('done')
    expect(state.tasks.every((task: { merge_sha?: string }) => task.merge_sha)).toBe(true)
    // Each task ran on its own runner, named in the state and linked in the comment.
    const runners = new Set(state.tasks.map((task: { runner?: { id: string } }) => task.runner?.id))
    expect(runners.size).toBe(12)

    expect(await treeOf(e2e.repo.origin, FEATURE_BRANCH)).toEqual(singleTree)
    // Every task merged once; other runners' merges came in by merging, never by a force push.
    const subjects = (await runGit(e2e.repo.origin, 'log', '--merges', '--format=%s', FEATURE_BRANCH)).split(
      '\n'
    )
    for (const task of plan.tasks)
      expect(subjects.filter(subject => subject.startsWith(`Merge ${task.id}:`))).toHaveLength(1)

    // No state commit lost: every merge and the ending are in the state branch's history, which is linear.
    const stateLog = await runGit(e2e.repo.origin, 'log', '--format=%B', STATE_BRANCH)
    for (const task of plan.tasks) expect(stateLog).toContain(`issue-1: ${task.id} merged`)
    expect(stateLog).toContain('issue-1: finished (done)')
    expect(await runGit(e2e.repo.origin, 'rev-list', '--merges', STATE_BRANCH)).toBe('')

    // One PR, out of draft; one progress comment, showing every task done.
    const pulls = e2e.github.pulls()
    expect(pulls).toHaveLength(1)
    expect(pulls[0]!.draft).toBe(false)
    const progress = e2e.github.comments(pulls[0]!.number).filter(c => c.body.includes('agent-team:progress'))
    expect(progress).toHaveLength(1)
    for (const task of plan.tasks) expect(progress[0]!.body).toMatch(new RegExp(`${task.id}[^\\n]*done`))
    expect(progress[0]!.body).toContain('/actions/runs/50')
  }, 420_000)

  it('recovers a runner killed mid-task: its task is dispatched again once its heartbeat is stale, and merged once', async () => {
    const plan = smallPlan({ joined: true })
    const issue = await start(plan)
    // Six seconds without a sign of life and a task's runner is taken for dead (each task beats every 2 s).
    const inputs = jobInputs({ heartbeat_timeout_minutes: '0.1' })
    simulator = startRunnerSimulator({ e2e, baseInputs: inputs, timeoutMs: 180_000 })
    const team = teamOf(plan)
    let killed = false
    e2e.anthropic.setHandler(async request => {
      const id = taskIdOf(request)
      // T02's first runner dies at its first model call, before it has pushed anything.
      if (id === 'T02' && !killed) {
        killed = true
        const job = simulator!.jobs.find(candidate => candidate.inputs.task === 'T02')!
        simulator!.kill(job)
        await new Promise(resolve => setTimeout(resolve, 500))
      }
      // T01 takes long enough for T02's silence to go stale before T01's runner looks at the run.
      if (id === 'T01') await new Promise(resolve => setTimeout(resolve, 4_000))
      return team(request)
    })

    const first = await lead(issue, inputs)
    expect(first.outputs.status).toBe('running')
    await simulator.idle(240_000)

    const t02Jobs = simulator.jobs.filter(job => job.inputs.task === 'T02')
    expect(t02Jobs.map(job => job.killed)).toEqual([true, false])
    expect(t02Jobs[1]!.result?.code).toBe(0)
    const t01Log = simulator.jobs.find(job => job.inputs.task === 'T01')!.result!.stdout
    expect(t01Log).toContain('Started a runner for T02')

    const state = await committedState()
    expect(state.run.status).toBe('done')
    const t02 = state.tasks.find((task: { id: string }) => task.id === 'T02')
    expect(t02.runner.id).toBe(`${t02Jobs[1]!.runId}-1`)
    const subjects = (await runGit(e2e.repo.origin, 'log', '--merges', '--format=%s', FEATURE_BRANCH)).split(
      '\n'
    )
    for (const task of plan.tasks)
      expect(subjects.filter(subject => subject.startsWith(`Merge ${task.id}:`))).toHaveLength(1)

    // A job dispatched late for a task of the finished run (a duplicate the dead runner's claim left) does
    // nothing: no session, no merge.
    const calls = e2e.anthropic.requests.length
    const late = await fetch(
      `${e2e.github.url}/repos/octo-org/widgets/actions/workflows/${WORKFLOW}/dispatches`,
      {
        method: 'POST',
        headers: { authorization: 'token ghs_test_token_0123456789', 'content-type': 'application/json' },
        body: JSON.stringify({ ref: 'main', inputs: { mode: 'task', task: 'T02', run_key: 'issue-1' } })
      }
    )
    expect(late.status).toBe(204)
    await simulator.idle(120_000)
    const lateJob = simulator.jobs.at(-1)!
    expect(lateJob.result?.code).toBe(0)
    expect(lateJob.result?.stdout).toContain('Run issue-1 is done; T02 is not started.')
    expect(e2e.anthropic.requests.length).toBe(calls)
    expect(await runGit(e2e.repo.origin, 'log', '--merges', '--format=%s', FEATURE_BRANCH)).toBe(
      subjects.join('\n')
    )
  }, 300_000)

  it('finishes the run once when the last two tasks finish at the same moment on two runners', async () => {
    const plan = smallPlan()
    const issue = await start(plan)
    simulator = startRunnerSimulator({ e2e, baseInputs: jobInputs(), timeoutMs: 180_000 })
    const team = teamOf(plan)
    // Each agent's last reply (finish_task) waits for the other's: both tasks finish, merge and look at the
    // run together.
    const atFinish = new Set<string>()
    e2e.anthropic.setHandler(async request => {
      const id = taskIdOf(request)
      if (id && turnOf(request) === 2) {
        atFinish.add(id)
        for (let waited = 0; atFinish.size < 2 && waited < 60_000; waited += 20)
          await new Promise(resolve => setTimeout(resolve, 20))
      }
      return team(request)
    })

    await lead(issue)
    await simulator.idle(240_000)

    expect(simulator.jobs.map(job => job.result?.code)).toEqual([0, 0])
    const finishers = simulator.jobs.filter(job => job.result!.stdout.includes('Run issue-1 finished here'))
    expect(finishers).toHaveLength(1)
    const state = await committedState()
    expect(state.run.status).toBe('done')
    expect(state.run.finisher.runner).toBe(`${finishers[0]!.runId}-1`)
    // One "ready for review", one ending in the state's history, one progress comment.
    const ready = e2e.github.requests.filter(r =>
      JSON.stringify(r.body ?? '').includes('markPullRequestReadyForReview')
    )
    expect(ready).toHaveLength(1)
    const stateLog = await runGit(e2e.repo.origin, 'log', '--format=%s', STATE_BRANCH)
    expect(stateLog.split('\n').filter(subject => subject.includes('finished ('))).toHaveLength(1)
    const pull = e2e.github.pulls()[0]!
    expect(pull.draft).toBe(false)
    expect(e2e.github.comments(pull.number).filter(c => c.body.includes('agent-team:progress'))).toHaveLength(
      1
    )
  }, 300_000)

  it('retries a failed task of a finished run on its own runner with /agents retry, and finishes the run again', async () => {
    const plan = smallPlan()
    const issue = await start(plan)
    simulator = startRunnerSimulator({ e2e, baseInputs: jobInputs(), timeoutMs: 180_000 })
    const team = teamOf(plan)
    // T02's first session meets a request the API refuses outright (a 400 is not retried): the task fails.
    let refused = false
    e2e.anthropic.setHandler(request => {
      if (taskIdOf(request) === 'T02' && !refused) {
        refused = true
        return apiError(400, 'invalid_request_error', 'prompt is too long')
      }
      return team(request)
    })
    await lead(issue)
    await simulator.idle(240_000)
    const partial = await committedState()
    expect(partial.run.status).toBe('partial')
    expect(partial.tasks.map((task: { state: string }) => task.state)).toEqual(['done', 'failed'])

    const retried = await e2e.comment(issue, '/agents retry T02', {
      inputs: jobInputs(),
      env: { GITHUB_WORKFLOW_REF: `octo-org/widgets/.github/workflows/${WORKFLOW}@refs/heads/main` },
      timeoutMs: 120_000
    })
    expect(retried.outputs.status).toBe('running')
    await simulator.idle(240_000)

    const t02Jobs = simulator.jobs.filter(job => job.inputs.task === 'T02')
    expect(t02Jobs.map(job => job.result?.code)).toEqual([0, 0])
    const state = await committedState()
    expect(state.run.status).toBe('done')
    expect(state.tasks.every((task: { merge_sha?: string }) => task.merge_sha)).toBe(true)
    expect(e2e.github.pulls()[0]!.draft).toBe(false)
  }, 300_000)

  it('stops every runner of the run on /agents stop: each pushes its work and ends, and none starts another task', async () => {
    const plan = smallPlan({ joined: true })
    const issue = await start(plan)
    simulator = startRunnerSimulator({
      e2e,
      baseInputs: jobInputs(),
      env: { AGENT_TEAM_STOP_POLL_MS: '200' },
      timeoutMs: 180_000
    })
    const team = teamOf(plan)
    // Each agent writes its file, then its next reply is slow: the stop comes while both sessions are going.
    let written = 0
    e2e.anthropic.setHandler(async request => {
      if (turnOf(request) === 1) {
        written++
        await new Promise(resolve => setTimeout(resolve, 8_000))
      }
      return team(request)
    })
    await lead(issue)
    for (let waited = 0; written < 2 && waited < 60_000; waited += 100)
      await new Promise(resolve => setTimeout(resolve, 100))

    const stopped = await e2e.comment(issue, '/agents stop', { inputs: jobInputs(), timeoutMs: 60_000 })
    expect(stopped.outputs.status).toBe('replied')
    await simulator.idle(240_000)

    expect(simulator.jobs.map(job => job.inputs.task)).toEqual(['T01', 'T02'])
    expect(simulator.jobs.map(job => job.result?.code)).toEqual([0, 0])
    const state = await committedState()
    expect(state.run.status).toBe('stopped')
    expect(state.run.stop_reason).toBe('stopped by @octocat')
    // Each agent's file is on its task branch for a later run to start from; nothing merged, nothing more ran.
    for (const task of ['t01', 't02']) {
      const files = await runGit(
        e2e.repo.origin,
        'ls-tree',
        '-r',
        '--name-only',
        `${FEATURE_BRANCH}--${task}`
      )
      expect(files).toContain(`src/mods/${task}.js`)
    }
    expect(state.tasks.some((task: { merge_sha?: string }) => task.merge_sha)).toBe(false)
    expect(e2e.github.issue(issue)!.labels).toContain('agent-team:stopped')
  }, 300_000)
})
