import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { openBranchStateStore, stateFilePath } from '../../../src/state/branch-state-store.js'
import { StateError } from '../../../src/util/errors.js'
import { createTempRepo, runGit, type TempRepo } from '../../harness/git-repo.js'
import { cloneOf, lines, stateOf, testGitEnv } from './state-store-fixture.js'

const STATE = 'agent-team/state'
const open = (repoDir: string) => openBranchStateStore({ repoDir, env: testGitEnv })

describe('branch state store', () => {
  let repo: TempRepo

  afterEach(() => repo.cleanup())

  it('saves a run on agent-team/state and loads it back in another clone', async () => {
    repo = await createTempRepo()
    const state = stateOf('issue-12', 'schema drafted')

    await (await open(repo.work)).save(state, 'issue-12: plan v1')

    const other = await open(await cloneOf(repo, 'runner-2'))
    expect(await other.load('issue-12')).toEqual(state)
    expect(await runGit(repo.origin, 'ls-tree', '-r', '--name-only', STATE)).toBe(stateFilePath('issue-12'))
  })

  it('makes the state branch an orphan and leaves the checkout, its index and its work tree alone', async () => {
    repo = await createTempRepo()
    await writeFile(join(repo.work, 'README.md'), '# staged edit\n')
    await runGit(repo.work, 'add', 'README.md')
    await writeFile(join(repo.work, 'notes.txt'), 'untracked\n')
    const before = await checkoutSnapshot(repo.work)

    await (await open(repo.work)).save(stateOf('issue-12'), 'issue-12: plan v1')

    expect(await checkoutSnapshot(repo.work)).toEqual(before)
    await expect(runGit(repo.work, 'merge-base', 'main', STATE)).rejects.toThrow()
    expect(await lines(repo.origin, 'rev-list', STATE)).toHaveLength(1)
  })

  it('records one commit per save, named for the milestone, by the engine, with the run trailer', async () => {
    repo = await createTempRepo()
    const store = await open(repo.work)

    await store.save(stateOf('issue-12'), 'issue-12: plan v1')
    await store.save(stateOf('issue-12', 'T1 started'), 'issue-12: T1 merged')
    await store.save(stateOf('issue-12', 'T1 started', 'stopped'), 'issue-12: interrupted')

    const format = '%s|%an <%ae>|%cn|%(trailers:key=Agent-Team-Run,valueonly,separator=%x2C)'
    expect(await lines(repo.origin, 'log', `--format=${format}`, STATE)).toEqual(
      ['interrupted', 'T1 merged', 'plan v1'].map(
        milestone =>
          `issue-12: ${milestone}|github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>|github-actions[bot]|issue-12`
      )
    )
    expect(await store.load('issue-12')).toEqual(stateOf('issue-12', 'T1 started', 'stopped'))
  })

  it('keeps the files of other runs when it saves one', async () => {
    repo = await createTempRepo()
    const store = await open(repo.work)

    await store.save(stateOf('issue-7'), 'issue-7: plan v1')
    await store.save(stateOf('issue-12'), 'issue-12: plan v1')

    expect(await lines(repo.origin, 'ls-tree', '-r', '--name-only', STATE)).toEqual([
      stateFilePath('issue-12'),
      stateFilePath('issue-7')
    ])
    expect(await store.load('issue-7')).toEqual(stateOf('issue-7'))
  })

  it('finds no state, and creates nothing, when the state branch exists nowhere', async () => {
    repo = await createTempRepo()

    expect(await (await open(repo.work)).load('issue-12')).toBeUndefined()
    expect(await lines(repo.work, 'for-each-ref', '--format=%(refname)', `refs/**/${STATE}`)).toEqual([])
  })

  it('finds no state for a run the branch has no file for', async () => {
    repo = await createTempRepo()
    await (await open(repo.work)).save(stateOf('issue-7'), 'issue-7: plan v1')

    expect(await (await open(await cloneOf(repo, 'runner-2'))).load('issue-12')).toBeUndefined()
  })

  it('reports a file broken by hand with its path and how to start over', async () => {
    repo = await createTempRepo()
    const hand = await cloneOf(repo, 'by-hand')
    await runGit(hand, 'checkout', '--quiet', '--orphan', STATE)
    await runGit(hand, 'rm', '-r', '--quiet', '--cached', '.')
    await mkdir(join(hand, 'runs', 'issue-12'), { recursive: true })
    await writeFile(join(hand, stateFilePath('issue-12')), '{ "schema_version": 1, "run": {')
    await runGit(hand, 'add', 'runs')
    await runGit(hand, '-c', 'user.name=Someone', '-c', 'user.email=s@example.com', 'commit', '-qm', 'edit')
    await runGit(hand, 'push', '--quiet', 'origin', STATE)

    const load = (await open(repo.work)).load('issue-12')

    await expect(load).rejects.toThrow(StateError)
    await expect(load).rejects.toThrow(
      /agent-team\/state:runs\/issue-12\/team-communication\.json.*truncated[\s\S]*delete .* to start the run over/
    )
  })

  it('refuses a state that would not load again, and commits nothing', async () => {
    repo = await createTempRepo()
    const broken = { ...stateOf('issue-12'), schema_version: 'one' } as unknown as ReturnType<typeof stateOf>

    await expect((await open(repo.work)).save(broken, 'issue-12: plan v1')).rejects.toThrow(StateError)
    expect(await lines(repo.work, 'for-each-ref', `refs/heads/${STATE}`)).toEqual([])
  })

  it('refuses run keys that are not one folder name', async () => {
    repo = await createTempRepo()
    const store = await open(repo.work)

    await expect(store.load('../main')).rejects.toThrow(/cannot be a run key/)
    await expect(store.save(stateOf('a/b'), 'a/b: plan v1')).rejects.toThrow(/cannot be a run key/)
  })

  it('commits locally only in a repository without a remote', async () => {
    repo = await createTempRepo()
    await runGit(repo.work, 'remote', 'remove', 'origin')
    const store = await open(repo.work)

    await store.save(stateOf('cli-1'), 'cli-1: plan v1')
    await store.save(stateOf('cli-1', 'more'), 'cli-1: T1 merged')

    expect(await lines(repo.work, 'log', '--format=%s', STATE)).toEqual([
      'cli-1: T1 merged',
      'cli-1: plan v1'
    ])
    expect(await store.load('cli-1')).toEqual(stateOf('cli-1', 'more'))
    expect(await runGit(repo.origin, 'branch', '--list', STATE)).toBe('')
  })

  it('refuses to move the state branch under a checkout that has it checked out', async () => {
    repo = await createTempRepo()
    await (await open(repo.work)).save(stateOf('issue-12'), 'issue-12: plan v1')
    const other = await cloneOf(repo, 'inspector')
    await runGit(other, 'checkout', '--quiet', STATE)

    await expect((await open(other)).save(stateOf('issue-12', 'x'), 'issue-12: T1 merged')).rejects.toThrow(
      /checked out in .*inspector/
    )
  })
})

/** Everything about a checkout that a state save must not change. */
async function checkoutSnapshot(dir: string) {
  return {
    branch: await runGit(dir, 'symbolic-ref', 'HEAD'),
    head: await runGit(dir, 'rev-parse', 'HEAD'),
    index: await runGit(dir, 'ls-files', '--stage'),
    status: await runGit(dir, 'status', '--porcelain'),
    readme: await readFile(join(dir, 'README.md'), 'utf8')
  }
}
