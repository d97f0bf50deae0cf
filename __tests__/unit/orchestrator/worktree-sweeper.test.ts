import { describe, expect, it } from '@jest/globals'
import { WorktreeSweeper } from '../../../src/orchestrator/worktree-sweeper.js'

/** A sweeper over a workspace that records removals (and fails the one of `failOn`). */
function recordingSweeper(failOn?: string) {
  const removed: string[] = []
  const background: Promise<unknown>[] = []
  const workspace = {
    removeWorktree: async (path: string) => {
      if (path === failOn) throw new Error('busy')
      removed.push(path)
    }
  }
  return { removed, background, sweeper: new WorktreeSweeper(workspace, background) }
}

describe('WorktreeSweeper: finished worktrees go while later tasks wait for the model', () => {
  it('keeps a finished worktree until a task starts, then removes the oldest one', async () => {
    const { removed, background, sweeper } = recordingSweeper()

    sweeper.taskEnded('f--t1', '/w/t1')
    sweeper.taskEnded('f--t2', '/w/t2')
    expect(removed).toEqual([])

    sweeper.sweepOne()
    await Promise.all(background)
    expect(removed).toEqual(['/w/t1'])

    sweeper.sweepAll()
    sweeper.sweepOne()
    await Promise.all(background)
    expect(removed).toEqual(['/w/t1', '/w/t2'])
  })

  it('removes a branch’s own leftover before its task makes a worktree again, and at once', async () => {
    const { removed, background, sweeper } = recordingSweeper()
    sweeper.taskEnded('f--t1', '/w/t1')
    sweeper.taskEnded('f--t2', '/w/t2')

    await sweeper.reclaim('f--t2')
    await sweeper.reclaim('f--t3')

    expect(removed).toEqual(['/w/t2'])
    expect(background).toEqual([])
    sweeper.sweepAll()
    await Promise.all(background)
    expect(removed).toEqual(['/w/t2', '/w/t1'])
  })

  it('lets a removal that fails go: the run does not fail for a temporary folder', async () => {
    const { removed, background, sweeper } = recordingSweeper('/w/t1')
    sweeper.taskEnded('f--t1', '/w/t1')
    sweeper.taskEnded('f--t2', '/w/t2')

    sweeper.sweepAll()

    await expect(Promise.all(background)).resolves.toBeDefined()
    expect(removed).toEqual(['/w/t2'])
  })
})
