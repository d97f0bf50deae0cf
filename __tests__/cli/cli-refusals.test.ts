import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { TempRepo } from '../harness/git-repo.js'
import { sampleRepo } from '../harness/sample-project.js'
import {
  branches,
  cliEnv,
  greetingTranscript,
  runBuiltCli,
  runCliHere,
  writeTranscript
} from './cli-harness.js'

/**
 * Input the command cannot act on ends with one clear message and a non-zero exit, before anything is
 * spent or written: 2 for a command line that cannot be run as typed, 1 for everything else.
 */
describe('agent-team refusals', () => {
  let repo: TempRepo
  let transcript: string

  beforeEach(async () => {
    repo = await sampleRepo()
    transcript = await writeTranscript(repo.root, greetingTranscript())
  })
  afterEach(async () => {
    await repo.cleanup()
  })

  const cli = (args: string[], env: Record<string, string> = {}) =>
    runCliHere(args, { cwd: repo.work, env: cliEnv(repo.root, env) })

  it('refuses an unknown option with exit code 2, naming it (built command)', async () => {
    const result = await runBuiltCli(['run', 'Greeting banner', '--frobnicate'], {
      cwd: repo.work,
      env: cliEnv(repo.root)
    })

    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      'agent-team: Unknown option --frobnicate for "run". Options: --repo, --config, --max-parallel, --model, --record, --push, --allow-dirty, --sandbox.\n'
    )
    expect(result.stdout).toBe('')
  })

  it('refuses a run without feature text', async () => {
    const result = await cli(['run', '--push'])

    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^agent-team: Give the feature to build, in quotes/)
  })

  it('refuses to run without a model key or a scripted model, saying which variable to set', async () => {
    const result = await cli(['run', 'Greeting banner'])

    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^agent-team: Neither ANTHROPIC_API_KEY nor OPENAI_API_KEY is set/)
    expect(result.stderr).toContain('--model scripted:FILE')
    expect(await branches(repo.work)).toEqual(['main'])
  })

  it('refuses a --repo that is not a git repository', async () => {
    const plain = join(repo.root, 'plain')
    await mkdir(plain)

    const result = await cli(['run', 'Greeting banner', '--repo', plain, '--model', `scripted:${transcript}`])

    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      `agent-team: ${plain} is not a git repository (nor inside one); run agent-team in a checkout or pass --repo DIR.\n`
    )
    expect((await cli(['status', '--repo', join(repo.root, 'nowhere')])).stderr).toMatch(
      /nowhere does not exist/
    )
  })

  it('refuses a work tree with uncommitted changes unless --allow-dirty', async () => {
    await writeFile(join(repo.work, 'notes.txt'), 'not committed\n')
    await writeFile(join(repo.work, 'README.md'), 'changed\n')

    const refused = await cli(['run', 'Greeting banner', '--model', `scripted:${transcript}`])

    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/uncommitted changes \(README\.md, notes\.txt\)/)
    expect(refused.stderr).toContain('--allow-dirty')
    expect(await branches(repo.work)).toEqual(['main'])

    const allowed = await cli([
      'run',
      'Greeting banner',
      '--model',
      `scripted:${transcript}`,
      '--allow-dirty'
    ])

    expect(allowed.code).toBe(0)
    // The team built on the committed branch; the person's changes stay where they were.
    expect(await repo.git(repo.work, 'status', '--porcelain')).toBe(' M README.md\n?? notes.txt')
  })

  it('fails a replay that drifted from its recording, naming the call that has no recorded reply', async () => {
    const planOnly = await writeTranscript(
      repo.root,
      { ...greetingTranscript(), exchanges: greetingTranscript().exchanges.slice(0, 1) },
      'plan-only.json'
    )

    const result = await cli(['run', 'Greeting banner', '--model', `scripted:${planOnly}`])

    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/T1\s+failed/)
    expect(result.stderr).toMatch(/has no recorded reply for turn 0 of task T1 \(tool choice auto\)/)
  })
})
