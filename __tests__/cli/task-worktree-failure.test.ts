import { afterEach, describe, expect, it } from '@jest/globals'
import { startFakeAnthropic, type FakeAnthropic } from '../harness/fake-anthropic.js'
import type { TempRepo } from '../harness/git-repo.js'
import { sampleRepo } from '../harness/sample-project.js'
import { isPlanCall, planReply, planTask, scriptedAgent } from '../harness/scripted-team.js'
import { cliEnv, runCliHere } from './cli-harness.js'

/**
 * A task whose worktree cannot be made fails with git's reason, on record, while its first reply (asked for
 * before the worktree existed) is not left waiting; the rest of the team goes on.
 */
describe('a task worktree that cannot be made', () => {
  let repo: TempRepo | undefined
  let anthropic: FakeAnthropic | undefined

  afterEach(async () => {
    await anthropic?.close()
    await repo?.cleanup()
  })

  it('fails that task with the reason and merges the others', async () => {
    repo = await sampleRepo({ '.ai-agents/config.yml': 'checks: []\ncoordination:\n  max_iterations: 0\n' })
    const plan = {
      summary: 'Two independent modules.',
      decisions: ['Modules under src/'],
      tasks: [
        planTask('T1', 'backend-dev', 'First module', [], ['src/first.js']),
        planTask('T2', 'frontend-dev', 'Second module', [], ['src/second.js'])
      ]
    }
    const agent = scriptedAgent({
      T1: [{ path: 'src/first.js', content: 'export const first = 1\n' }],
      T2: [{ path: 'src/second.js', content: 'export const second = 2\n' }]
    })
    anthropic = await startFakeAnthropic({
      handler: async request => {
        if (isPlanCall(request)) {
          // The feature branch exists by now (it is made while the manager plans). A branch named as if T1's
          // were a folder makes git refuse to create T1's branch, and so its worktree, and nothing else.
          const [feature] = await waitFor(async () =>
            (
              await repo!.git(
                repo!.work,
                'for-each-ref',
                '--format=%(refname:short)',
                'refs/heads/agent-team/'
              )
            )
              .split('\n')
              .filter(name => name.includes('-two-modules'))
          )
          await repo!.git(repo!.work, 'branch', `${feature!}--t1/in-the-way`, 'main')
          return planReply(plan)
        }
        return agent(request)
      }
    })

    const result = await runCliHere(['run', 'Two modules', '--sandbox', 'bubblewrap'], {
      cwd: repo.work,
      env: cliEnv(repo.root, {
        ANTHROPIC_API_KEY: 'sk-ant-test-0123456789',
        ANTHROPIC_BASE_URL: anthropic.url
      })
    })

    // T1 failed with git's reason, on record; T2 was built and merged all the same.
    expect(result.code).not.toBe(0)
    expect(result.stderr).toMatch(/T1 failed \(backend-dev\): .*in-the-way' exists; cannot create/)
    expect(result.stdout).toMatch(/T2 +done/)
    const feature = (await repo.git(repo.work, 'for-each-ref', '--format=%(refname:short)', 'refs/heads'))
      .split('\n')
      .find(name => /^agent-team\/req-[0-9a-f]{8}-two-modules$/.test(name)) as string
    const files = await repo.git(repo.work, 'ls-tree', '-r', '--name-only', feature, 'src')
    expect(files).toContain('src/second.js')
    expect(files).not.toContain('src/first.js')
    // T1's first reply, asked for while its worktree was being made, was spent and is charged to it.
    expect(result.stdout).toMatch(/T1 +failed +backend-dev +\S+ +[\d.]+k \/ \d+ tok/)
    expect(anthropic.requests.filter(r => JSON.stringify(r.body).includes('# Your task: T1 '))).toHaveLength(
      1
    )
  }, 60_000)
})

/** Retries `read` until it resolves to a non-empty list (or 10 s pass). */
async function waitFor(read: () => Promise<string[]>): Promise<string[]> {
  for (let tries = 0; tries < 200; tries++) {
    const found = await read().catch(() => [] as string[])
    if (found.length > 0) return found
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  throw new Error('nothing appeared')
}
