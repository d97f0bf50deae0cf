import { describe, expect, it } from '@jest/globals'
import {
  FEATURE_BRANCH,
  GREETING_ISSUE,
  STATE_FILE,
  useE2e,
  type E2eEventOptions
} from '../harness/e2e-fixture.js'
import { overloaded, text } from '../harness/fake-anthropic.js'
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

const GITHUB_TOKEN = 'ghs_lifecycle_token_0123456789'
const STATE_LABELS = [
  'agent-team:working',
  'agent-team:waiting',
  'agent-team:done',
  'agent-team:failed',
  'agent-team:stopped'
]

/** A one-task plan: T1 writes the greeting function. Enough to show how a run starts and ends. */
const oneTaskPlan = () => fourTaskPlan({ tasks: [fourTaskPlan().tasks[0]] })

/**
 * How a run ends on GitHub, whatever happens: stopped by a person from another job, out of its own time,
 * broken by an error, or asked to run again once done. Each ends recorded in the state, with one state
 * label on the issue, the progress shown, and the work pushed.
 */
describe('how a run ends (dist/index.js)', () => {
  const e2e = useE2e({ checkout: { token: GITHUB_TOKEN, layout: 'v6' } })

  const run = (issue: number, options: Pick<E2eEventOptions, 'inputs' | 'env'> = {}) =>
    e2e.label(issue, { ...options, timeoutMs: 90_000 })

  async function stateOnOrigin(): Promise<
    { run: { status: string; stop_reason?: string }; tasks: { id: string; state: string }[] } | undefined
  > {
    try {
      return JSON.parse(await runGit(e2e.repo.origin, 'show', STATE_FILE))
    } catch {
      return undefined
    }
  }

  const stateLabels = (issue: number) =>
    e2e.github.labels(issue).filter(label => STATE_LABELS.includes(label))
  const progressOf = (pull: number) =>
    e2e.github.comments(pull).filter(c => c.body.includes('agent-team:progress'))

  it('stops within 30 s of "/agents stop" from another job, with the work so far pushed, and ends stopped', async () => {
    const issue = e2e.github.addIssue(GREETING_ISSUE)
    const agent = scriptedAgent(GREETING_WORK)
    let askedAt = 0
    e2e.anthropic.setHandler(request => {
      if (isPlanCall(request)) return planReply(oneTaskPlan())
      // T1 has written its file; while its next model call is in flight, a maintainer asks the team to stop.
      if (taskIdOf(request) === 'T1' && turnOf(request) === 1 && askedAt === 0) {
        askedAt = Date.now()
        e2e.github.addComment(issue, { body: '/agents stop', user: 'octocat' })
        return text('too late', { delayMs: 60_000 })
      }
      return agent(request)
    })

    const result = await run(issue, { env: { AGENT_TEAM_STOP_POLL_MS: '300' } })
    const stoppedMs = Date.now() - askedAt

    expect(askedAt).toBeGreaterThan(0)
    expect(stoppedMs).toBeLessThan(30_000)
    expect(result.outputs.status).toBe('stopped')
    expect(result.code).toBe(0)
    expect(await stateOnOrigin()).toMatchObject({
      run: { status: 'stopped', stop_reason: 'stopped by @octocat' }
    })
    // T1's half-done work is on its branch; the feature branch has the plan commit and nothing of T1.
    expect(await branchFiles(e2e.repo.origin, `${FEATURE_BRANCH}--t1`)).toContain('src/greet.js')
    expect(await branchFiles(e2e.repo.origin, FEATURE_BRANCH)).not.toContain('src/greet.js')
    expect(stateLabels(issue)).toEqual(['agent-team:stopped'])
    const [pull] = e2e.github.pulls()
    expect(pull!.draft).toBe(true)
    expect(progressOf(pull!.number)).toHaveLength(1)
    expect(progressOf(pull!.number)[0]!.body).toContain('Stopped')
    // The watch asked conditionally, one request per look for the issue and the PR: most were answered 304.
    const looks = e2e.github.requests.filter(r => r.operationId === 'issues/list-comments-for-repo')
    expect(looks.filter(r => r.status === 304).length).toBeGreaterThan(0)
  })

  it('ends partial when timeout_minutes passes: no new work, running work pushed, the reason recorded', async () => {
    const issue = e2e.github.addIssue(GREETING_ISSUE)
    const agent = scriptedAgent(GREETING_WORK)
    e2e.anthropic.setHandler(request => {
      if (isPlanCall(request)) return planReply(fourTaskPlan())
      // T1 and T2 write their files, then think for longer than the run has left. The limit leaves room
      // for a busy machine to plan and start both tasks first.
      if (turnOf(request) === 1) return text('still thinking', { delayMs: 60_000 })
      return agent(request)
    })

    const result = await run(issue, { inputs: { timeout_minutes: '0.25' } })

    expect(result.outputs.status).toBe('partial')
    expect(result.code).toBe(0)
    expect((await stateOnOrigin())?.run.stop_reason).toBe(
      "the run's time limit (timeout_minutes: 0.25) passed"
    )
    for (const branch of [`${FEATURE_BRANCH}--t1`, `${FEATURE_BRANCH}--t2`])
      expect(await runGit(e2e.repo.origin, 'log', '-1', '--format=%s', branch)).toMatch(/^T[12]: /)
    // T3 and QA never started: no model call names them.
    const started = new Set(e2e.anthropic.requests.map(r => taskIdOf(r.body as never)).filter(Boolean))
    expect([...started].sort()).toEqual(['T1', 'T2'])
    expect(stateLabels(issue)).toEqual(['agent-team:failed'])
  })

  it('ends failed with the error, the failed label and the final progress comment when something throws', async () => {
    const issue = e2e.github.addIssue(GREETING_ISSUE)
    e2e.anthropic.setHandler(request => {
      if (isPlanCall(request)) return planReply(oneTaskPlan())
      return scriptedAgent(GREETING_WORK)(request)
    })
    // The PR opens, then the plan comment cannot be edited to point to it: the publication fails, which
    // stops the work that started alongside it, and the run throws there.
    e2e.github.failNext({ method: 'PATCH', path: /\/issues\/comments\/\d+$/, status: 500, times: 50 })

    const result = await run(issue)

    expect(result.code).toBe(1)
    expect(result.outputs.status).toBe('failed')
    const state = await stateOnOrigin()
    expect(state).toMatchObject({ run: { status: 'failed', stop_reason: expect.stringMatching(/500/) } })
    expect(state?.tasks.filter(task => task.state === 'merged')).toEqual([])
    expect(stateLabels(issue)).toEqual(['agent-team:failed'])
    const [pull] = e2e.github.pulls()
    expect(pull!.draft).toBe(true)
    expect(progressOf(pull!.number)).toHaveLength(1)
    expect(progressOf(pull!.number)[0]!.body).toContain('Failed')
  })

  it('opens a normal PR titled in progress where drafts are refused, and drops the prefix when done', async () => {
    e2e.github.state.draftPullRequests = false
    const issue = e2e.github.addIssue(GREETING_ISSUE)
    e2e.anthropic.setHandler(request =>
      isPlanCall(request) ? planReply(oneTaskPlan()) : scriptedAgent(GREETING_WORK)(request)
    )

    const result = await run(issue)

    expect(result.outputs.status).toBe('done')
    const [pull] = e2e.github.pulls()
    expect(e2e.github.pulls()).toHaveLength(1)
    expect(pull).toMatchObject({ draft: false, title: 'Greeting banner' })
    expect(pull!.body).toContain('does not support draft pull requests')
    const titles = e2e.github.requests.filter(r => r.method === 'POST' && r.path.endsWith('/pulls'))
    expect(titles.map(r => [(r.body as { title: string }).title, r.status])).toEqual([
      ['Greeting banner', 422],
      ['[WIP] Greeting banner', 201]
    ])
  })

  it('makes exactly one PR and one of each comment when GitHub applied a write but answered 502', async () => {
    const issue = e2e.github.addIssue(GREETING_ISSUE)
    e2e.anthropic.setHandler(request =>
      isPlanCall(request) ? planReply(oneTaskPlan()) : scriptedAgent(GREETING_WORK)(request)
    )
    e2e.github.failNext({ method: 'POST', path: /\/pulls$/, status: 502, applyFirst: true })
    e2e.github.failNext({
      method: 'POST',
      path: /\/issues\/\d+\/comments$/,
      status: 502,
      applyFirst: true,
      times: 2
    })

    const result = await run(issue)

    expect(result.outputs.status).toBe('done')
    expect(e2e.github.pulls()).toHaveLength(1)
    const pull = e2e.github.pulls()[0]!.number
    expect(e2e.github.comments(issue).filter(c => c.body.includes('agent-team:plan'))).toHaveLength(1)
    expect(progressOf(pull)).toHaveLength(1)
    expect(result.stdout).toMatch(/answered .*502.* but had applied it/i)
  })

  it('does nothing when a finished issue is labelled again: zero model calls, one pointer to the PR', async () => {
    const issue = e2e.github.addIssue(GREETING_ISSUE)
    e2e.anthropic.setHandler(request =>
      isPlanCall(request) ? planReply(oneTaskPlan()) : scriptedAgent(GREETING_WORK)(request)
    )
    // The first plan call is refused as overloaded: the retry shows in the job log.
    e2e.anthropic.enqueue(overloaded())
    const first = await run(issue)
    expect(first.outputs.status).toBe('done')
    expect(first.stdout).toMatch(/Anthropic API: .*retrying in/)
    const calls = e2e.anthropic.requests.length
    const commits = await runGit(e2e.repo.origin, 'rev-list', '--count', 'agent-team/state')

    const again = await run(issue)
    const third = await run(issue)

    expect(e2e.anthropic.requests).toHaveLength(calls)
    expect(again.outputs.status).toBe('done')
    expect(third.outputs.pull_request).toBe(first.outputs.pull_request)
    expect(await runGit(e2e.repo.origin, 'rev-list', '--count', 'agent-team/state')).toBe(commits)
    const pointers = e2e.github.comments(issue).filter(c => c.body.includes('agent-team:done'))
    expect(pointers).toHaveLength(1)
    expect(pointers[0]!.body).toContain(`pull request #${first.outputs.pull_request}`)
    expect(e2e.github.pulls()).toHaveLength(1)
    expect(stateLabels(issue)).toEqual(['agent-team:done'])
    // Every id the run owns is in its state, so no later run posts them again.
    const owned = JSON.parse(await runGit(e2e.repo.origin, 'show', STATE_FILE)).run
    const plan = e2e.github.comments(issue).find(c => c.body.includes('agent-team:plan'))
    const pull = e2e.github.pulls()[0]!.number
    expect(owned.pull_request.number).toBe(pull)
    expect(owned.plan_comment.id).toBe(plan?.id)
    expect(owned.progress_comment.id).toBe(progressOf(pull)[0]!.id)
  })
})
