import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import type { Model } from '../../../src/models/model.js'
import { dispatchCommand, type CommandOutcome } from '../../../src/commands/dispatch-command.js'
import { planMarker } from '../../../src/github/markers.js'
import { openBranchStateStore } from '../../../src/state/branch-state-store.js'
import type { StateEvent } from '../../../src/state/events.js'
import { emptyRunState, type RunState } from '../../../src/state/run-state.js'
import type { StateStore } from '../../../src/state/state-store.js'
import type { AgentCommand } from '../../../src/trigger/request.js'
import { startFakeGitHub, type FakeGitHub } from '../../harness/fake-github.js'
import { fakeModel, toolUseReply } from '../../harness/fake-model.js'
import { createTempRepo, runGit, testGitEnv, type TempRepo } from '../../harness/git-repo.js'
import { task, team } from '../planning/fixtures.js'
import { commandContext, DARK_MODE, darkModeStarted, postCommand } from './command-ports.js'
import { at, planned, play } from '../state/fixtures.js'

const STATE_BRANCH = 'agent-team/state'
const NOW = Date.parse(at(90))
const TEAM = team({ backend: 'The API.', frontend: 'The UI.', qa: 'The tests.' })

/** `/agents approve`, `revise` and `stop` on a plan waiting for approval: fake GitHub, a real state branch. */
describe('approval commands', () => {
  let github: FakeGitHub
  let repo: TempRepo
  let issue: number
  let store: StateStore
  let manager: Model | undefined

  beforeEach(async () => {
    ;[github, repo] = await Promise.all([startFakeGitHub(), createTempRepo()])
    github.setPermission('octocat', 'write')
    issue = github.addIssue(DARK_MODE)
    store = await openBranchStateStore({ repoDir: repo.work, env: testGitEnv })
    manager = undefined
  })

  afterEach(async () => {
    expect(github.violations).toEqual([])
    await Promise.all([github.close(), repo.cleanup()])
  })

  const context = () =>
    commandContext(github, repo, NOW, { model: () => manager, settings: { approval: 'plan' } })

  async function command(
    text: string,
    parsed: Exclude<AgentCommand, { name: 'run' }>
  ): Promise<CommandOutcome> {
    return dispatchCommand(postCommand(github, issue, text, parsed), { ...context(), team: TEAM })
  }

  /** A run whose plan waits for approval, its plan comment posted by the engine, committed. */
  async function seedWaiting(...events: StateEvent[]): Promise<{ state: RunState; planCommentId: number }> {
    const comment = await context().ports.forge.createComment(issue, `${planMarker(issue)}\nPlan v1`)
    const started = darkModeStarted(issue)
    const state = play(
      [
        started,
        planned,
        { type: 'comment_owned', at: at(1), kind: 'plan', id: comment.id, url: comment.htmlUrl },
        { type: 'approval_requested', at: at(1) },
        ...events
      ],
      emptyRunState(`issue-${issue}`)
    )
    await store.save(state, `issue-${issue}: seed`)
    return { state, planCommentId: comment.id }
  }

  const stateCommits = async () => Number(await runGit(repo.origin, 'rev-list', '--count', STATE_BRANCH))
  const committed = async () =>
    (await openBranchStateStore({ repoDir: repo.work, env: testGitEnv })).load(`issue-${issue}`)
  const replies = () => github.comments(issue).filter(comment => comment.body.includes('agent-team:reply'))

  describe('approve', () => {
    it('records who approved the plan and hands the committed plan on to be built, without a model call', async () => {
      await seedWaiting()
      const commits = await stateCommits()

      const outcome = await command('approve', { name: 'approve' })

      if (outcome.kind !== 'continue') throw new Error(`expected continue, got ${JSON.stringify(outcome)}`)
      expect(outcome.reason).toBe('@octocat approved plan v1')
      expect(outcome.state.run.status).toBe('running')
      expect(outcome.state.run.approval).toMatchObject({ approved_by: 'octocat' })
      expect(outcome.state.tasks.every(t => t.state === 'queued')).toBe(true)
      expect(await committed()).toEqual(outcome.state)
      expect(await stateCommits()).toBe(commits + 1)
      expect(replies()).toEqual([])
    })

    it('refuses a run that is not waiting for approval, saying what it is doing, and commits nothing', async () => {
      await seedWaiting({ type: 'plan_approved', at: at(2), by: 'hubot' })
      const commits = await stateCommits()

      const outcome = await command('approve', { name: 'approve' })

      expect(outcome.kind).toBe('replied')
      expect(replies()[0]!.body).toContain(
        'There is no plan waiting for approval: the run is already building'
      )
      expect(await stateCommits()).toBe(commits)
    })
  })

  describe('revise', () => {
    it("commits the manager's new version, edits the plan comment to show it, and replies with the change", async () => {
      const { planCommentId } = await seedWaiting()
      const model = fakeModel([
        toolUseReply(
          'revise_plan',
          {
            change: 'Dropped the browser tests, as asked; <b>T2</b> tests the toggle itself.',
            summary: 'The API, then the toggle with its own tests.',
            decisions: [],
            tasks: [
              task('T1', [], { role: 'backend', title: 'Store the theme preference' }),
              task('T2', ['T1'], { role: 'frontend', title: 'Theme toggle, tested' })
            ],
            dropped: [{ id: 'T3', reason: 'asked to drop the QA task' }]
          },
          { inputTokens: 1200, outputTokens: 300 }
        )
      ])
      manager = model

      const outcome = await command('revise drop the QA task', { name: 'revise', text: 'drop the QA task' })

      expect(outcome.kind).toBe('replied')
      expect(model.requests).toHaveLength(1)
      expect(JSON.stringify(model.requests[0]!.messages)).toContain('@octocat asked for a new version')
      const state = (await committed()) as RunState
      expect(state.run.status).toBe('awaiting_approval')
      expect(state.run.plan_version).toBe(2)
      expect(state.plan_history?.[0]).toMatchObject({
        version: 2,
        reason: '@octocat asked: drop the QA task'
      })
      expect(state.tasks.find(t => t.id === 'T3')).toMatchObject({
        state: 'dropped',
        dropped_reason: 'asked to drop the QA task'
      })
      expect(state.manager_usage.input_tokens).toBeGreaterThanOrEqual(1200)
      // The plan comment is edited in place, not posted again.
      const plans = github.comments(issue).filter(c => c.body.includes(planMarker(issue)))
      expect(plans).toHaveLength(1)
      expect(plans[0]!.id).toBe(planCommentId)
      expect(plans[0]!.body).toContain('Plan v2')
      expect(plans[0]!.body).toContain('octocat asked: drop the QA task')
      expect(plans[0]!.body).toContain('dropped T3: asked to drop the QA task')
      // The manager's words are escaped: no markup of theirs reaches the issue.
      const [answer] = replies()
      expect(answer!.body).toContain('**Plan v2**: Dropped the browser tests, as asked')
      expect(answer!.body).not.toContain('<b>')
      expect(answer!.body).toContain('`/agents approve`')
    })

    it('keeps the plan when the manager cannot make a valid version, says why, and records what it cost', async () => {
      await seedWaiting()
      // T3 is neither kept nor dropped, in every attempt.
      const invalid = toolUseReply(
        'revise_plan',
        {
          change: 'x',
          summary: 'y',
          tasks: [task('T1', [], { role: 'backend' }), task('T2', ['T1'], { role: 'frontend' })]
        },
        { inputTokens: 100, outputTokens: 10 }
      )
      manager = fakeModel([invalid, invalid, invalid])
      const commits = await stateCommits()

      const outcome = await command('revise no QA', { name: 'revise', text: 'no QA' })

      expect(outcome.kind).toBe('replied')
      expect(replies()[0]!.body).toContain('The plan was not changed')
      expect(replies()[0]!.body).toContain('T3 (queued) is neither in tasks nor in dropped')
      expect(await stateCommits()).toBe(commits + 1)
      const after = await committed()
      expect(after?.run.plan_version).toBe(1)
      expect(after?.run.status).toBe('awaiting_approval')
      expect(after?.tasks.map(t => t.id)).toEqual(['T1', 'T2', 'T3'])
      expect(after?.manager_usage.input_tokens).toBeGreaterThanOrEqual(300)
    })

    it('refuses a run that is not waiting for approval, without asking the manager', async () => {
      await seedWaiting({ type: 'plan_approved', at: at(2), by: 'hubot' })

      const outcome = await command('revise smaller tasks', { name: 'revise', text: 'smaller tasks' })

      expect(outcome.kind).toBe('replied')
      expect(replies()[0]!.body).toContain('Only a plan waiting for approval can be revised')
    })
  })

  describe('stop', () => {
    it('records a waiting plan as stopped itself, labels the issue and replies, as no run is going', async () => {
      await seedWaiting()

      const outcome = await command('stop', { name: 'stop' })

      expect(outcome.kind).toBe('replied')
      const state = (await committed()) as RunState
      expect(state.run).toMatchObject({ status: 'stopped', stop_reason: 'stopped by @octocat' })
      expect(github.labels(issue)).toContain('agent-team:stopped')
      expect(replies()[0]!.body).toContain('the plan was not approved and no agent ran')
    })
  })
})
