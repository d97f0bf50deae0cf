import { afterEach, describe, expect, it } from '@jest/globals'
import { openBranchStateStore, stateFilePath } from '../../../src/state/branch-state-store.js'
import type { StateStore } from '../../../src/state/state-store.js'
import { StateError } from '../../../src/util/errors.js'
import { createTempRepo, runGit, type TempRepo } from '../../harness/git-repo.js'
import { cloneOf, lines, recordingClock, stateOf, testGitEnv } from './state-store-fixture.js'

const STATE = 'agent-team/state'
const ROUNDS = 3

/** A repository whose origin refuses any push that is not a fast-forward, so a force push would fail the test. */
async function guardedRepo(): Promise<TempRepo> {
  const repo = await createTempRepo()
  await runGit(repo.origin, 'config', 'receive.denyNonFastForwards', 'true')
  return repo
}

async function twoRunners(repo: TempRepo, clock = recordingClock()): Promise<[StateStore, StateStore]> {
  const open = async (dir: string) =>
    openBranchStateStore({ repoDir: dir, env: testGitEnv, clock, retryDelayMs: 1 })
  return [await open(repo.work), await open(await cloneOf(repo, 'runner-2'))]
}

describe('branch state store: two runners pushing at once', () => {
  let repo: TempRepo

  afterEach(() => repo.cleanup())

  it('lands every commit of two runs saved at the same time, keeping both run files', async () => {
    repo = await guardedRepo()
    const [a, b] = await twoRunners(repo)
    const notes: string[] = []

    for (let round = 1; round <= ROUNDS; round++) {
      notes.push(`round ${round}`)
      await Promise.all([
        a.save(stateOf('issue-7', ...notes), `issue-7: step ${round}`),
        b.save(stateOf('issue-12', ...notes), `issue-12: step ${round}`)
      ])
    }

    const subjects = await lines(repo.origin, 'log', '--format=%s', STATE)
    expect([...subjects].sort()).toEqual(
      Array.from({ length: ROUNDS }, (_, n) => [`issue-12: step ${n + 1}`, `issue-7: step ${n + 1}`])
        .flat()
        .sort()
    )
    expect(await lines(repo.origin, 'rev-list', '--merges', STATE)).toEqual([])
    expect(await lines(repo.origin, 'ls-tree', '-r', '--name-only', STATE)).toEqual([
      stateFilePath('issue-12'),
      stateFilePath('issue-7')
    ])
    expect(await b.load('issue-7')).toEqual(stateOf('issue-7', ...notes))
    expect(await a.load('issue-12')).toEqual(stateOf('issue-12', ...notes))
  })

  it('lands both commits when two runners save the same run, the later push winning the file', async () => {
    repo = await guardedRepo()
    const [a, b] = await twoRunners(repo)

    for (let round = 1; round <= ROUNDS; round++) {
      await Promise.all([
        a.save(stateOf('issue-12', `a ${round}`), `issue-12: a ${round}`),
        b.save(stateOf('issue-12', `b ${round}`), `issue-12: b ${round}`)
      ])
    }

    expect(await lines(repo.origin, 'rev-list', '--count', STATE)).toEqual([String(2 * ROUNDS)])
    const last = (await lines(repo.origin, 'log', '-1', '--format=%s', STATE))[0]?.replace('issue-12: ', '')
    expect(await a.load('issue-12')).toEqual(stateOf('issue-12', `${last}`))
  })

  it('queues saves made at once in one process, so they land in the order they were made', async () => {
    repo = await guardedRepo()
    const [a] = await twoRunners(repo)

    await Promise.all([1, 2, 3].map(n => a.save(stateOf('issue-12', `step ${n}`), `issue-12: step ${n}`)))

    expect(await lines(repo.origin, 'log', '--format=%s', STATE)).toEqual([
      'issue-12: step 3',
      'issue-12: step 2',
      'issue-12: step 1'
    ])
    expect(await a.load('issue-12')).toEqual(stateOf('issue-12', 'step 3'))
  })

  it('rebuilds on the remote tip when another runner pushed since, without pausing the first retry', async () => {
    repo = await guardedRepo()
    const clock = recordingClock()
    const [a, b] = await twoRunners(repo, clock)
    await a.save(stateOf('issue-7'), 'issue-7: plan v1')
    await b.save(stateOf('issue-12'), 'issue-12: plan v1')

    await a.save(stateOf('issue-7', 'more'), 'issue-7: T1 merged')

    expect(await lines(repo.origin, 'log', '--format=%s', STATE)).toEqual([
      'issue-7: T1 merged',
      'issue-12: plan v1',
      'issue-7: plan v1'
    ])
    expect(clock.pauses).toEqual([])
  })

  it('gives up after the configured attempts, leaving the remote as the other runner left it', async () => {
    repo = await guardedRepo()
    const clone = await cloneOf(repo, 'runner-2')
    const a = await openBranchStateStore({ repoDir: repo.work, env: testGitEnv, pushAttempts: 1 })
    const b = await openBranchStateStore({ repoDir: clone, env: testGitEnv })
    await a.save(stateOf('issue-7'), 'issue-7: plan v1')
    await b.save(stateOf('issue-12'), 'issue-12: plan v1')
    const theirs = await runGit(repo.origin, 'rev-parse', STATE)

    const save = a.save(stateOf('issue-7', 'more'), 'issue-7: T1 merged')

    await expect(save).rejects.toThrow(StateError)
    await expect(save).rejects.toThrow(/moved during each of 1 attempts/)
    expect(await runGit(repo.origin, 'rev-parse', STATE)).toBe(theirs)
  })
})
