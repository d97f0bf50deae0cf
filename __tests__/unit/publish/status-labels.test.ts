import { afterEach, describe, expect, it } from '@jest/globals'
import { createOctokitForge } from '../../../src/github/octokit-forge.js'
import { showStatusLabel, STATUS_LABELS } from '../../../src/publish/status-labels.js'
import { silentLogger } from '../../../src/util/logger.js'
import { startFakeGitHub, type FakeGitHub } from '../../harness/fake-github.js'

/** The state label of an issue, set in as few calls as GitHub allows, against a fake that answers as GitHub does. */
describe('the status label', () => {
  let github: FakeGitHub | undefined

  afterEach(async () => {
    await github?.close()
    github = undefined
  })

  async function labelling(options: { labelsExist: boolean; carried?: string[] }) {
    github = await startFakeGitHub()
    if (options.labelsExist) for (const label of Object.values(STATUS_LABELS)) github.addLabel(label)
    const issue = github.addIssue({ title: 'Banner', labels: options.carried ?? [] })
    const forge = createOctokitForge({
      token: 'ghs_labels_test_token',
      repo: { owner: 'octo-org', repo: 'widgets' },
      baseUrl: github.url,
      logger: silentLogger,
      throttle: false
    })
    const calls = (): string[] => github!.requests.map(r => `${r.method} ${r.operationId}`)
    return { github, issue, ports: { forge, logger: silentLogger }, calls }
  }

  it('moves an issue from working to done in two calls', async () => {
    const { github, issue, ports, calls } = await labelling({
      labelsExist: true,
      carried: ['bug', STATUS_LABELS.working.name]
    })

    await showStatusLabel(ports, issue, 'done')

    expect(github.labels(issue)).toEqual(['bug', STATUS_LABELS.done.name])
    expect(calls()).toEqual(['POST issues/add-labels', 'DELETE issues/remove-label'])
  })

  it('labels an issue that carries no state label in one call', async () => {
    const { github, issue, ports, calls } = await labelling({ labelsExist: true, carried: ['bug'] })

    await showStatusLabel(ports, issue, 'running')

    expect(github.labels(issue)).toEqual(['bug', STATUS_LABELS.working.name])
    expect(calls()).toEqual(['POST issues/add-labels'])
  })

  it('gives the label its colour and meaning in a repository that lacked it', async () => {
    const { github, issue, ports, calls } = await labelling({ labelsExist: false })

    await showStatusLabel(ports, issue, 'running')

    expect(github.labels(issue)).toEqual([STATUS_LABELS.working.name])
    expect(github.repoLabels()).toEqual([STATUS_LABELS.working])
    expect(calls()).toEqual(['POST issues/add-labels', 'PATCH issues/update-label'])
  })

  it('leaves a colour someone chose alone', async () => {
    const { github, issue, ports, calls } = await labelling({ labelsExist: false })
    github.addLabel({ name: STATUS_LABELS.working.name, color: '000000' })

    await showStatusLabel(ports, issue, 'running')

    expect(github.repoLabels()).toEqual([
      { name: STATUS_LABELS.working.name, color: '000000', description: null }
    ])
    expect(calls()).toEqual(['POST issues/add-labels'])
  })

  it('takes every state label off for a plan nobody waits on', async () => {
    const { github, issue, ports, calls } = await labelling({
      labelsExist: true,
      carried: [STATUS_LABELS.waiting.name, 'bug']
    })

    await showStatusLabel(ports, issue, 'planned')

    expect(github.labels(issue)).toEqual(['bug'])
    expect(calls()).toEqual(['GET issues/get', 'DELETE issues/remove-label'])
  })

  it('logs a failure and does not throw: labels are a view of the run', async () => {
    const { github, issue, ports } = await labelling({ labelsExist: true })
    const warnings: string[] = []
    github.failNext({ method: 'POST', path: /\/labels$/, status: 403, message: 'Resource not accessible' })

    await showStatusLabel(
      { ...ports, logger: { ...silentLogger, warning: w => void warnings.push(w) } },
      issue,
      'done'
    )

    expect(warnings).toEqual([
      expect.stringMatching(/^Could not label #\d+ as done: .*Resource not accessible/)
    ])
  })
})
