import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import type { Forge } from '../../src/github/forge.js'
import { createOctokitForge } from '../../src/github/octokit-forge.js'
import { silentLogger } from '../../src/util/logger.js'
import { E2e } from './e2e-fixture.js'
import { runGit } from './git-repo.js'
import { checkoutServedOrigin } from './http-checkout.js'
import { DEFAULT_GITHUB_TOKEN } from './run-action.js'
import {
  startRunnerSimulator,
  type RunnerSimulator,
  type RunnerSimulatorOptions,
  type SimulatedJob
} from './runner-simulator.js'

/** Reports what the runner gave it, waits at the gate, and may dispatch the next task (see the script). */
const STAND_IN = resolve(import.meta.dirname ?? process.cwd(), 'stand-in-action.mjs')

const WORKFLOW = `name: agents
on:
  workflow_dispatch:
    inputs:
      mode: { required: true }
      task: { required: true }
      run_key: { required: true }
      next: { required: false }
`

/**
 * An HTTP gate the stand-in waits at: a job's request is held until the test releases that job, and the
 * test can await a job's arrival, so concurrency is observed through events rather than sleeps.
 */
async function startGate() {
  const held = new Map<string, ServerResponse>()
  const waiting = new Map<string, () => void>()
  const server = createServer((req, res) => {
    const runId = req.url!.slice(1)
    held.set(runId, res)
    waiting.get(runId)?.()
  })
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Resolves once the job with this run id waits at the gate. */
    arrived: (runId: string) =>
      new Promise<void>(done => (held.has(runId) ? done() : waiting.set(runId, done))),
    /** Whether the job with this run id has reached the gate. */
    reached: (runId: string) => held.has(runId),
    release: (runId: string) => held.get(runId)!.end('go'),
    close: () =>
      new Promise<void>(done => {
        server.closeAllConnections()
        server.close(() => done())
      })
  }
}

