import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startFakeAnthropic, type FakeAnthropic } from '../harness/fake-anthropic.js'
import { startFakeGitHub, type FakeGitHub } from '../harness/fake-github.js'
import { runGit, type TempRepo } from '../harness/git-repo.js'
import { bareBranchHooks } from '../harness/bare-compare.js'
import { serveOverHttp, type ServedCheckout } from '../harness/http-checkout.js'
import { DEFAULT_GITHUB_TOKEN, runAction } from '../harness/run-action.js'
import { sampleRepo } from '../harness/sample-project.js'
import { fourTaskPlan, isPlanCall, planReply } from '../harness/scripted-team.js'
import { labeledIssue } from '../harness/webhook-payloads.js'

/** The committed state under pressure: runners racing to push it, and a file someone broke by hand. */
describe('state on the agent-team/state branch (dist/index.js)', () => {
  let github: FakeGitHub
  let anthropic: FakeAnthropic
  let repo: TempRepo
  let served: ServedCheckout
  let scratch: string

  beforeEach(async () => {
    repo = await sampleRepo()
    // The origin speaks smart HTTP; the checkout holds what actions/checkout v6 stores.
    served = await serveOverHttp(repo, { token: DEFAULT_GITHUB_TOKEN })
    github = await startFakeGitHub({ ...bareBranchHooks(repo.origin) })
    anthropic = await startFakeAnthropic({ minCacheableTokens: 16, latencyMs: 20 })
    github.setPermission('octocat', 'write')
    scratch = await mkdtemp(join(tmpdir(), 'agent-team-state-e2e-'))
    // Never force: the origin refuses any rewrite of a branch, as a protected branch would.
    await runGit(repo.origin, 'config', 'receive.denyNonFastForwards', 'true')
  })

  afterEach(async () => {
    await Promise.all([
      github.close(),
      anthropic.close(),
      served.close(),
      repo.cleanup(),
      rm(scratch, { recursive: true, force: true })
    ])
  })

  it('lands both commits when two runners push state at the same time', async () => {
    const second = join(scratch, 'second')
    await runGit(scratch, 'clone', '--quiet', repo.origin, second)
    // The second runner's checkout fetches and pushes over HTTP too (persist-credentials: false).
    await runGit(second, 'remote', 'set-url', 'origin', served.checkout.originUrl)
    const one = github.addIssue({ title: 'Greeting banner', body: 'x' })
    const two = github.addIssue({ title: 'Farewell banner', body: 'y' })
    anthropic.setHandler(request =>
      isPlanCall(request) ? planReply(fourTaskPlan()) : planReply(fourTaskPlan())
    )

    const run = (workspace: string, number: number, title: string) =>
      runAction({
        eventName: 'issues',
        payload: labeledIssue({ number, title, body: 'x' }),
        githubUrl: github.url,
        anthropicUrl: anthropic.url,
        workspace,
        origin: served,
        inputs: { mode: 'plan' }
      })
    const [a, b] = await Promise.all([
      run(repo.work, one, 'Greeting banner'),
      run(second, two, 'Farewell banner')
    ])

    expect([a.outputs.status, b.outputs.status]).toEqual(['planned', 'planned'])
    const files = (await runGit(repo.origin, 'ls-tree', '-r', '--name-only', 'agent-team/state')).split('\n')
    expect(files).toEqual(
      expect.arrayContaining([
        `runs/issue-${one}/team-communication.json`,
        `runs/issue-${two}/team-communication.json`
      ])
    )
    const subjects = (await runGit(repo.origin, 'log', '--format=%s', 'agent-team/state')).split('\n')
    expect(subjects).toEqual(expect.arrayContaining([`issue-${one}: plan v1`, `issue-${two}: plan v1`]))
    expect(a.stdout + b.stdout).not.toContain('Could not commit the run state')
  })

  it('stops with a clear error when the committed state was broken by hand, spending nothing', async () => {
    // Someone edits the state branch and leaves invalid JSON behind.
    const editor = join(scratch, 'editor')
    await runGit(scratch, 'clone', '--quiet', repo.origin, editor)
    await runGit(editor, 'checkout', '--quiet', '--orphan', 'agent-team/state')
    await runGit(editor, 'rm', '-r', '--quiet', '--cached', '.')
    await mkdir(join(editor, 'runs', 'issue-1'), { recursive: true })
    await writeFile(
      join(editor, 'runs', 'issue-1', 'team-communication.json'),
      '{ "schema_version": 1, "run": { "key": "issue-1", '
    )
    await runGit(editor, 'add', 'runs')
    await runGit(
      editor,
      '-c',
      'user.name=Editor',
      '-c',
      'user.email=e@example.com',
      'commit',
      '--quiet',
      '-m',
      'hand edit'
    )
    await runGit(editor, 'push', '--quiet', 'origin', 'agent-team/state')
    const issue = github.addIssue({ title: 'Greeting banner', body: 'x' })
    anthropic.setHandler(() => planReply(fourTaskPlan()))

    const result = await runAction({
      eventName: 'issues',
      payload: labeledIssue({ number: issue, title: 'Greeting banner', body: 'x' }),
      githubUrl: github.url,
      anthropicUrl: anthropic.url,
      workspace: repo.work,
      origin: served
    })

    expect(result.code).toBe(1)
    const error = result.stdout.split('\n').find(line => line.startsWith('::error::')) ?? ''
    expect(error).toContain('runs/issue-1/team-communication.json')
    expect(error).toMatch(/truncated|JSON/i)
    expect(error).toMatch(/delet|start over/i)
    expect(anthropic.requests).toHaveLength(0)
  })
})
