import { describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { GREETING_ISSUE, useE2e } from '../harness/e2e-fixture.js'
import { toolUse } from '../harness/fake-anthropic.js'
import { fourTaskPlan, isPlanCall, planReply, taskIdOf, turnOf } from '../harness/scripted-team.js'

const exec = promisify(execFile)

/**
 * The file tools refuse protected paths, but code the agents run writes wherever the sandbox lets it: the
 * task's worktree. What it wrote there is checked again when the engine commits, so a protected file made by
 * a test script never reaches a commit, a branch or the origin.
 */
describe('a protected file written by the agents’ code (dist/index.js)', () => {
  const e2e = useE2e({
    files: { '.ai-agents/config.yml': 'protected_paths: ["*.pem"]\n' },
    checkout: 'path'
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
    e2e.anthropic.setHandler(request => {
      if (isPlanCall(request)) {
        const task = fourTaskPlan().tasks[0] as Record<string, unknown>
        return planReply(fourTaskPlan({ tasks: [{ ...task, files: ['test/key.test.js'] }] }))
      }
      return taskIdOf(request) === 'T1' ? steps[Math.min(turnOf(request), steps.length - 1)]! : steps[2]!
    })
    const issue = e2e.github.addIssue(GREETING_ISSUE)

    const result = await e2e.label(issue, { timeoutMs: 120_000 })

    expect(result.outputs.status).toBe('failed')
    expect(result.outputs.tasks_failed).toBe('1')
    const progress = e2e.github
      .comments(e2e.github.pulls()[0]!.number)
      .find(comment => comment.body.includes('agent-team:progress'))
    expect(progress?.body).toContain('deploy/certs/release.pem')
    const { stdout } = await exec('git', ['cat-file', '--batch-all-objects', '--batch'], {
      cwd: e2e.repo.origin,
      maxBuffer: 64 << 20
    })
    expect(stdout).not.toContain('planted')
    // No branch of the origin has the file (the run's state may name it, as the reason the task failed).
    const paths = await exec('git', ['rev-list', '--objects', '--all'], { cwd: e2e.repo.origin })
    expect(paths.stdout).not.toMatch(/ deploy\/certs/)
  })
})
