import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { startFakeAnthropic, toolUse, type FakeAnthropic } from '../harness/fake-anthropic.js'
import { startFakeGitHub, type FakeGitHub } from '../harness/fake-github.js'
import { bareBranchHooks } from '../harness/bare-compare.js'
import { type TempRepo } from '../harness/git-repo.js'
import { runAction } from '../harness/run-action.js'
import { sampleRepo } from '../harness/sample-project.js'
import { fourTaskPlan, isPlanCall, planReply, taskIdOf, turnOf } from '../harness/scripted-team.js'
import { labeledIssue } from '../harness/webhook-payloads.js'

const exec = promisify(execFile)

/**
 * The file tools refuse protected paths, but code the agents run writes wherever the sandbox lets it: the
 * task's worktree. What it wrote there is checked again when the engine commits, so a protected file made by
 * a test script never reaches a commit, a branch or the origin.
 */
describe('a protected file written by the agents’ code (dist/index.js)', () => {
  let github: FakeGitHub
  let anthropic: FakeAnthropic
  let repo: TempRepo

  beforeEach(async () => {
    repo = await sampleRepo({ '.ai-agents/config.yml': 'protected_paths: ["*.pem"]\n' })
    github = await startFakeGitHub({ ...bareBranchHooks(repo.origin) })
    anthropic = await startFakeAnthropic({ minCacheableTokens: 16 })
    github.setPermission('octocat', 'write')
  })

  afterEach(async () => {
    await Promise.all([github.close(), anthropic.close(), repo.cleanup()])
  })

  it('is never committed: the task fails naming the path, and the origin holds no such file', async () => {
    const writeKey =
      "import { mkdirSync, writeFileSync } from 'node:fs'\n" +
      "mkdirSync('deploy/certs', { recursive: true })\n" +
      "writeFileSync('deploy/certs/release.pem', '-----BEGIN PRIVATE KEY-----\\nplanted\\n')\n"
    const steps = [
      toolUse('write_file', { path: 'test/key.test.js', content: writeKey }),
      toolUse('run_command', { command: 'npm test' }),
      toolUse('finish_task', {
        summary: 'tests',
        files_changed: ['test/key.test.js'],
        checks_run: ['npm test']
      })
    ]
    anthropic.setHandler(request => {
      if (isPlanCall(request)) {
        const task = fourTaskPlan().tasks[0] as Record<string, unknown>
        return planReply(fourTaskPlan({ tasks: [{ ...task, files: ['test/key.test.js'] }] }))
      }
      return taskIdOf(request) === 'T1' ? steps[Math.min(turnOf(request), steps.length - 1)] : steps[2]
    })
    const issue = github.addIssue({ title: 'Greeting banner', body: 'Print a framed greeting.' })

    const result = await runAction({
      eventName: 'issues',
      payload: labeledIssue({ number: issue, title: 'Greeting banner', body: 'Print a framed greeting.' }),
      githubUrl: github.url,
      anthropicUrl: anthropic.url,
      workspace: repo.work,
      timeoutMs: 120_000
    })

    expect(result.outputs.status).toBe('failed')
    expect(result.outputs.tasks_failed).toBe('1')
    const progress = github
      .comments(github.pulls()[0].number)
      .find(comment => comment.body.includes('agent-team:progress'))
    expect(progress?.body).toContain('deploy/certs/release.pem')
    const { stdout } = await exec('git', ['cat-file', '--batch-all-objects', '--batch'], {
      cwd: repo.origin,
      maxBuffer: 64 << 20
    })
    expect(stdout).not.toContain('planted')
    // No branch of the origin has the file (the run's state may name it, as the reason the task failed).
    const paths = await exec('git', ['rev-list', '--objects', '--all'], { cwd: repo.origin })
    expect(paths.stdout).not.toMatch(/ deploy\/certs/)
  })
})
