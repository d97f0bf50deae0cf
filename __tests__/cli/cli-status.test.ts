import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { openBranchStateStore } from '../../src/state/branch-state-store.js'
import { createTempRepo, testGitEnv, type TempRepo } from '../harness/git-repo.js'
import { realisticRun, RUN_KEY } from '../unit/state/fixtures.js'
import { cliEnv, runCliHere } from './cli-harness.js'

/** `agent-team status` reads the runs committed to the agent-team/state branch. */
describe('agent-team status', () => {
  let repo: TempRepo

  beforeEach(async () => {
    repo = await createTempRepo()
  })
  afterEach(async () => {
    await repo.cleanup()
  })

  it('says so when no run has been committed', async () => {
    const result = await runCliHere(['status'], { cwd: repo.work, env: cliEnv(repo.root) })

    expect(result).toEqual({ code: 0, stdout: 'no runs yet\n', stderr: '' })
  })

  it('lists each committed run with its tasks, from a directory inside the checkout given by --repo', async () => {
    const store = await openBranchStateStore({ repoDir: repo.work, env: testGitEnv })
    await store.save(realisticRun(), `${RUN_KEY}: T1 merged`)

    const result = await runCliHere(['status', '--repo', 'work/.'], {
      cwd: repo.root,
      env: cliEnv(repo.root)
    })

    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const lines = result.stdout.split('\n')
    expect(lines[0]).toMatch(new RegExp(`^run ${RUN_KEY} · agent-team/12-add-dark-mode · updated `))
    expect(lines[1]).toMatch(/^agent-team · Add dark mode · waiting · 1 done, 1 queued, 1 blocked/)
    expect(lines[2]).toMatch(/^ {2}T1 {2}done /)
  })
})
