import { afterEach, describe, expect, it } from '@jest/globals'
import { E2e, FEATURE_BRANCH, GREETING_ISSUE } from '../harness/e2e-fixture.js'
import { toolUse, type MessagesRequest } from '../harness/fake-anthropic.js'
import { runGit } from '../harness/git-repo.js'
import { branchFiles } from '../harness/sample-project.js'
import {
  fourTaskPlan,
  GREETING_WORK,
  isPlanCall,
  planReply,
  scriptedAgent
} from '../harness/scripted-team.js'

const isAnswerCall = (request: MessagesRequest) =>
  (request.tool_choice as { name?: string } | undefined)?.name === 'answer_blocker'

/** The ways a team run can go other than straight: questions for people, budgets, conflicts. */
describe('team run edge cases (dist/index.js)', () => {
  // Each test starts the fixture with the files it is about.
  const e2e = new E2e()
  const setUp = (files: Record<string, string> = {}) => e2e.start({ files })

  afterEach(() => e2e.close())

  async function runLabelled(inputs: Record<string, string> = {}) {
    const issue = e2e.github.addIssue(GREETING_ISSUE)
    const result = await e2e.label(issue, { inputs, timeoutMs: 120_000 })
    return { issue, result }
  }

  it('posts a question the manager cannot answer on the issue; the task waits, independent work goes on', async () => {
    await setUp()
    const agent = scriptedAgent(GREETING_WORK, {
      T2: () => toolUse('report_blocker', { question: 'Which frame character does marketing want?' })
    })
    e2e.anthropic.setHandler(request => {
      if (isPlanCall(request)) return planReply(fourTaskPlan())
      if (isAnswerCall(request)) {
        return toolUse('answer_blocker', {
          can_answer: false,
          answer: '',
          question_for_humans: 'Which character should frame the greeting banner: * or #?'
        })
      }
      return agent(request)
    })

    const { issue, result } = await runLabelled()

    expect(result.outputs.status).toBe('waiting')
    expect(result.code).toBe(0)
    const question = e2e.github.comments(issue).find(c => c.body.includes('/agents answer T2'))
    expect(question?.body).toContain('Which character should frame the greeting banner')
    // T1 did not wait for T2: it is merged; T3 and QA depend on T2 and never started.
    expect(await branchFiles(e2e.repo.origin, FEATURE_BRANCH)).toContain('src/greet.js')
    expect(result.outputs.tasks_done).toBe('1')
    const pull = e2e.github.pulls()[0]!
    expect(pull.draft).toBe(true)
    const progress = e2e.github.comments(pull.number).filter(c => c.body.includes('agent-team:progress'))
    expect(progress).toHaveLength(1)
    expect(progress[0]!.body).toContain('Which character should frame the greeting banner')
  })

  it('stops tasks once the run-wide token budget is spent, keeping what was done', async () => {
    await setUp({ '.ai-agents/config.yml': 'limits:\n  token_budget: 2500\n  max_parallel: 1\n' })
    const agent = scriptedAgent(GREETING_WORK)
    e2e.anthropic.setHandler(request => (isPlanCall(request) ? planReply(fourTaskPlan()) : agent(request)))

    const { result } = await runLabelled()

    expect(['failed', 'partial']).toContain(result.outputs.status)
    expect(Number(result.outputs.tasks_failed)).toBeGreaterThanOrEqual(1)
    const pull = e2e.github.pulls()[0]!
    const progress = e2e.github.comments(pull.number).find(c => c.body.includes('agent-team:progress'))
    expect(progress?.body).toContain('token budget')
    // A task stops at the reply that crossed the budget; later tasks make no model call at all.
    const agentCalls = e2e.anthropic.requests.filter(r => !isPlanCall(r.body as MessagesRequest))
    expect(agentCalls.length).toBeLessThan(6)
    expect(pull.draft).toBe(true)
  })

  // Without checks a clean merge is made and landed with no worktree; a conflict still gets a trial.
  it.each([
    ['with the default check', {}],
    ['without checks', { '.ai-agents/config.yml': 'checks: []\n' }]
  ])(
    'resolves a merge conflict with an integration session and merges both tasks (%s)',
    async (_, config) => {
      await setUp({ 'src/names.js': 'export const names = []\n', ...config })
      const plan = fourTaskPlan({
        tasks: [
          {
            id: 'T1',
            title: 'Add Ada',
            role: 'backend-dev',
            description: 'x',
            deliverables: ['src/names.js'],
            dependencies: [],
            acceptance_criteria: ['x']
          },
          {
            id: 'T2',
            title: 'Add Grace',
            role: 'frontend-dev',
            description: 'x',
            deliverables: ['src/names.js'],
            dependencies: [],
            acceptance_criteria: ['x']
          }
        ]
      })
      const work = {
        T1: [{ path: 'src/names.js', content: "export const names = ['Ada']\n" }],
        T2: [{ path: 'src/names.js', content: "export const names = ['Grace']\n" }]
      }
      const agent = scriptedAgent(work)
      const integration = scriptedAgent({
        X: [{ path: 'src/names.js', content: "export const names = ['Ada', 'Grace']\n" }]
      })
      e2e.anthropic.setHandler(request => {
        if (isPlanCall(request)) return planReply(plan)
        if (JSON.stringify(request.messages[0]).includes('# Integration: merging')) {
          return integration({
            ...request,
            messages: [{ role: 'user', content: '# Your task: X — merge' }, ...request.messages.slice(1)]
          })
        }
        return agent(request)
      })

      const { result } = await runLabelled({ commit_author: 'Ada Lovelace <ada@example.com>' })

      expect(result.outputs.status).toBe('done')
      const merged = await runGit(e2e.repo.origin, 'show', `${FEATURE_BRANCH}:src/names.js`)
      expect(merged).toBe("export const names = ['Ada', 'Grace']")
      expect(merged).not.toContain('<<<<<<<')
      const merges = await runGit(e2e.repo.origin, 'log', '--merges', '--format=%s', FEATURE_BRANCH)
      expect(merges).toContain('Merge T1: Add Ada')
      expect(merges).toContain('Merge T2: Add Grace')
      // The agents' commits carry the configured author.
      expect(await runGit(e2e.repo.origin, 'log', '-1', '--format=%an <%ae>', `${FEATURE_BRANCH}--t1`)).toBe(
        'Ada Lovelace <ada@example.com>'
      )
    }
  )
})
