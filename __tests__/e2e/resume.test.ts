import { describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { FEATURE_BRANCH, GREETING_ISSUE, STATE_FILE, useE2e } from '../harness/e2e-fixture.js'
import { text, type MessagesRequest } from '../harness/fake-anthropic.js'
import { runGit, testGitEnv } from '../harness/git-repo.js'
import { branchFiles } from '../harness/sample-project.js'
import { openBranchStateStore } from '../../src/state/branch-state-store.js'
import {
  fourTaskPlan,
  GREETING_WORK,
  isPlanCall,
  planReply,
  scriptedAgent,
  taskIdOf,
  turnOf
} from '../harness/scripted-team.js'

/** Durable state: a run that dies is picked up by the next run from the state committed to the repo. */
describe('resume from committed state (dist/index.js)', () => {
  const e2e = useE2e()

  const callsPerTask = (from: number) => {
    const counts: Record<string, number> = {}
    for (const r of e2e.anthropic.requests.slice(from)) {
      const id = isPlanCall(r.body as MessagesRequest)
        ? 'plan'
        : (taskIdOf(r.body as MessagesRequest) ?? 'other')
      counts[id] = (counts[id] ?? 0) + 1
    }
    return counts
  }

  async function stateOnOrigin(): Promise<
    { tasks: { id: string; state: string; merge_sha?: string }[]; run: { status: string } } | undefined
  > {
    // Read as the engine reads it: while the run is running, each task is in a file of its own.
    try {
      const store = await openBranchStateStore({ repoDir: e2e.repo.origin, env: testGitEnv })
      return await store.load('issue-1')
    } catch {
      return undefined
    }
  }

  it('after a SIGKILL with 2 of 4 tasks merged, a re-run does only the remaining tasks, with one PR and one progress comment', async () => {
    const issue = e2e.github.addIssue(GREETING_ISSUE)
    const agent = scriptedAgent(GREETING_WORK)
    let pid: number | undefined
    let killed = false
    e2e.anthropic.setHandler(async request => {
      if (isPlanCall(request)) return planReply(fourTaskPlan())
      if (taskIdOf(request) === 'T3' && !killed) {
        // Kill the runner once the state branch records T1 and T2 merged, as a cancelled job would die.
        for (let i = 0; i < 200; i++) {
          const state = await stateOnOrigin()
          if (state?.tasks.filter(t => t.merge_sha).length === 2) break
          await new Promise(r => setTimeout(r, 50))
        }
        killed = true
        process.kill(pid as number, 'SIGKILL')
        return text('never read', { delayMs: 1000 })
      }
      return agent(request)
    })

    const first = await e2e.label(issue, { onSpawn: p => (pid = p) })
    expect(first.signal).toBe('SIGKILL')
    const afterKill = await stateOnOrigin()
    expect(afterKill?.tasks.filter(t => t.merge_sha).map(t => t.id)).toEqual(['T1', 'T2'])
    const firstCalls = e2e.anthropic.requests.length

    const second = await e2e.label(issue)

    expect(second.code).toBe(0)
    expect(second.outputs.status).toBe('done')
    const calls = callsPerTask(firstCalls)
    expect(calls.plan).toBeUndefined()
    expect(calls.T1).toBeUndefined()
    expect(calls.T2).toBeUndefined()
    expect(calls.T3).toBeGreaterThan(0)
    expect(calls.QA).toBeGreaterThan(0)
    expect(e2e.github.pulls()).toHaveLength(1)
    const pull = e2e.github.pulls()[0]!
    expect(pull.draft).toBe(false)
    expect(e2e.github.comments(pull.number).filter(c => c.body.includes('agent-team:progress'))).toHaveLength(
      1
    )
    expect(e2e.github.comments(issue).filter(c => c.body.includes('agent-team:plan'))).toHaveLength(1)
    expect(await branchFiles(e2e.repo.origin, FEATURE_BRANCH)).toEqual(
      expect.arrayContaining([
        'src/greet.js',
        'src/banner.js',
        'src/greeting-banner.js',
        'test/greeting-banner.test.js'
      ])
    )
    const final = await stateOnOrigin()
    expect(final?.run.status).toBe('done')
  })

  it('drains within 10 s of SIGTERM mid-task: work in progress committed, state interrupted, and a re-run completes it', async () => {
    const issue = e2e.github.addIssue(GREETING_ISSUE)
    const agent = scriptedAgent(GREETING_WORK)
    let pid: number | undefined
    let signalledAt = 0
    e2e.anthropic.setHandler(async request => {
      if (isPlanCall(request)) return planReply(fourTaskPlan())
      // T3 writes its file, then the job is cancelled while its next model call is in flight.
      if (taskIdOf(request) === 'T3' && turnOf(request) === 1 && signalledAt === 0) {
        signalledAt = Date.now()
        process.kill(pid as number, 'SIGTERM')
        return text('too late', { delayMs: 30_000 })
      }
      return agent(request)
    })

    const first = await e2e.label(issue, { onSpawn: p => (pid = p) })
    const drainedMs = Date.now() - signalledAt

    // On a failure, the end of the run's log says why.
    expect([signalledAt > 0, signalledAt > 0 ? '' : first.stdout.slice(-4000)]).toEqual([true, ''])
    expect(drainedMs).toBeLessThan(10_000)
    expect(first.outputs.status).toBe('interrupted')
    expect(first.code).toBe(1)
    const state = await stateOnOrigin()
    expect(state?.run.status).toBe('interrupted')
    expect(state?.tasks.find(t => t.id === 'T3')?.state).toBe('queued')
    // The half-done task's file is committed on its own branch as work in progress.
    const taskBranch = `${FEATURE_BRANCH}--t3`
    expect(await runGit(e2e.repo.origin, 'log', '-1', '--format=%B', taskBranch)).toContain(
      'Work in progress: the run was interrupted'
    )
    expect(await branchFiles(e2e.repo.origin, taskBranch)).toContain('src/greeting-banner.js')
    const progress = e2e.github
      .comments(e2e.github.pulls()[0]!.number)
      .filter(c => c.body.includes('agent-team:progress'))
    expect(progress).toHaveLength(1)

    const second = await e2e.label(issue)

    expect(second.outputs.status).toBe('done')
    expect(await branchFiles(e2e.repo.origin, FEATURE_BRANCH)).toEqual(
      expect.arrayContaining(['src/greeting-banner.js', 'test/greeting-banner.test.js'])
    )
    expect(e2e.github.pulls()).toHaveLength(1)
  })

  it('commits a state that validates against the shipped JSON Schema, with one commit per milestone', async () => {
    const issue = e2e.github.addIssue({ title: 'Greeting banner', body: 'x' })
    const agent = scriptedAgent(GREETING_WORK)
    e2e.anthropic.setHandler(request => (isPlanCall(request) ? planReply(fourTaskPlan()) : agent(request)))

    const result = await e2e.label(issue)

    expect(result.outputs.status).toBe('done')
    const require = createRequire(import.meta.url)
    const Ajv2020 = require('ajv/dist/2020.js').default
    const addFormats = require('ajv-formats').default
    const ajv = new Ajv2020({ strict: false, allErrors: true })
    addFormats(ajv)
    const schema = JSON.parse(
      await readFile(
        resolve(import.meta.dirname ?? '.', '..', '..', 'schema', 'team-communication.schema.json'),
        'utf8'
      )
    )
    const state = JSON.parse(await runGit(e2e.repo.origin, 'show', STATE_FILE))
    expect(ajv.validate(schema, state) ? [] : ajv.errors).toEqual([])
    expect(state.manager_instructions.completed_tasks).toHaveLength(4)
    // Milestones reached while a save was in flight share a commit, which lists them in its body.
    const messages = await runGit(e2e.repo.origin, 'log', '--format=%B', 'agent-team/state')
    const milestones = messages
      .split('\n')
      .map(line => line.replace(/^- /, '').replace(/ \(\+\d+ more milestones?\)$/, ''))
    expect(milestones).toEqual(
      expect.arrayContaining([
        'issue-1: plan v1',
        'issue-1: T1 merged',
        'issue-1: QA merged',
        'issue-1: finished (done)'
      ])
    )
    // The state branch shares no history with the project.
    await expect(runGit(e2e.repo.origin, 'merge-base', 'agent-team/state', 'main')).rejects.toThrow()
  })
})
