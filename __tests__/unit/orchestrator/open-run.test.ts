import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { openRun, type OpenRun } from '../../../src/orchestrator/open-run.js'
import { classifyEvent } from '../../../src/trigger/classify-event.js'
import type { RunRequest } from '../../../src/trigger/request.js'
import { startFakeGitHub, type FakeGitHub } from '../../harness/fake-github.js'
import { createTempRepo, type TempRepo } from '../../harness/git-repo.js'
import { labeledIssue } from '../../harness/webhook-payloads.js'
import { commandContext, DARK_MODE } from '../commands/command-ports.js'

/** Opening a run's state: where the team will build, found without asking GitHub when the event says it. */
describe('opening a run', () => {
  let github: FakeGitHub
  let repo: TempRepo

  beforeEach(async () => {
    ;[github, repo] = await Promise.all([startFakeGitHub({ defaultBranch: 'trunk' }), createTempRepo()])
  })

  afterEach(async () => {
    expect(github.violations).toEqual([])
    await Promise.all([github.close(), repo.cleanup()])
  })

  /** The request an `issues.labeled` event makes, with the payload's repository as `repository` says. */
  function labelled(repository: Record<string, unknown>): RunRequest {
    const issue = github.addIssue(DARK_MODE)
    const payload = labeledIssue({ number: issue, ...DARK_MODE })
    payload.repository = { ...payload.repository, ...repository }
    const decision = classifyEvent('issues', payload, { label: 'agent-team', triggerPhrase: '/agents' })
    if (decision.kind !== 'run') throw new Error(`not a run: ${JSON.stringify(decision)}`)
    return decision
  }

  async function open(request: RunRequest): Promise<OpenRun> {
    const { settings, ports } = commandContext(github, repo, Date.parse('2026-01-01T00:00:00Z'))
    const opened = await openRun(request, undefined, settings, ports)
    if ('status' in opened) throw new Error(`the run did not open: ${JSON.stringify(opened)}`)
    return opened
  }

  const repositoryReads = () => github.requests.filter(r => r.operationId === 'repos/get')

  it('takes the default branch from an issues.labeled payload, with no GET /repos/{owner}/{repo}', async () => {
    const opened = await open(labelled({ default_branch: 'develop' }))

    expect(opened.baseBranch).toBe('develop')
    expect(opened.keeper.state.run.base_branch).toBe('develop')
    expect(repositoryReads()).toEqual([])
  })

  it('asks GitHub when the payload names no default branch', async () => {
    const opened = await open(labelled({ default_branch: undefined }))

    expect(opened.baseBranch).toBe('trunk')
    expect(repositoryReads()).toHaveLength(1)
  })
})
