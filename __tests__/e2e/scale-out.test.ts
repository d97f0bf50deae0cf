import { afterEach, describe, expect, it } from '@jest/globals'
import { E2e, GREETING_ISSUE } from '../harness/e2e-fixture.js'
import { toolUse, type MessagesRequest, type Reply } from '../harness/fake-anthropic.js'
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
    await e2e.start({ files: { [`.github/workflows/${WORKFLOW}`]: WORKFLOW_FILE }, anthropic })
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
    if (process.env.SCALE_OUT_DEBUG)
      for (const job of jobs)
        process.stderr.write(
          `--- ${job.inputs.task}\n${job.result?.stdout
            .split('\n')
            .filter(l => process.env.SCALE_OUT_DEBUG === 'all' || !l.startsWith('::debug'))
            .join('\n')}\n`
        )
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
})