describe('runner simulator', () => {
  const e2e = new E2e({ files: { '.github/workflows/agents.yml': WORKFLOW } })
  let started: RunnerSimulator | undefined
  let gate: Awaited<ReturnType<typeof startGate>>
  let forge: Forge

  beforeEach(async () => {
    await e2e.start()
    gate = await startGate()
    forge = createOctokitForge({
      token: DEFAULT_GITHUB_TOKEN,
      repo: { owner: 'octo-org', repo: 'widgets' },
      baseUrl: e2e.github.url,
      logger: silentLogger,
      retryBaseMs: 1,
      throttle: false
    })
  })

  // The simulator goes first: its jobs talk to the fixture's servers until they are killed.
  afterEach(async () => {
    await started?.close()
    started = undefined
    await gate.close()
    const violations = e2e.github.violations
    await e2e.close()
    expect(violations).toEqual([])
  })

  const dispatch = (task: string, extra: Record<string, string> = {}, ref = 'main') =>
    forge.dispatchWorkflow({
      workflow: 'agents.yml',
      ref,
      inputs: { mode: 'task', task, run_key: 'issue-1', ...extra }
    })

  /** A simulator on the fixture whose jobs run the stand-in, closed after the test. */
  const simulate = (options: Omit<RunnerSimulatorOptions, 'e2e' | 'entry'> = {}): RunnerSimulator =>
    (started = startRunnerSimulator({ e2e, entry: STAND_IN, ...options }))

  /** The job of the n-th dispatch, once the simulator has it. */
  const job = (n: number): SimulatedJob => started!.jobs[n - 1]!

  it('runs a dispatched job in a checkout of its own at the dispatched ref, with a runner’s event and environment', async () => {
    const simulator = simulate()
    const { origin, work } = e2e.repo
    await runGit(work, 'checkout', '--quiet', '-b', 'agent-team/1-greeting-banner')
    await runGit(work, 'commit', '--quiet', '--allow-empty', '-m', 'Task T1')
    await runGit(work, 'push', '--quiet', origin, 'HEAD:refs/heads/agent-team/1-greeting-banner')
    const sha = await runGit(work, 'rev-parse', 'HEAD')

    await dispatch('T2', {}, 'agent-team/1-greeting-banner')
    await simulator.idle()

    expect(simulator.jobs).toHaveLength(1)
    const { result, runId, group, inputs } = job(1)
    expect([runId, group, inputs]).toEqual([
      '5001',
      'issue-1-T2',
      { mode: 'task', task: 'T2', run_key: 'issue-1' }
    ])
    expect(result).toMatchObject({ code: 0, signal: null })
    const outputs = result!.outputs
    expect(outputs).toMatchObject({
      event: 'workflow_dispatch',
      run_id: '5001',
      run_attempt: '1',
      workflow_ref: 'octo-org/widgets/.github/workflows/agents.yml@refs/heads/agent-team/1-greeting-banner',
      ref: 'refs/heads/agent-team/1-greeting-banner',
      sha,
      actor: 'github-actions[bot]'
    })
    expect(JSON.parse(outputs.payload!)).toEqual({
      ref: 'refs/heads/agent-team/1-greeting-banner',
      workflow: '.github/workflows/agents.yml',
      inputs: { mode: 'task', task: 'T2', run_key: 'issue-1' },
      sender: { login: 'github-actions[bot]', type: 'Bot' },
      default_branch: 'main'
    })
    expect(JSON.parse(outputs.inputs!)).toMatchObject({ mode: 'task', task: 'T2', run_key: 'issue-1' })

    // Its own clone, on the branch, reaching the origin over HTTP with the credentials checkout leaves.
    const workspace = outputs.workspace!
    expect(workspace).not.toBe(work)
    expect(await runGit(workspace, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('agent-team/1-greeting-banner')
    expect(await runGit(workspace, 'remote', 'get-url', 'origin')).toBe(
      `${e2e.served.serverUrl}/octo-org/widgets`
    )
    await runGit(workspace, 'fetch', '--quiet', 'origin')
  })

  it('runs one job per concurrency group: a second waits, a third replaces the waiting second', async () => {
    const simulator = simulate({ baseInputs: { gate: gate.url } })

    await dispatch('T2')
    await gate.arrived('5001')
    await dispatch('T2')
    await dispatch('T2')
    await dispatch('T3')
    await gate.arrived('5004') // another group runs at once
    expect(job(2).cancelled).toBe(true)
    expect(job(2).result).toMatchObject({ code: null, signal: null, outputs: {} })
    expect(job(3).result).toBeUndefined()
    expect(gate.reached('5003')).toBe(false)

    gate.release('5001')
    await job(1).done
    await gate.arrived('5003') // the waiting job starts when the running one ends
    gate.release('5003')
    gate.release('5004')
    await simulator.idle()

    expect(simulator.jobs.map(j => [j.id, j.group, j.cancelled, j.result?.code])).toEqual([
      [1, 'issue-1-T2', false, 0],
      [2, 'issue-1-T2', true, null],
      [3, 'issue-1-T2', false, 0],
      [4, 'issue-1-T3', false, 0]
    ])
    expect(gate.reached('5002')).toBe(false)
  })

  it('kills a job as a runner that dies, and marks it killed', async () => {
    const simulator = simulate({ baseInputs: { gate: gate.url } })
    await dispatch('T2')
    await gate.arrived('5001')

    simulator.kill(job(1))

    expect(await job(1).done).toMatchObject({ code: null, signal: 'SIGKILL' })
    expect(job(1).killed).toBe(true)
    await simulator.idle()
  })

  it('waits in idle() for the job a job dispatched as it ended', async () => {
    const simulator = simulate()

    await dispatch('T2', { next: 'T3' })
    await simulator.idle()

    expect(simulator.jobs.map(j => [j.runId, j.inputs.task, j.result?.code])).toEqual([
      ['5001', 'T2', 0],
      ['5002', 'T3', 0]
    ])
    expect(job(1).result!.outputs.dispatched).toBe('204')
    expect(e2e.github.dispatches.map(d => d.inputs.task)).toEqual(['T2', 'T3'])
  })

  it('makes a runner’s checkout of a tag, detached; without persisted credentials none are left', async () => {
    const { origin, work, root } = e2e.repo
    await runGit(work, 'tag', 'v1')
    await runGit(work, 'push', '--quiet', origin, 'refs/tags/v1')

    const dir = join(root, 'tag-checkout')
    const applied = await checkoutServedOrigin(e2e.served, {
      dir,
      ref: 'refs/tags/v1',
      runnerTemp: join(root, 'tag-runner-temp'),
      layout: 'no-persist'
    })

    expect(await runGit(dir, 'rev-parse', 'HEAD')).toBe(await runGit(work, 'rev-parse', 'v1'))
    expect(await runGit(dir, 'branch', '--show-current')).toBe('')
    expect(applied.layout).toBe('no-persist')
    await expect(runGit(dir, 'config', '--includes', '--get-regexp', 'extraheader')).rejects.toThrow()
  })
})
