import { describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { FEATURE_BRANCH, GREETING_ISSUE, useE2e } from '../harness/e2e-fixture.js'
import { toolUse } from '../harness/fake-anthropic.js'
import { runGit } from '../harness/git-repo.js'
import { branchFiles } from '../harness/sample-project.js'
import {
  fourTaskPlan,
  GREETING_WORK,
  isPlanCall,
  planReply,
  scriptedAgent,
  taskIdOf,
  turnOf
} from '../harness/scripted-team.js'

const exec = promisify(execFile)
const GITHUB_TOKEN = 'ghs_team_run_token_0123456789'

/**
 * The product's main job end to end: the built action plans four tasks, agents write real code and tests
 * through the sandboxed tools on their own branches, the engine merges them into one feature branch, runs
 * the sample project's own tests, and leaves a ready PR with one progress comment.
 */
describe('team run (dist/index.js)', () => {
  const e2e = useE2e({
    // As on a runner: the origin speaks smart HTTP and the checkout holds what actions/checkout v6 stores.
    checkout: { token: GITHUB_TOKEN, layout: 'v6' },
    anthropic: { latencyMs: 40 }
  })

  async function runLabelled() {
    const issue = e2e.github.addIssue(GREETING_ISSUE)
    const result = await e2e.label(issue, { timeoutMs: 120_000 })
    return { issue, result }
  }

  it('builds the feature: every task merged into one branch that passes its tests, a ready PR, one progress comment', async () => {
    const agent = scriptedAgent(GREETING_WORK)
    const seen = (id: string) =>
      e2e.anthropic.requests.some(r => JSON.stringify(r.body).includes(`# Your task: ${id} `))
    e2e.anthropic.setHandler(async request => {
      if (isPlanCall(request)) return planReply(fourTaskPlan())
      // T1's first call is held until T2's first call arrives: only a team that runs them at once gets past it.
      if (taskIdOf(request) === 'T1' && turnOf(request) === 0) {
        for (let waited = 0; !seen('T2') && waited < 20_000; waited += 20)
          await new Promise(r => setTimeout(r, 20))
      }
      return agent(request)
    })

    const { issue, result } = await runLabelled()

    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.outputs.status).toBe('done')
    // Every fetch and push went over HTTP with one Authorization header, and none was refused.
    expect(e2e.served.origin.log.filter(entry => entry.push).length).toBeGreaterThan(0)
    expect(e2e.served.origin.log.filter(e => e.authorizationHeaders !== 1 || e.status >= 400)).toEqual([])
    expect(result.outputs.tasks_total).toBe('4')
    expect(result.outputs.tasks_done).toBe('4')
    expect(result.outputs.tasks_failed).toBe('0')
    expect(result.outputs.branch).toBe(FEATURE_BRANCH)

    // The bare origin holds the feature branch with every agent's files and a merge per task.
    expect(await branchFiles(e2e.repo.origin, FEATURE_BRANCH)).toEqual(
      expect.arrayContaining([
        'src/greet.js',
        'src/banner.js',
        'src/greeting-banner.js',
        'test/greeting-banner.test.js'
      ])
    )
    const merges = (await runGit(e2e.repo.origin, 'log', '--merges', '--format=%s', FEATURE_BRANCH)).split(
      '\n'
    )
    for (const id of ['T1', 'T2', 'T3', 'QA'])
      expect(merges.some(s => s.startsWith(`Merge ${id}:`))).toBe(true)
    const commits = await runGit(
      e2e.repo.origin,
      'log',
      '--no-merges',
      '--format=%an|%s|%(trailers:key=Agent-Task,valueonly)',
      FEATURE_BRANCH
    )
    expect(commits).toContain('github-actions[bot]|T1: Greeting function|T1')

    // The sample project's own test command passes on the merged branch.
    const check = await mkdtemp(join(tmpdir(), 'agent-team-check-'))
    try {
      await runGit(check, 'clone', '--quiet', '--branch', FEATURE_BRANCH, e2e.repo.origin, 'out')
      const { stdout } = await exec('npm', ['test'], { cwd: join(check, 'out') })
      expect(stdout).toMatch(/# pass 2/)
    } finally {
      await rm(check, { recursive: true, force: true })
    }

    // One ready PR, closing the issue, with exactly one progress comment showing every task done.
    const pulls = e2e.github.pulls()
    expect(pulls).toHaveLength(1)
    expect(pulls[0]!.draft).toBe(false)
    expect(pulls[0]!.head).toBe(FEATURE_BRANCH)
    expect(pulls[0]!.body).toContain(`Closes #${issue}`)
    expect(result.outputs.pull_request).toBe(String(pulls[0]!.number))
    const progress = e2e.github.comments(pulls[0]!.number).filter(c => c.body.includes('agent-team:progress'))
    expect(progress).toHaveLength(1)
    expect(progress[0]!.body.match(/✅/g)?.length).toBeGreaterThanOrEqual(4)
    expect(progress[0]!.body).not.toMatch(/⏳|🕓|❌/)
    expect(e2e.github.labels(issue)).toContain('agent-team:done')
    expect(e2e.github.labels(issue)).not.toContain('agent-team:working')
    // The plan comment on the issue links to the PR.
    const plan = e2e.github.comments(issue).filter(c => c.body.includes('agent-team:plan'))
    expect(plan).toHaveLength(1)
    expect(plan[0]!.body).toContain(`https://github.com/octo-org/widgets/pull/${pulls[0]!.number}`)

    // Two independent tasks (T1, T2) were worked on at the same time.
    expect(e2e.anthropic.maxInFlight).toBeGreaterThanOrEqual(2)
    expect(e2e.github.violations).toEqual([])
    expect(e2e.anthropic.violations).toEqual([])
  })

  it('answers a blocker through the manager, records the decision, and the same session finishes', async () => {
    // T2 asks first; after the answer its transcript has one more assistant turn, so its steps shift by one.
    const afterAnswer = scriptedAgent({ T2: [{ path: 'unused', content: '' }, ...GREETING_WORK.T2] })
    const agent = scriptedAgent(GREETING_WORK, {
      T2: (request, turn) =>
        turn === 0
          ? toolUse('report_blocker', { question: 'Should the banner use * or # for its frame?' })
          : afterAnswer(request)
    })
    e2e.anthropic.setHandler(request => {
      if (isPlanCall(request)) return planReply(fourTaskPlan())
      if ((request.tool_choice as { name?: string } | undefined)?.name === 'answer_blocker') {
        return toolUse('answer_blocker', {
          can_answer: true,
          answer: 'The banner frame uses the * character.'
        })
      }
      return agent(request)
    })

    const { result } = await runLabelled()

    expect(result.outputs.status).toBe('done')
    expect(
      e2e.anthropic.requests.filter(
        r => (r.body as { tool_choice?: { name?: string } }).tool_choice?.name === 'answer_blocker'
      )
    ).toHaveLength(1)
    const t2Requests = e2e.anthropic.requests.filter(r => JSON.stringify(r.body).includes('# Your task: T2'))
    const last = JSON.stringify(t2Requests.at(-1)?.body)
    expect(last).toContain('The banner frame uses the * character.')
    expect(await branchFiles(e2e.repo.origin, FEATURE_BRANCH)).toContain('src/banner.js')
    // The answer is now a team decision, shown with the progress.
    const pull = e2e.github.pulls()[0]!
    const progress = e2e.github.comments(pull.number).find(c => c.body.includes('agent-team:progress'))
    expect(progress?.body).toContain('The banner frame uses the')
  })
})
