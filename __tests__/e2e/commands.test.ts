import { beforeEach, describe, expect, it } from '@jest/globals'
import { apiError } from '../harness/fake-anthropic.js'
import { FEATURE_BRANCH, GREETING_ISSUE, STATE_FILE, useE2e } from '../harness/e2e-fixture.js'
import { runGit } from '../harness/git-repo.js'
import { branchFiles } from '../harness/sample-project.js'
import {
  fourTaskPlan,
  GREETING_WORK,
  isPlanCall,
  planReply,
  scriptedAgent,
  taskIdOf
} from '../harness/scripted-team.js'

/** `/agents status`, `/agents retry` and `/agents stop` on the built action, after a real run. */
describe('/agents commands (dist/index.js)', () => {
  const e2e = useE2e()
  let issue: number
  let failQa: boolean

  beforeEach(async () => {
    issue = e2e.github.addIssue(GREETING_ISSUE)
    failQa = true
    const agent = scriptedAgent(GREETING_WORK)
    e2e.anthropic.setHandler(request => {
      if (isPlanCall(request)) return planReply(fourTaskPlan())
      // The QA agent's model call is refused the first time, so QA fails and the run ends partial.
      if (taskIdOf(request) === 'QA' && failQa)
        return apiError(400, 'invalid_request_error', 'prompt is too long')
      return agent(request)
    })
  })

  const label = () => e2e.label(issue)
  const command = (body: string) => e2e.comment(issue, body)

  it('reports status in one reply, and retry re-runs only the failed task to done', async () => {
    const first = await label()
    expect(first.outputs.status).toBe('partial')
    expect(first.outputs.tasks_failed).toBe('1')
    const stateLabels = () => e2e.github.labels(issue).filter(name => name.startsWith('agent-team:'))
    expect(stateLabels()).toEqual(['agent-team:failed'])

    const before = e2e.anthropic.requests.length
    const status = await command('/agents status')
    expect(status.outputs.status).toBe('replied')
    await command('/agents status')
    const replies = e2e.github.comments(issue).filter(c => c.body.includes('agent-team:status'))
    expect(replies).toHaveLength(1)
    expect(replies[0]!.body).toContain('QA')
    expect(e2e.anthropic.requests.length).toBe(before)

    failQa = false
    const retry = await command('/agents retry QA')
    expect(retry.outputs.status).toBe('done')
    const ran = e2e.anthropic.requests.slice(before).map(r => taskIdOf(r.body as never) ?? 'other')
    expect(new Set(ran)).toEqual(new Set(['QA']))
    expect(await branchFiles(e2e.repo.origin, FEATURE_BRANCH)).toContain('test/greeting-banner.test.js')
    expect(e2e.github.pulls()).toHaveLength(1)
    expect(e2e.github.pulls()[0]!.draft).toBe(false)
    // The issue shows the run's one state: done, no longer failed.
    expect(stateLabels()).toEqual(['agent-team:done'])
    expect(e2e.github.violations).toEqual([])
  })

  it('stop records the run as stopped on the state branch and replies on the issue', async () => {
    await label()

    const stop = await command('/agents stop')

    expect(stop.outputs.status).toBe('replied')
    const state = JSON.parse(await runGit(e2e.repo.origin, 'show', STATE_FILE))
    expect(['interrupted', 'partial']).toContain(state.run.status)
    expect(e2e.github.comments(issue).some(c => c.body.includes('agent-team:reply'))).toBe(true)
  })
})
