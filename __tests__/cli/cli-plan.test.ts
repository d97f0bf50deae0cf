import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { TRANSCRIPT_VERSION } from '../../src/models/transcript.js'
import type { TempRepo } from '../harness/git-repo.js'
import { sampleRepo } from '../harness/sample-project.js'
import { branches, cliEnv, ESCAPE, greetingTranscript, runBuiltCli, writeTranscript } from './cli-harness.js'

/** `agent-team plan`, run as a person runs the installed command: the built bundle, in their checkout. */
describe('agent-team plan (dist/cli/index.js)', () => {
  let repo: TempRepo

  beforeEach(async () => {
    repo = await sampleRepo()
  })
  afterEach(async () => {
    await repo.cleanup()
  })

  it('prints the plan and its mermaid task graph, and builds nothing', async () => {
    // Only the manager's call is needed: a plan run never starts a task.
    const plan = greetingTranscript().exchanges.slice(0, 1)
    const transcript = await writeTranscript(repo.root, { version: TRANSCRIPT_VERSION, exchanges: plan })

    const result = await runBuiltCli(['plan', 'Greeting banner', '--model', `scripted:${transcript}`], {
      cwd: repo.work,
      env: cliEnv(repo.root)
    })

    expect(result.stderr).not.toContain('agent-team:')
    expect(result.code).toBe(0)
    const out = result.stdout
    expect(out).toContain('agent-team plan: Greeting banner')
    for (const id of ['T1', 'T2', 'T3', 'QA']) expect(out).toContain(`**${id}**`)
    expect(out).toContain('```mermaid\ngraph TD')
    expect(out).toMatch(/n0 --> n2/)
    expect(out).toContain(`The plan is also in ${join(repo.work, '.git', 'agent-team', 'plan.md')}`)
    expect(await readFile(join(repo.work, '.git', 'agent-team', 'plan.md'), 'utf8')).toContain('```mermaid')
    // No feature or task branch, no change to the work tree, and plain log lines.
    expect((await branches(repo.work)).filter(name => name !== 'agent-team/state')).toEqual(['main'])
    expect(await repo.git(repo.work, 'status', '--porcelain')).toBe('')
    expect(result.stderr).toMatch(/^\[\d\d:\d\d:\d\d\] Planning on main in /)
    expect(result.stderr).toContain('plan ready: 4 tasks in 3 waves')
    expect(result.stdout + result.stderr).not.toContain(ESCAPE)
  })
})
