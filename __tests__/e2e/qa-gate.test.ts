import { describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { taskBranchName } from '../../src/workspace/branch-names.js'
import { FEATURE_BRANCH, GREETING_ISSUE, useE2e } from '../harness/e2e-fixture.js'
import { blocksOf, toolUse, type MessagesRequest } from '../harness/fake-anthropic.js'
import { runGit } from '../harness/git-repo.js'
import { branchFiles } from '../harness/sample-project.js'
import {
  GREETING_WORK,
  isPlanCall,
  planReply,
  planTask,
  scriptedAgent,
  turnOf
} from '../harness/scripted-team.js'

const exec = promisify(execFile)
const GITHUB_TOKEN = 'ghs_qa_gate_token_0123456789'

/** T2's first version: its own test fails, with a message the fix round must be shown. */
const BROKEN_BANNER = "export function banner(text) {\n  throw new Error('banner frame is broken')\n}\n"
/** A fix that fails again: no frame at all. */
const STILL_BROKEN_BANNER = 'export function banner(text) {\n  return text\n}\n'
const BANNER_TEST = {
  path: 'test/banner.test.js',
  content:
    "import { test } from 'node:test'\nimport assert from 'node:assert/strict'\nimport { banner } from '../src/banner.js'\n\ntest('frames the text', () => {\n  assert.equal(banner('Hi'), '******\\n* Hi *\\n******')\n})\n"
}
const FIX_BRIEF = '# Fix: the checks fail on the merge of T2'

/** T1 and T2 independent, T3 on T2: a task whose merge cannot pass must hold T3 back. */
function plan() {
  const task = planTask
  return {
    summary: 'A greeting function and a banner formatter, combined.',
    decisions: ['Functions are exported from ESM modules under src/'],
    tasks: [
      task('T1', 'backend-dev', 'Greeting function', [], ['src/greet.js']),
      task('T2', 'frontend-dev', 'Banner formatter', [], ['src/banner.js', BANNER_TEST.path]),
      task('T3', 'backend-dev', 'Greeting banner', ['T1', 'T2'], ['src/greeting-banner.js'])
    ]
  }
}

function firstText(request: MessagesRequest): string {
  const first = request.messages[0]
  return first
    ? blocksOf(first)
        .map(block => block.text ?? '')
        .join('\n')
    : ''
}

/**
 * The QA gate holds: a task's merge is checked (the sample's `npm test`) in a scratch worktree before the
 * feature branch moves. A failure gets fix rounds by the task's role with the failing output in the brief;
 * a merge that still fails is never on the feature branch, and every commit the feature branch ever pointed
 * at on the origin passes the checks.
 */
describe('QA gate (dist/index.js)', () => {
  const e2e = useE2e({
    files: { '.ai-agents/config.yml': 'checks: ["npm test"]\n' },
    // The origin's reflog records every commit each branch pointed at, push after push.
    originConfig: { 'core.logAllRefUpdates': 'always' },
    checkout: { token: GITHUB_TOKEN, layout: 'v6' }
  })

  /** Runs the team; T2 writes a banner whose test fails, and each fix round writes `fixes[round]`. */
  async function runTeam(fixes: string[]) {
    const agent = scriptedAgent({
      ...GREETING_WORK,
      T2: [{ path: 'src/banner.js', content: BROKEN_BANNER }, BANNER_TEST]
    })
    let fixRounds = 0
    e2e.anthropic.setHandler(request => {
      if (isPlanCall(request)) return planReply(plan())
      if (!firstText(request).startsWith(FIX_BRIEF)) return agent(request)
      if (turnOf(request) === 0) {
        const content = fixes[fixRounds++] ?? STILL_BROKEN_BANNER
        return toolUse('write_file', { path: 'src/banner.js', content })
      }
      if (turnOf(request) === 1) return toolUse('run_command', { command: 'npm test' })
      return toolUse('finish_task', {
        summary: 'Fixed the banner frame',
        files_changed: ['src/banner.js'],
        checks_run: ['npm test']
      })
    })
    const issue = e2e.github.addIssue(GREETING_ISSUE)
    return e2e.label(issue, { timeoutMs: 180_000 })
  }

  /** Every commit the feature branch pointed at on the origin, oldest first. */
  async function featureTips(): Promise<string[]> {
    const log = await runGit(e2e.repo.origin, 'reflog', 'show', '--format=%H', `refs/heads/${FEATURE_BRANCH}`)
    return [...new Set(log.split('\n').filter(Boolean).reverse())]
  }

  /** Runs the sample's `npm test` at each commit in a fresh clone; resolves to the commits where it fails. */
  async function redTips(tips: string[]): Promise<string[]> {
    const dir = await mkdtemp(join(tmpdir(), 'agent-team-qa-gate-'))
    const red: string[] = []
    try {
      const out = join(dir, 'out')
      await runGit(dir, 'clone', '--quiet', '--no-checkout', e2e.repo.origin, 'out')
      for (const tip of tips) {
        await runGit(out, 'checkout', '--quiet', '--force', '--detach', tip)
        await runGit(out, 'clean', '--quiet', '-fdx')
        await exec('npm', ['test'], { cwd: out }).catch(() => red.push(tip))
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
    return red
  }

  /** The brief of each fix session (its first request). */
  function fixBriefs(): string[] {
    return e2e.anthropic.requests
      .map(r => r.body as MessagesRequest)
      .filter(body => turnOf(body) === 0)
      .map(firstText)
      .filter(text => text.startsWith(FIX_BRIEF))
  }

  async function taskRecord(
    id: string
  ): Promise<{ state: string; failure_reason?: string; usage?: { output_tokens: number } } | undefined> {
    const files = await runGit(e2e.repo.origin, 'ls-tree', '-r', '--name-only', 'agent-team/state')
    const path = files.split('\n').find(file => file.endsWith('team-communication.json')) ?? ''
    const state = JSON.parse(await runGit(e2e.repo.origin, 'show', `agent-team/state:${path}`)) as {
      tasks: { id: string; state: string; failure_reason?: string; usage?: { output_tokens: number } }[]
    }
    return state.tasks.find(task => task.id === id)
  }

  it('fails a task whose merge still fails after its fix rounds; the feature branch never had it and was never red', async () => {
    const result = await runTeam([STILL_BROKEN_BANNER, STILL_BROKEN_BANNER])

    expect(result.outputs.status).toBe('partial')
    expect(result.outputs.tasks_done).toBe('1')
    expect(result.outputs.tasks_failed).toBe('1')
    // Two fix rounds, each shown the failing check's output, the first the test's own error.
    const briefs = fixBriefs()
    expect(briefs).toHaveLength(2)
    expect(briefs[0]).toContain('`npm test` exited 1')
    expect(briefs[0]).toContain('banner frame is broken')
    expect(briefs[1]).toContain('Expected values to be strictly equal')
    // The reason names the check and what failed; T3, which needs T2, never started.
    const t2 = await taskRecord('T2')
    expect(t2?.state).toBe('failed')
    expect(t2?.failure_reason).toMatch(/`npm test` fails on the merge \(after 2 fix round\(s\)\): .*not ok/)
    expect(t2?.failure_reason).toContain(`the work is on ${taskBranchName(FEATURE_BRANCH, 'T2')}`)
    const t3 = await taskRecord('T3')
    expect(t3?.state).toBe('queued')
    // At most its first reply was asked for while T2's merge was being checked; it was charged to T3, and
    // T3 never went on to a second turn.
    const t3Requests = e2e.anthropic.requests
      .map(r => r.body as MessagesRequest)
      .filter(body => firstText(body).includes('# Your task: T3 '))
    expect(t3Requests.length).toBeLessThanOrEqual(1)
    expect(t3Requests.every(body => turnOf(body) === 0)).toBe(true)
    if (t3Requests.length === 1) expect(t3?.usage?.output_tokens).toBeGreaterThan(0)

    // No commit the feature branch ever pointed at has T2's banner, and every one passes the checks.
    const tips = await featureTips()
    expect(tips.length).toBeGreaterThanOrEqual(2)
    for (const tip of tips)
      expect(await runGit(e2e.repo.origin, 'ls-tree', '--name-only', tip, 'src/')).not.toContain('banner')
    expect(await branchFiles(e2e.repo.origin, FEATURE_BRANCH)).toContain('src/greet.js')
    expect(await redTips(tips)).toEqual([])
    // T2's work is kept on its own branch for a retry or a person (and is red there: the probe sees red).
    const t2Branch = taskBranchName(FEATURE_BRANCH, 'T2')
    expect(await branchFiles(e2e.repo.origin, t2Branch)).toContain('src/banner.js')
    const t2Tip = await runGit(e2e.repo.origin, 'rev-parse', t2Branch)
    expect(await redTips([t2Tip])).toEqual([t2Tip])
    expect(e2e.github.violations).toEqual([])
    expect(e2e.anthropic.violations).toEqual([])
  })

  it('merges a task once a fix round repairs its merge: the change and the fix land together, every tip green', async () => {
    const result = await runTeam([GREETING_WORK.T2[0]!.content])

    // On a failure, the end of the run's log says why.
    expect([
      result.outputs.status,
      result.outputs.status === 'done' ? '' : result.stdout.slice(-4000)
    ]).toEqual(['done', ''])
    expect(result.outputs.tasks_done).toBe('3')
    const briefs = fixBriefs()
    expect(briefs).toHaveLength(1)
    expect(briefs[0]).toContain('banner frame is broken')

    const files = await branchFiles(e2e.repo.origin, FEATURE_BRANCH)
    expect(files).toEqual(
      expect.arrayContaining(['src/banner.js', BANNER_TEST.path, 'src/greeting-banner.js'])
    )
    const subjects = await runGit(
      e2e.repo.origin,
      'log',
      '--format=%s|%(trailers:key=Agent-Task,valueonly,separator=)',
      FEATURE_BRANCH
    )
    expect(subjects).toContain('T2: fix the checks after merging|T2')
    expect(subjects).toContain('Merge T2: Banner formatter|T2')
    expect(await runGit(e2e.repo.origin, 'show', `${FEATURE_BRANCH}:src/banner.js`)).toBe(
      GREETING_WORK.T2[0]!.content.trimEnd()
    )
    // The head the last merge landed on passed its checks there, so the run does not check it again.
    expect(result.stdout).toMatch(/The checks passed on \S+ at [0-9a-f]{7} when it landed; not run again/)
    // The broken version was never on the feature branch: only the fixed merge landed.
    const tips = await featureTips()
    expect(tips.length).toBeGreaterThanOrEqual(4)
    expect(await redTips(tips)).toEqual([])
    expect(e2e.github.violations).toEqual([])
    expect(e2e.anthropic.violations).toEqual([])
  })
})
