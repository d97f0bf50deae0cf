import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { startFollowUp } from '../../../src/orchestrator/follow-up.js'
import { dispatchCommand } from '../../../src/commands/dispatch-command.js'
import { openBranchStateStore } from '../../../src/state/branch-state-store.js'
import type { StateEvent } from '../../../src/state/events.js'
import { emptyRunState, type RunState } from '../../../src/state/run-state.js'
import type { FollowUpRequest } from '../../../src/trigger/request.js'
import { startFakeGitHub, type FakeGitHub } from '../../harness/fake-github.js'
import { commandContext, DARK_MODE, darkModeStarted } from '../commands/command-ports.js'
import { createTempRepo, runGit, testGitEnv, type TempRepo } from '../../harness/git-repo.js'
import { team } from '../planning/fixtures.js'
import { at, branchOf, planned, play, SHA1, taskRun } from '../state/fixtures.js'

const NOW = Date.parse(at(90))
const FEATURE = 'agent-team/1-add-dark-mode'

/**
 * What a review or comment on a PR finds: the run that owns the PR, through its branch and committed state.
 * Everything here is answered without a model: the model port throws if called.
 */
describe('startFollowUp', () => {
  let github: FakeGitHub
  let repo: TempRepo
  let issue: number
  let pull: number

  beforeEach(async () => {
    ;[github, repo] = await Promise.all([startFakeGitHub(), createTempRepo()])
    issue = github.addIssue(DARK_MODE)
    pull = github.addPull({ title: 'Add dark mode', body: 'Built by agent-team.', head: FEATURE })
  })

  afterEach(async () => {
    expect(github.violations).toEqual([])
    await Promise.all([github.close(), repo.cleanup()])
  })

  const context = () => ({ ...commandContext(github, repo, NOW), team: team({ dev: 'Writes code.' }) })

  /** The run of issue 1, committed after `events`, owning `pull` unless told otherwise. */
  async function seed(events: StateEvent[], owns = pull): Promise<RunState> {
    const started = darkModeStarted(issue, FEATURE)
    const opened: StateEvent = {
      type: 'pull_request_opened',
      at: at(2),
      number: owns,
      url: `https://github.com/octo-org/widgets/pull/${owns}`
    }
    const state = play([started, planned, opened, ...events], emptyRunState(`issue-${issue}`))
    const store = await openBranchStateStore({ repoDir: repo.work, env: testGitEnv })
    await store.save(state, `issue-${issue}: seed`)
    return state
  }

  const request = (fields: Partial<FollowUpRequest> = {}): FollowUpRequest => ({
    kind: 'follow-up',
    trigger: 'issue_comment',
    actor: 'octocat',
    actorIsBot: false,
    pullNumber: pull,
    ...fields
  })
  const replies = () => github.comments(pull).map(comment => comment.body)
  const stateCommits = () => runGit(repo.origin, 'rev-list', '--count', 'agent-team/state')
  const done: StateEvent[] = [
    ...taskRun('T1', 3, SHA1),
    ...taskRun('T2', 7, '2'.repeat(40)),
    ...taskRun('T3', 11, '3'.repeat(40)),
    { type: 'run_finished', at: at(20), status: 'done' }
  ]

  it('replies when no committed run owns the PR, and commits nothing', async () => {
    const outcome = await startFollowUp(request({ text: 'add docs' }), context())
    expect(outcome.kind).toBe('replied')
    expect(replies()[0]).toContain('no committed state of run issue-1 was found for pull request')
  })

  it('refuses a branch whose run owns another PR: the state is the proof, not the branch name', async () => {
    await seed(done, pull + 100)
    await startFollowUp(request({ text: 'add docs' }), context())
    expect(replies()[0]).toContain('run issue-1 does not own pull request #\u200b2')
  })

  it('asks to wait while the team is still working', async () => {
    await seed([{ type: 'task_started', at: at(3), taskId: 'T1', branch: branchOf('T1'), attempt: 1 }])
    const before = await stateCommits()
    await startFollowUp(request({ text: 'add docs' }), context())
    expect(replies()[0]).toContain('The team is still working on this pull request (round 1)')
    expect(await stateCommits()).toBe(before)
  })

  it('answers a bare /agents run on a done run with the ways to ask for more', async () => {
    await seed(done)
    const outcome = await startFollowUp(request(), context())
    expect(outcome.kind).toBe('replied')
    expect(replies()[0]).toContain('`/agents run <what to change>`')
  })

  it('resumes an unfinished run on a bare /agents run, failed tasks queued again, merged ones kept', async () => {
    await seed([
      ...taskRun('T1', 3, SHA1),
      { type: 'task_started', at: at(7), taskId: 'T2', branch: branchOf('T2'), attempt: 1 },
      { type: 'task_failed', at: at(8), taskId: 'T2', reason: 'tests fail' },
      { type: 'run_finished', at: at(9), status: 'partial', error: 'T2 failed' }
    ])
    const outcome = await startFollowUp(request(), context())
    if (outcome.kind !== 'continue') throw new Error(`expected continue, got ${outcome.kind}`)
    expect(outcome.state.run.status).toBe('running')
    expect(outcome.state.tasks.map(task => [task.id, task.state])).toEqual([
      ['T1', 'done'],
      ['T2', 'queued'],
      ['T3', 'queued']
    ])
  })

  it('skips a review that an earlier round already took up', async () => {
    await seed([
      ...done,
      {
        type: 'round_started',
        at: at(30),
        round: 2,
        trigger: 'review',
        actor: 'reviewer',
        reviewId: 77,
        request: 'fix',
        comments: []
      },
      { type: 'run_interrupted', at: at(31), reason: 'cancelled' }
    ])
    const outcome = await startFollowUp(
      request({
        trigger: 'pull_request_review',
        review: { id: 77, body: 'fix', state: 'changes_requested' }
      }),
      context()
    )
    expect(outcome).toEqual({ kind: 'skipped', reason: 'skipped: already taken up in round 2' })
    expect(replies()).toEqual([])
  })

  it('does not take up again a line comment an earlier round took up through its own event', async () => {
    const review = github.submitReview(pull, {
      user: 'reviewer',
      state: 'CHANGES_REQUESTED',
      comments: [{ path: 'src/a.ts', line: 1, body: '/agents rename this' }]
    })
    const [comment] = review.comments
    await seed([
      ...done,
      {
        type: 'round_started',
        at: at(30),
        round: 2,
        trigger: 'review_comment',
        actor: 'reviewer',
        request: comment!.body,
        comments: [
          {
            id: comment!.id,
            threadRoot: comment!.id,
            path: 'src/a.ts',
            line: 1,
            author: 'reviewer',
            body: comment!.body
          }
        ]
      },
      { type: 'run_interrupted', at: at(31), reason: 'cancelled' }
    ])
    const outcome = await startFollowUp(
      request({
        trigger: 'pull_request_review',
        review: { id: review.reviewId, body: '', state: 'changes_requested' }
      }),
      context()
    )
    expect(outcome).toEqual({
      kind: 'skipped',
      reason: 'skipped: its comments were taken up in an earlier round'
    })
  })

  it('lets a command on the PR act on the run that owns it', async () => {
    await seed(done)
    const commentId = github.addComment(pull, { body: '/agents status', user: 'octocat' })
    const outcome = await dispatchCommand(
      {
        kind: 'command',
        trigger: 'issue_comment',
        command: { name: 'status' },
        actor: 'octocat',
        actorIsBot: false,
        issueNumber: pull,
        commentId,
        onPullRequest: true
      },
      context()
    )
    expect(outcome.kind).toBe('replied')
    const status = github.comments(pull).find(comment => comment.body.includes('agent-team:status'))
    expect(status?.body).toContain('Add dark mode')
    expect(status?.body).toContain('T3')
  })
})
