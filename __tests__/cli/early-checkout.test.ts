import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { createServer, type Server } from 'node:net'
import { startFakeAnthropic, type FakeAnthropic } from '../harness/fake-anthropic.js'
import type { TempRepo } from '../harness/git-repo.js'
import { sampleRepo } from '../harness/sample-project.js'
import { isPlanCall, planReply, planTask, scriptedAgent } from '../harness/scripted-team.js'
import { cliEnv, runCliHere } from './cli-harness.js'

const GREETING = { T1: [{ path: 'src/hello.js', content: 'export const hello = () => "Hello!"\n' }] }
const ONE_TASK = {
  summary: 'Add a hello module.',
  decisions: ['One module under src/'],
  tasks: [planTask('T1', 'backend-dev', 'Hello module', [], ['src/hello.js'])]
}

/**
 * A fresh run makes its feature branch's checkout, and installs the dependencies there, while the manager
 * plans (orchestrator/early-checkout.ts); a run whose plan fails leaves none of it behind.
 */
describe('the checkout made while the manager plans', () => {
  let repo: TempRepo | undefined
  let anthropic: FakeAnthropic | undefined
  let registry: Server | undefined

  beforeEach(() => {
    repo = undefined
    anthropic = undefined
    registry = undefined
  })
  afterEach(async () => {
    await anthropic?.close()
    await new Promise(resolve => (registry ? registry.close(resolve) : resolve(undefined)))
    await repo?.cleanup()
  })

  const run = (work: string, root: string, url: string) =>
    runCliHere(['run', 'Hello module', '--sandbox', 'bubblewrap'], {
      cwd: work,
      env: cliEnv(root, { ANTHROPIC_API_KEY: 'sk-ant-test-0123456789', ANTHROPIC_BASE_URL: url })
    })

  it('installs the dependencies before the plan has come back', async () => {
    // The install reaches this "registry" on the loopback; the plan's reply waits until it has (or 20 s).
    let installed: () => void = () => undefined
    const reached = new Promise<void>(resolve => (installed = resolve))
    registry = createServer(socket => {
      installed()
      socket.end()
    })
    await new Promise<void>(resolve => registry!.listen(0, '127.0.0.1', resolve))
    const port = (registry.address() as { port: number }).port
    const install = `require('net').connect(${port}, '127.0.0.1').on('connect', () => process.exit(0))
      .on('error', () => process.exit(1))\n`
    repo = await sampleRepo({
      'install.cjs': install,
      '.ai-agents/config.yml': 'checks: []\nsandbox:\n  setup: ["node install.cjs"]\n'
    })
    let installedFirst: boolean | undefined
    const agent = scriptedAgent(GREETING)
    anthropic = await startFakeAnthropic({
      handler: async request => {
        if (!isPlanCall(request)) return agent(request)
        installedFirst = await Promise.race([
          reached.then(() => true),
          new Promise<boolean>(resolve => setTimeout(() => resolve(false), 20_000))
        ])
        return planReply(ONE_TASK)
      }
    })

    const result = await run(repo.work, repo.root, anthropic.url)

    expect(installedFirst).toBe(true)
    expect(result.stderr).toContain('sandbox.setup: node install.cjs (with network, no secrets)')
    expect(result.code).toBe(0)
    const feature = (await repo.git(repo.work, 'for-each-ref', '--format=%(refname:short)', 'refs/heads'))
      .split('\n')
      .find(name => /^agent-team\/req-[0-9a-f]{8}-hello-module$/.test(name)) as string
    expect(await repo.git(repo.work, 'show', `${feature}:src/hello.js`)).toContain('Hello!')
  }, 60_000)

  it('leaves no feature branch and no worktree when the plan cannot be made', async () => {
    repo = await sampleRepo({ '.ai-agents/config.yml': 'checks: []\n' })
    // Every plan names a dependency that does not exist: the repairs fail too, and the run ends failed.
    const broken = {
      ...ONE_TASK,
      tasks: [planTask('T1', 'backend-dev', 'Hello module', ['T9'], ['src/a.js'])]
    }
    anthropic = await startFakeAnthropic({ handler: () => planReply(broken) })

    const result = await run(repo.work, repo.root, anthropic.url)

    expect(result.code).not.toBe(0)
    expect(result.stderr).toMatch(/T9/)
    expect(result.stderr).not.toContain('Could not remove')
    const branches = await repo.git(repo.work, 'for-each-ref', '--format=%(refname:short)', 'refs/heads')
    expect(branches.split('\n').filter(name => name.startsWith('agent-team/req-'))).toEqual([])
    expect((await repo.git(repo.work, 'worktree', 'list', '--porcelain')).match(/^worktree /gm)).toHaveLength(
      1
    )
    expect(await repo.git(repo.work, 'status', '--porcelain')).toBe('')
  }, 60_000)
})
