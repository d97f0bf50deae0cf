import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { TempRepo } from '../harness/git-repo.js'
import { branchFiles, sampleRepo } from '../harness/sample-project.js'
import { branches, cliEnv, ESCAPE, greetingTranscript, runBuiltCli, writeTranscript } from './cli-harness.js'

const exec = promisify(execFile)
const FEATURE = /^agent-team\/req-[0-9a-f]{8}-greeting-banner$/
const GREETING_FILES = [
  'src/banner.js',
  'src/greet.js',
  'src/greeting-banner.js',
  'test/greeting-banner.test.js'
]

/**
 * `agent-team run` as a person runs the installed command, with the team's answers replayed from a
 * transcript: the same engine as the action builds the feature on branches of the local repository.
 */
describe('agent-team run (dist/cli/index.js)', () => {
  let repo: TempRepo
  let transcript: string

  beforeEach(async () => {
    repo = await sampleRepo()
    transcript = await writeTranscript(repo.root, greetingTranscript())
  })
  afterEach(async () => {
    await repo.cleanup()
  })

  const run = (...args: string[]) =>
    runBuiltCli(['run', 'Greeting banner', '--model', `scripted:${transcript}`, ...args], {
      cwd: repo.work,
      env: cliEnv(repo.root)
    })

  it('builds the feature on local branches, merges them into one that passes its tests, and pushes nothing', async () => {
    const result = await run()

    expect(result.code).toBe(0)
    const local = await branches(repo.work)
    const feature = local.find(name => FEATURE.test(name)) as string
    expect(feature).toBeDefined()
    expect(local).toEqual(
      expect.arrayContaining(['main', ...['t1', 't2', 't3', 'qa'].map(task => `${feature}--${task}`)])
    )
    expect(await branchFiles(repo.work, feature)).toEqual(expect.arrayContaining(GREETING_FILES))
    const merges = await repo.git(repo.work, 'log', '--merges', '--format=%s', feature)
    for (const id of ['T1', 'T2', 'T3', 'QA']) expect(merges).toMatch(new RegExp(`^Merge ${id}:`, 'm'))
    // The merged branch passes the sample project's own tests; the checkout itself is untouched.
    await repo.git(repo.work, 'worktree', 'add', '--quiet', join(repo.root, 'check'), feature)
    const { stdout } = await exec('node', ['--test'], { cwd: join(repo.root, 'check') })
    expect(stdout).toMatch(/# pass 2/)
    expect(await repo.git(repo.work, 'branch', '--show-current')).toBe('main')
    expect(await repo.git(repo.work, 'status', '--porcelain')).toBe('')
    // Nothing reached the remote, not even the state branch.
    expect(await repo.git(repo.origin, 'for-each-ref', '--format=%(refname:short)', 'refs/heads')).toBe(
      'main'
    )

    // What GitHub would show is in .git/agent-team/: a PR ready for review, the progress, the plan.
    const dir = join(repo.work, '.git', 'agent-team')
    const pull = await readFile(join(dir, 'pull-request.md'), 'utf8')
    expect(pull).toContain(`# Greeting banner\n\n\`${feature}\` → \`main\` · ready for review`)
    const progress = await readFile(join(dir, 'progress.md'), 'utf8')
    expect(progress.match(/✅/g)?.length).toBeGreaterThanOrEqual(4)
    expect(await readFile(join(dir, 'plan.md'), 'utf8')).toContain('```mermaid')

    // The summary names the branch and the PR file; the log is one plain line per event.
    expect(result.stdout).toMatch(/^agent-team · Greeting banner · done · 4 done · /)
    expect(result.stdout).toContain(`Feature branch: ${feature} (local; --push to publish it)`)
    expect(result.stdout).toContain(`Pull request: ${join(dir, 'pull-request.md')}`)
    const lines = result.stderr.trimEnd().split('\n')
    for (const line of lines) expect(line).toMatch(/^\[\d\d:\d\d:\d\d\] \S/)
    const events = lines.map(line => line.slice(11))
    expect(events).toEqual(
      expect.arrayContaining([
        'plan ready: 4 tasks in 3 waves',
        'T1 running (backend-dev)',
        'T2 running (frontend-dev)',
        'QA running (qa-tester)',
        expect.stringMatching(/^T3 done \(backend-dev\) in \d+s, [\d.]+k tokens$/),
        expect.stringMatching(/^run done: 4\/4 tasks done, /)
      ])
    )
    expect(events.indexOf('T1 running (backend-dev)')).toBeLessThan(
      events.indexOf('T3 running (backend-dev)')
    )
    expect(result.stdout + result.stderr).not.toContain(ESCAPE)

    // The run's state is committed to the local agent-team/state branch, where status finds it.
    const status = await runBuiltCli(['status'], { cwd: repo.work, env: cliEnv(repo.root) })
    expect(status.code).toBe(0)
    expect(status.stdout).toMatch(new RegExp(`^run dispatch-\\w+ · ${feature} · updated `))
    expect(status.stdout).toContain('\nagent-team · Greeting banner · done · 4 done')
  })

  it('pushes the feature and task branches to the remote with --push', async () => {
    const result = await run('--push', '--max-parallel', '1')

    expect(result.code).toBe(0)
    const remote = (
      await repo.git(repo.origin, 'for-each-ref', '--format=%(refname:short)', 'refs/heads')
    ).split('\n')
    const feature = remote.find(name => FEATURE.test(name)) as string
    expect(feature).toBeDefined()
    expect(remote).toEqual(expect.arrayContaining([`${feature}--t1`, `${feature}--qa`]))
    expect(await branchFiles(repo.origin, feature)).toEqual(expect.arrayContaining(GREETING_FILES))
    expect(result.stdout).toContain(`Feature branch: ${feature} (pushed)`)
  })
})
