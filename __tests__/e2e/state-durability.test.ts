import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { useE2e } from '../harness/e2e-fixture.js'
import { runGit } from '../harness/git-repo.js'
import { fourTaskPlan, isPlanCall, planReply } from '../harness/scripted-team.js'
import { labeledIssue } from '../harness/webhook-payloads.js'

/** The committed state under pressure: runners racing to push it, and a file someone broke by hand. */
describe('state on the agent-team/state branch (dist/index.js)', () => {
  const e2e = useE2e({
    anthropic: { latencyMs: 20 },
    // Never force: the origin refuses any rewrite of a branch, as a protected branch would.
    originConfig: { 'receive.denyNonFastForwards': 'true' }
  })
  let scratch: string

  beforeEach(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'agent-team-state-e2e-'))
  })

  afterEach(async () => {
    await rm(scratch, { recursive: true, force: true })
  })

  it('lands both commits when two runners push state at the same time', async () => {
    const second = join(scratch, 'second')
    await runGit(scratch, 'clone', '--quiet', e2e.repo.origin, second)
    // The second runner's checkout fetches and pushes over HTTP too (persist-credentials: false).
    await runGit(second, 'remote', 'set-url', 'origin', e2e.served.checkout.originUrl)
    const one = e2e.github.addIssue({ title: 'Greeting banner', body: 'x' })
    const two = e2e.github.addIssue({ title: 'Farewell banner', body: 'y' })
    e2e.anthropic.setHandler(request =>
      isPlanCall(request) ? planReply(fourTaskPlan()) : planReply(fourTaskPlan())
    )

    const run = (workspace: string, number: number, title: string) =>
      e2e.run({
        eventName: 'issues',
        payload: labeledIssue({ number, title, body: 'x' }),
        workspace,
        inputs: { mode: 'plan' }
      })
    const [a, b] = await Promise.all([
      run(e2e.repo.work, one, 'Greeting banner'),
      run(second, two, 'Farewell banner')
    ])

    expect([a.outputs.status, b.outputs.status]).toEqual(['planned', 'planned'])
    const tree = await runGit(e2e.repo.origin, 'ls-tree', '-r', '--name-only', 'agent-team/state')
    const files = tree.split('\n')
    expect(files).toEqual(
      expect.arrayContaining([
        `runs/issue-${one}/team-communication.json`,
        `runs/issue-${two}/team-communication.json`
      ])
    )
    const subjects = (await runGit(e2e.repo.origin, 'log', '--format=%s', 'agent-team/state')).split('\n')
    expect(subjects).toEqual(expect.arrayContaining([`issue-${one}: plan v1`, `issue-${two}: plan v1`]))
    expect(a.stdout + b.stdout).not.toContain('Could not commit the run state')
  })

  it('stops with a clear error when the committed state was broken by hand, spending nothing', async () => {
    // Someone edits the state branch and leaves invalid JSON behind.
    const editor = join(scratch, 'editor')
    await runGit(scratch, 'clone', '--quiet', e2e.repo.origin, editor)
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
    const issue = e2e.github.addIssue({ title: 'Greeting banner', body: 'x' })
    e2e.anthropic.setHandler(() => planReply(fourTaskPlan()))

    const result = await e2e.label(issue)

    expect(result.code).toBe(1)
    const error = result.stdout.split('\n').find(line => line.startsWith('::error::')) ?? ''
    expect(error).toContain('runs/issue-1/team-communication.json')
    expect(error).toMatch(/truncated|JSON/i)
    expect(error).toMatch(/delet|start over/i)
    expect(e2e.anthropic.requests).toHaveLength(0)
  })
})
