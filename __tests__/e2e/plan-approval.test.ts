import { beforeEach, describe, expect, it } from '@jest/globals'
import { FEATURE_BRANCH, GREETING_ISSUE, STATE_FILE, useE2e } from '../harness/e2e-fixture.js'
import { forcedToolName, toolUse, type MessagesRequest } from '../harness/fake-anthropic.js'
import { runGit } from '../harness/git-repo.js'
import { bareHasBranch, branchFiles } from '../harness/sample-project.js'
import {
  fourTaskPlan,
  GREETING_WORK,
  isPlanCall,
  planReply,
  scriptedAgent,
  taskIdOf
} from '../harness/scripted-team.js'

/** The manager's second version: the QA task goes, the rest stays as planned. */
function withoutQa() {
  const plan = fourTaskPlan()
  return {
    change: 'Dropped the QA task as asked; the sample project keeps its own test.',
    summary: 'Add a greeting library and a formatter, and combine them in a CLI.',
    decisions: [],
    tasks: (plan.tasks as { id: string }[]).filter(task => task.id !== 'QA'),
    dropped: [{ id: 'QA', reason: 'asked to drop the QA task' }]
  }
}

/** `approval: plan` on the built action: nothing is spent before `/agents approve`, and revise edits the plan. */
describe('plan approval (dist/index.js)', () => {
  const e2e = useE2e({ permissions: { reader: 'read' } })
  let issue: number

  beforeEach(async () => {
    issue = e2e.github.addIssue(GREETING_ISSUE)
    const agent = scriptedAgent(GREETING_WORK)
    e2e.anthropic.setHandler(request => {
      if (isPlanCall(request)) return planReply(fourTaskPlan())
      if (forcedToolName(request) === 'revise_plan') return toolUse('revise_plan', withoutQa())
      return agent(request)
    })
  })

  const inputs = { approval: 'plan' }

  const label = () => e2e.label(issue, { inputs })
  const command = (body: string, user = 'octocat') =>
    e2e.comment(issue, body, { user, inputs, timeoutMs: 120_000 })

  const calls = (from = 0) => e2e.anthropic.requests.slice(from).map(r => r.body as MessagesRequest)
  const planComments = () => e2e.github.comments(issue).filter(c => c.body.includes('agent-team:plan'))
  const stateLabels = () => e2e.github.labels(issue).filter(name => name.startsWith('agent-team:'))
  const committed = async () => JSON.parse(await runGit(e2e.repo.origin, 'show', STATE_FILE))

  it('plans and waits (one model call, no branch, no PR); revise edits the plan; approve builds the revised plan', async () => {
    // 1. The label plans the feature and stops: a green job, the plan posted, nothing else spent.
    const first = await label()
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.outputs.status).toBe('awaiting_approval')
    expect(calls().map(isPlanCall)).toEqual([true])
    expect(e2e.github.pulls()).toEqual([])
    expect(bareHasBranch(e2e.repo.origin, FEATURE_BRANCH)).toBe(false)
    expect(stateLabels()).toEqual(['agent-team:waiting'])
    const [plan] = planComments()
    expect(planComments()).toHaveLength(1)
    expect(plan!.body).toContain('`/agents approve`')
    expect((await committed()).run.status).toBe('awaiting_approval')

    // 2. Labelled again: no second plan, a pointer to the waiting one.
    const again = await label()
    expect(again.outputs.status).toBe('awaiting_approval')
    expect(e2e.anthropic.requests).toHaveLength(1)
    expect(e2e.github.comments(issue).some(c => c.body.includes('is waiting for approval'))).toBe(true)

    // 3. A reader cannot approve: refused before any model call.
    const refused = await command('/agents approve', 'reader')
    expect(refused.outputs.status).toBe('refused')
    expect(e2e.anthropic.requests).toHaveLength(1)
    expect((await committed()).run.status).toBe('awaiting_approval')

    // 4. A writer asks for a new version: the plan comment is edited in place, the run still waits.
    const revised = await command('/agents revise drop the QA task')
    expect(revised.code).toBe(0)
    expect(revised.outputs.status).toBe('replied')
    expect(calls(1).map(forcedToolName)).toEqual(['revise_plan'])
    expect(planComments()).toHaveLength(1)
    expect(planComments()[0]!.id).toBe(plan!.id)
    expect(planComments()[0]!.body).toContain('Plan v2')
    expect(planComments()[0]!.body).toContain('dropped QA: asked to drop the QA task')
    const reply = e2e.github.comments(issue).find(c => c.body.includes('agent-team:reply'))
    expect(reply?.body).toContain('Dropped the QA task as asked')
    expect(e2e.github.pulls()).toEqual([])
    expect(stateLabels()).toEqual(['agent-team:waiting'])
    const waiting = await committed()
    expect(waiting.run).toMatchObject({ status: 'awaiting_approval', plan_version: 2 })

    // 5. Approved: the revised plan is built as committed, with no second plan call.
    const before = e2e.anthropic.requests.length
    const approved = await command('/agents approve')
    expect(approved.stderr).toBe('')
    expect(approved.outputs.status).toBe('done')
    const work = calls(before)
    expect(work.filter(r => forcedToolName(r) !== undefined)).toEqual([])
    expect(new Set(work.map(taskIdOf))).toEqual(new Set(['T1', 'T2', 'T3']))
    expect(await branchFiles(e2e.repo.origin, FEATURE_BRANCH)).toEqual(
      expect.arrayContaining(['src/greet.js', 'src/banner.js', 'src/greeting-banner.js'])
    )
    expect(e2e.github.pulls()).toHaveLength(1)
    expect(e2e.github.pulls()[0]!.draft).toBe(false)
    expect(stateLabels()).toEqual(['agent-team:done'])
    const done = await committed()
    expect(done.run).toMatchObject({ status: 'done', plan_version: 2, approval: { approved_by: 'octocat' } })
    expect(done.tasks.find((t: { id: string }) => t.id === 'QA')).toMatchObject({ state: 'dropped' })
    expect(approved.outputs.tasks_total).toBe('3')
    expect(e2e.github.violations).toEqual([])
    expect(e2e.anthropic.violations).toEqual([])
  })

  it('stop ends a waiting plan in the same job: recorded stopped, labelled, no model call', async () => {
    await label()

    const stop = await command('/agents stop')

    expect(stop.outputs.status).toBe('replied')
    expect(e2e.anthropic.requests).toHaveLength(1)
    expect((await committed()).run).toMatchObject({ status: 'stopped', stop_reason: 'stopped by @octocat' })
    expect(stateLabels()).toEqual(['agent-team:stopped'])
  })
})
