import { describe, expect, it } from '@jest/globals'
import { FEATURE_BRANCH, GREETING_ISSUE, STATE_FILE, useE2e } from '../harness/e2e-fixture.js'
import { apiError, forcedToolName, toolUse, type MessagesRequest } from '../harness/fake-anthropic.js'
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

/** The manager's revision after T2 failed: T2 is dropped, a new frontend task T2B replaces it. */
function replaceT2() {
  const [, t2, t3, qa] = fourTaskPlan().tasks as Record<string, unknown>[]
  return {
    change: 'T2 is replaced by T2B, which writes the formatter from scratch.',
    summary: 'The greeting function is merged; a new formatter task, then the CLI and its tests.',
    decisions: [],
    tasks: [
      { ...t2, id: 'T2B', title: 'Banner formatter, from scratch' },
      { ...t3, dependencies: ['T1', 'T2B'] },
      qa
    ],
    dropped: [{ id: 'T2', reason: 'its agent cannot get past the model error' }]
  }
}

/** The manager's first revision after T2 failed: T2 is kept, with a sharper description, and runs again. */
function retryT2() {
  const [, t2, t3, qa] = fourTaskPlan().tasks as Record<string, unknown>[]
  return {
    change: 'T2 runs again with the frame character decided.',
    summary: 'The greeting function is merged; the formatter again, then the CLI and its tests.',
    decisions: ['Banners are framed with * characters'],
    tasks: [{ ...t2, description: 'Banner formatter framed with * characters.' }, t3, qa],
    dropped: []
  }
}

/** Re-planning on the built action: a task that fails for good leads to a new version of the plan. */
describe('re-planning after a failure (dist/index.js)', () => {
  const e2e = useE2e()

  it('revises the plan each time T2 fails (first it runs again, then it is replaced), and v3 finishes the feature', async () => {
    const agent = scriptedAgent({ ...GREETING_WORK, T2B: GREETING_WORK.T2 })
    let revisions = 0
    e2e.anthropic.setHandler(request => {
      if (isPlanCall(request)) return planReply(fourTaskPlan())
      if (forcedToolName(request) === 'revise_plan') {
        revisions++
        return toolUse('revise_plan', revisions === 1 ? retryT2() : replaceT2())
      }
      if (forcedToolName(request) === 'answer_blocker') {
        return toolUse('answer_blocker', { can_answer: true, answer: 'Frame it with * characters.' })
      }
      // Each attempt at T2 fails: it is stuck and asks, then its next call is refused, so the attempt fails.
      if (taskIdOf(request) === 'T2') {
        const asked = request.messages.some(m => m.role === 'assistant')
        return asked
          ? apiError(400, 'invalid_request_error', 'prompt is too long')
          : toolUse('report_blocker', { question: 'Which character frames the banner?' })
      }
      return agent(request)
    })
    const issue = e2e.github.addIssue(GREETING_ISSUE)

    const result = await e2e.label(issue, { timeoutMs: 120_000 })

    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.outputs.status).toBe('done')
    const bodies = e2e.anthropic.requests.map(r => r.body as MessagesRequest)
    const asked = bodies.filter(r => forcedToolName(r) === 'revise_plan')
    expect(asked).toHaveLength(2)
    expect(bodies.filter(r => forcedToolName(r) === 'answer_blocker')).toHaveLength(2)
    expect(JSON.stringify(asked[0]!.messages)).toContain('Task T2 failed')
    expect(JSON.stringify(asked[0]!.messages)).toContain('prompt is too long')

    // The revision is on record: plan v2 with its reason and changes, T2 dropped, T1 not redone.
    const state = JSON.parse(await runGit(e2e.repo.origin, 'show', STATE_FILE))
    expect(state.run).toMatchObject({ status: 'done', plan_version: 3 })
    expect(state.plan_history).toEqual([
      expect.objectContaining({
        version: 2,
        reason: expect.stringMatching(/^T2 failed: .*prompt is too long/),
        changes: ['changed T2: Banner formatter']
      }),
      expect.objectContaining({
        version: 3,
        reason: expect.stringMatching(/^T2 failed: /),
        changes: expect.arrayContaining(['added T2B (frontend-dev): Banner formatter, from scratch'])
      })
    ])
    const taskOf = (id: string) => state.tasks.find((t: { id: string }) => t.id === id)
    expect(taskOf('T2')).toMatchObject({
      state: 'dropped',
      attempts: 2,
      dropped_reason: expect.stringContaining('model error')
    })
    expect(taskOf('T1')).toMatchObject({ state: 'done', attempts: 1 })
    for (const id of ['T2B', 'T3', 'QA']) expect(taskOf(id)).toMatchObject({ state: 'done' })
    const merges = (await runGit(e2e.repo.origin, 'log', '--merges', '--format=%s', FEATURE_BRANCH)).split(
      '\n'
    )
    expect(merges.filter(s => s.startsWith('Merge T1:'))).toHaveLength(1)
    expect(merges.some(s => s.startsWith('Merge T2:'))).toBe(false)
    expect(await branchFiles(e2e.repo.origin, FEATURE_BRANCH)).toEqual(
      expect.arrayContaining(['src/banner.js', 'src/greeting-banner.js', 'test/greeting-banner.test.js'])
    )

    // The progress comment shows the new version and why it was made; the PR is ready.
    const [pull] = e2e.github.pulls()
    expect(e2e.github.pulls()).toHaveLength(1)
    expect(pull!.draft).toBe(false)
    const progress = e2e.github.comments(pull!.number).filter(c => c.body.includes('agent-team:progress'))
    expect(progress).toHaveLength(1)
    expect(progress[0]!.body).toContain('Plan v3 (2 revisions)')
    expect(progress[0]!.body).toContain('T2 failed')
    expect(result.outputs.tasks_total).toBe('4')
    expect(result.outputs.tasks_failed).toBe('0')
    expect(e2e.github.violations).toEqual([])
  })
})
