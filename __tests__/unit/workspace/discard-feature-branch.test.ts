import { afterEach, describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { author, createWorkspaceFixture, type WorkspaceFixture } from './workspace-fixture.js'

const feature = 'agent-team/7-banner'

/** A checkout made for a run that then did not build is undone; anything that holds work is not. */
describe('discardFeatureBranch', () => {
  let fx: WorkspaceFixture

  afterEach(() => fx.cleanup())

  it('removes the checkout and the branch this run created from the base', async () => {
    fx = await createWorkspaceFixture()
    const branch = await fx.workspace.prepareFeatureBranch('main', feature)
    const checkout = await fx.workspace.integrationWorktree(feature)
    expect(branch.source).toBe('base')

    await fx.workspace.discardFeatureBranch(branch)

    expect(existsSync(checkout)).toBe(false)
    expect(await fx.git(fx.work, 'branch', '--list', feature)).toBe('')
    expect((await fx.git(fx.work, 'worktree', 'list', '--porcelain')).match(/^worktree /gm)).toHaveLength(1)
  })

  it('keeps a branch that gained a commit since it was made, and one that was there before', async () => {
    fx = await createWorkspaceFixture()
    const made = await fx.workspace.prepareFeatureBranch('main', feature)
    await fx.workspace.integrationWorktree(feature)
    await fx.workspace.commitEmpty(feature, { message: 'Plan', author })

    await fx.workspace.discardFeatureBranch(made)
    expect(await fx.git(fx.work, 'branch', '--list', feature)).toContain(feature)

    const found = await fx.workspace.prepareFeatureBranch('main', feature)
    expect(found.source).toBe('local')
    await fx.workspace.discardFeatureBranch(found)
    expect(await fx.git(fx.work, 'branch', '--list', feature)).toContain(feature)
  })
})
