import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { start, type ActionEngine } from '../../../src/entrypoints/action-start.js'

/**
 * The action's start, driven through the runner's variables as the runner sets them. The engine is
 * whatever loader the test hands in, so a test sees whether the start would have loaded it.
 */
describe('the action start', () => {
  let dir: string
  let saved: NodeJS.ProcessEnv
  let printed: string
  let restoreStdout: () => void

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'agent-team-start-'))
    saved = process.env
    process.env = {
      PATH: saved.PATH,
      GITHUB_REPOSITORY: 'octo-org/widgets',
      GITHUB_EVENT_PATH: join(dir, 'event.json'),
      GITHUB_OUTPUT: join(dir, 'output'),
      INPUT_GITHUB_TOKEN: 'ghs_start_token_0123456789',
      INPUT_LABEL: 'agent-team',
      INPUT_TRIGGER_PHRASE: '/agents'
    }
    writeFileSync(join(dir, 'output'), '')
    // The runner reads workflow commands from stdout; the test reads them the same way.
    printed = ''
    const write = process.stdout.write.bind(process.stdout)
    process.stdout.write = ((chunk: string | Uint8Array) => {
      printed += String(chunk)
      return true
    }) as typeof process.stdout.write
    restoreStdout = () => (process.stdout.write = write)
  })

  afterEach(() => {
    restoreStdout()
    process.env = saved
    process.exitCode = undefined
    rmSync(dir, { recursive: true, force: true })
  })

  const event = (name: string, payload: unknown) => {
    process.env.GITHUB_EVENT_NAME = name
    writeFileSync(join(dir, 'event.json'), JSON.stringify(payload))
  }
  const output = () => readFileSync(join(dir, 'output'), 'utf8')
  const sender = { login: 'octocat', type: 'User' }
  const issue = { number: 7, title: 'Add a banner', body: 'Please', state: 'open' }

  /** A loader that records whether it was called and what the engine was given. */
  function engine() {
    const seen = { loads: 0, runs: [] as Parameters<ActionEngine['run']>[0][] }
    const load = async (): Promise<ActionEngine> => {
      seen.loads++
      return { run: async begin => void seen.runs.push(begin) }
    }
    return { seen, load }
  }

  it.each([
    ['an event the team does not follow', 'push', {}],
    ['an issue opened, not labelled', 'issues', { action: 'opened', issue, sender }],
    ['another label', 'issues', { action: 'labeled', label: { name: 'bug' }, issue, sender }],
    [
      'a comment that does not address the team',
      'issue_comment',
      { action: 'created', issue, sender, comment: { id: 3, body: 'LGTM', user: sender } }
    ]
  ])('skips %s without loading the engine, with one notice', async (_what, name, payload) => {
    event(name, payload)
    const { seen, load } = engine()
    await start(load)

    expect(seen.loads).toBe(0)
    expect(output()).toMatch(/^status<<ghadelimiter_[0-9a-f-]+\nskipped\nghadelimiter_[0-9a-f-]+\n$/)
    const notices = printed.split('\n').filter(line => line.startsWith('::notice::'))
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatch(/^::notice::skipped: (?!skipped:)/)
    expect(process.exitCode).toBeUndefined()
  })

  it('masks the secret inputs before anything else is printed', async () => {
    event('push', {})
    await start(engine().load)
    expect(printed.split('\n')[0]).toBe('::add-mask::ghs_start_token_0123456789')
  })

  it('loads the engine once for a real run and hands it the inputs and the event it read', async () => {
    event('issues', { action: 'labeled', label: { name: 'agent-team' }, issue, sender })
    const { seen, load } = engine()
    await start(load)

    expect(seen.loads).toBe(1)
    expect(seen.runs).toHaveLength(1)
    expect(seen.runs[0]?.inputs).toMatchObject({
      label: 'agent-team',
      githubToken: 'ghs_start_token_0123456789'
    })
    expect(seen.runs[0]?.runner).toMatchObject({
      event: { name: 'issues' },
      repo: { owner: 'octo-org', repo: 'widgets' }
    })
    expect(output()).toBe('')
  })

  it('loads the engine for an /agents command too', async () => {
    event('issue_comment', {
      action: 'created',
      issue,
      sender,
      comment: { id: 3, body: '/agents status', user: sender }
    })
    const { seen, load } = engine()
    await start(load)
    expect(seen.loads).toBe(1)
  })

  it('fails on a broken input whatever the event, as before, and loads nothing', async () => {
    event('push', {})
    process.env.INPUT_MAX_PARALLEL = '17'
    const { seen, load } = engine()
    await start(load)

    expect(seen.loads).toBe(0)
    expect(output()).toContain('\nfailed\n')
    expect(printed).toContain('::error::Input max_parallel must be a whole number from 1 to 16, got "17".')
    expect(process.exitCode).toBe(1)
  })
})
