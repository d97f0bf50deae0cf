import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { apiError, startFakeAnthropic, type FakeAnthropic } from '../harness/fake-anthropic.js'
import { startFakeGitHub, type FakeGitHub } from '../harness/fake-github.js'
import { runGit, type TempRepo } from '../harness/git-repo.js'
import { bareBranchHooks } from '../harness/bare-compare.js'
import { serveOverHttp, type ServedCheckout } from '../harness/http-checkout.js'
import { DEFAULT_GITHUB_TOKEN, runAction } from '../harness/run-action.js'
import { branchFiles, sampleRepo } from '../harness/sample-project.js'
import {
  fourTaskPlan,
  GREETING_WORK,
  isPlanCall,
  planReply,
  scriptedAgent,
  taskIdOf
} from '../harness/scripted-team.js'
import { issueComment, labeledIssue } from '../harness/webhook-payloads.js'

const FEATURE_BRANCH = 'agent-team/1-greeting-banner'

/** `/agents status`, `/agents retry` and `/agents stop` on the built action, after a real run. */
describe('/agents commands (dist/index.js)', () => {
  let github: FakeGitHub
  let anthropic: FakeAnthropic
  let repo: TempRepo
  let served: ServedCheckout
  let issue: number
  let failQa: boolean

  beforeEach(async () => {
    repo = await sampleRepo()
    // The origin speaks smart HTTP; the checkout holds what actions/checkout v6 stores.
    served = await serveOverHttp(repo, { token: DEFAULT_GITHUB_TOKEN })
    github = await startFakeGitHub({ ...bareBranchHooks(repo.origin) })
    anthropic = await startFakeAnthropic({ minCacheableTokens: 16 })
    github.setPermission('octocat', 'write')
    issue = github.addIssue({ title: 'Greeting banner', body: 'Print a framed greeting.' })
    failQa = true
    const agent = scriptedAgent(GREETING_WORK)
    anthropic.setHandler(request => {
      if (isPlanCall(request)) return planReply(fourTaskPlan())
      // The QA agent's model call is refused the first time, so QA fails and the run ends partial.
      if (taskIdOf(request) === 'QA' && failQa)
        return apiError(400, 'invalid_request_error', 'prompt is too long')
      return agent(request)
    })
  })

  afterEach(async () => {
    await Promise.all([github.close(), anthropic.close(), served.close(), repo.cleanup()])
  })

  const label = () =>
    runAction({
      eventName: 'issues',
      payload: labeledIssue({ number: issue, title: 'Greeting banner', body: 'Print a framed greeting.' }),
      githubUrl: github.url,
      anthropicUrl: anthropic.url,
      workspace: repo.work,
      origin: served
    })

  const command = (body: string) => {
    const commentId = github.addComment(issue, { body, user: 'octocat' })
    return runAction({
      eventName: 'issue_comment',
      payload: issueComment({
        number: issue,
        title: 'Greeting banner',
        issueBody: 'Print a framed greeting.',
        body,
        commentId
      }),
      githubUrl: github.url,
      anthropicUrl: anthropic.url,
      workspace: repo.work,
      origin: served
    })
  }

  it('reports status in one reply, and retry re-runs only the failed task to done', async () => {
    const first = await label()
    expect(first.outputs.status).toBe('partial')
    expect(first.outputs.tasks_failed).toBe('1')
    const stateLabels = () => github.labels(issue).filter(name => name.startsWith('agent-team:'))
    expect(stateLabels()).toEqual(['agent-team:failed'])

    const before = anthropic.requests.length
    const status = await command('/agents status')
    expect(status.outputs.status).toBe('replied')
    await command('/agents status')
    const replies = github.comments(issue).filter(c => c.body.includes('agent-team:status'))
    expect(replies).toHaveLength(1)
    expect(replies[0].body).toContain('QA')
    expect(anthropic.requests.length).toBe(before)

    failQa = false
    const retry = await command('/agents retry QA')
    expect(retry.outputs.status).toBe('done')
    const ran = anthropic.requests.slice(before).map(r => taskIdOf(r.body as never) ?? 'other')
    expect(new Set(ran)).toEqual(new Set(['QA']))
    expect(await branchFiles(repo.origin, FEATURE_BRANCH)).toContain('test/greeting-banner.test.js')
    expect(github.pulls()).toHaveLength(1)
    expect(github.pulls()[0].draft).toBe(false)
    // The issue shows the run's one state: done, no longer failed.
    expect(stateLabels()).toEqual(['agent-team:done'])
    expect(github.violations).toEqual([])
  })

  it('stop records the run as stopped on the state branch and replies on the issue', async () => {
    await label()

    const stop = await command('/agents stop')

    expect(stop.outputs.status).toBe('replied')
    const state = JSON.parse(
      await runGit(repo.origin, 'show', 'agent-team/state:runs/issue-1/team-communication.json')
    )
    expect(['interrupted', 'partial']).toContain(state.run.status)
    expect(github.comments(issue).some(c => c.body.includes('agent-team:reply'))).toBe(true)
  })
})
