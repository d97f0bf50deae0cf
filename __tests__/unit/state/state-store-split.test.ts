import { afterEach, describe, expect, it } from '@jest/globals'
import { openBranchStateStore, stateFilePath } from '../../../src/state/branch-state-store.js'
import type { RunState } from '../../../src/state/run-state.js'
import type { Logger } from '../../../src/util/logger.js'
import { silentLogger } from '../../../src/util/logger.js'
import { createTempRepo, runGit, type TempRepo } from '../../harness/git-repo.js'
import { at, planned, play, SHA1, SHA2, started, taskRun } from './fixtures.js'
import { lines, testGitEnv } from './state-store-fixture.js'

const STATE = 'agent-team/state'
const KEY = '12-add-dark-mode'

/** The fixture run at each of its steps: planned, T1 running, T1 merged, T2 merged, finished. */
function steps(): RunState[] {
  const events = [started, planned, ...taskRun('T1', 2, SHA1), ...taskRun('T2', 6, SHA2)]
  return [
    play(events.slice(0, 2)),
    play(events.slice(0, 3)),
    play(events.slice(0, 6)),
    play(events),
    play([...events, { type: 'run_finished', at: at(20), status: 'partial' }])
  ]
}

/** A logger that keeps the git commands the store ran (run-git logs each one at debug level). */
function commandLog(): Logger & { commands: string[] } {
  const commands: string[] = []
  return {
    ...silentLogger,
    commands,
    debug: message => {
      const command = /^git (\S+)/.exec(message)?.[1]
      if (command) commands.push(command)
    }
  }
}

describe('branch state store: files per task while a run is running', () => {
  let repo: TempRepo

  afterEach(() => repo.cleanup())

  it('keeps each task of a running run in its own file, and a milestone rewrites only what changed', async () => {
    repo = await createTempRepo()
    const store = await openBranchStateStore({ repoDir: repo.work, env: testGitEnv })
    const [plan, running, merged] = steps() as [RunState, RunState, RunState]

    await store.save(plan, `${KEY}: plan v1`)
    await store.save(running, `${KEY}: T1 started`)
    await store.save(merged, `${KEY}: T1 merged`)

    expect(await lines(repo.origin, 'ls-tree', '-r', '--name-only', STATE)).toEqual([
      `runs/${KEY}/tasks/T1.json`,
      `runs/${KEY}/tasks/T2.json`,
      `runs/${KEY}/tasks/T3.json`,
      stateFilePath(KEY)
    ])
    expect(await lines(repo.origin, 'diff-tree', '--no-commit-id', '--name-only', '-r', STATE)).toEqual([
      `runs/${KEY}/tasks/T1.json`,
      stateFilePath(KEY)
    ])
    const rest = JSON.parse(await runGit(repo.origin, 'show', `${STATE}:${stateFilePath(KEY)}`))
    expect(rest).toMatchObject({ tasks: [], task_files: 'tasks/<id>.json' })
    expect(await store.load(KEY)).toEqual(merged)
    const other = await openBranchStateStore({ repoDir: repo.origin, env: testGitEnv })
    expect(await other.load(KEY)).toEqual(merged)
  })

  it('puts a run at rest back into one whole file', async () => {
    repo = await createTempRepo()
    const store = await openBranchStateStore({ repoDir: repo.work, env: testGitEnv })
    const all = steps()

    for (const [n, state] of all.entries()) await store.save(state, `${KEY}: step ${n}`)

    expect(await lines(repo.origin, 'ls-tree', '-r', '--name-only', STATE)).toEqual([stateFilePath(KEY)])
    const whole = JSON.parse(await runGit(repo.origin, 'show', `${STATE}:${stateFilePath(KEY)}`))
    expect(whole.tasks).toHaveLength(3)
    expect(whole.task_files).toBeUndefined()
    expect(await store.load(KEY)).toEqual(all.at(-1))
  })

  it('builds the same tree from what it remembers as from listing the tip', async () => {
    repo = await createTempRepo()
    await runGit(repo.work, 'remote', 'remove', 'origin')
    const [plan, running, merged] = steps() as [RunState, RunState, RunState]
    const remembering = await openBranchStateStore({ repoDir: repo.work, env: testGitEnv })
    await remembering.save(plan, `${KEY}: plan v1`)
    await remembering.save(running, `${KEY}: T1 started`)
    const base = await runGit(repo.work, 'rev-parse', STATE)
    await remembering.save(merged, `${KEY}: T1 merged`)
    const fromMemory = await runGit(repo.work, 'rev-parse', `${STATE}^{tree}`)

    // A new store knows nothing: it lists the tip's trees.
    await runGit(repo.work, 'update-ref', `refs/heads/${STATE}`, base)
    const listing = await openBranchStateStore({ repoDir: repo.work, env: testGitEnv })
    await listing.save(merged, `${KEY}: T1 merged`)

    expect(await runGit(repo.work, 'rev-parse', `${STATE}^{tree}`)).toBe(fromMemory)
  })

  it('saves on top of its own commit without reading a ref, listing a tree or a worktree', async () => {
    repo = await createTempRepo()
    const logger = commandLog()
    const store = await openBranchStateStore({ repoDir: repo.work, env: testGitEnv, logger })
    const [plan, running, merged] = steps() as [RunState, RunState, RunState]
    await store.save(plan, `${KEY}: plan v1`)
    await store.save(running, `${KEY}: T1 started`)
    logger.commands.length = 0

    await store.save(merged, `${KEY}: T1 merged`)

    // Two blobs (the task and the rest), the tasks folder, the run's folder, runs/, the root, the commit.
    expect(logger.commands).toEqual([
      'hash-object',
      'mktree',
      'mktree',
      'mktree',
      'mktree',
      'commit-tree',
      'update-ref',
      'push'
    ])
  })
})
