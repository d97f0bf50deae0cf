import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createLocalForge, type LocalForge } from '../../src/github/local-forge.js'

describe('local forge', () => {
  let dir: string
  let forge: LocalForge

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'agent-team-forge-'))
    forge = createLocalForge({
      dir: join(dir, 'agent-team'),
      repo: { owner: 'local', repo: 'widgets' },
      defaultBranch: 'trunk'
    })
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  const read = (name: string) => readFile(join(dir, 'agent-team', name), 'utf8')

  it('lets the person at the terminal run the team, on the branch they have checked out', async () => {
    expect(await forge.getPermission('anyone')).toBe('admin')
    expect(await forge.getDefaultBranch()).toBe('trunk')
  })

  it('writes the pull request as Markdown, draft first, then ready', async () => {
    const pull = await forge.createPull({
      head: 'agent-team/req-1-x',
      base: 'trunk',
      title: 'Banner',
      body: 'The plan',
      draft: true
    })

    expect(pull).toMatchObject({
      number: 1,
      draft: true,
      htmlUrl: pathToFileURL(join(dir, 'agent-team', 'pull-request.md')).href
    })
    expect(await read('pull-request.md')).toBe(
      '# Banner\n\n`agent-team/req-1-x` → `trunk` · draft\n\nThe plan\n'
    )
    expect(await forge.findOpenPull('agent-team/req-1-x')).toMatchObject({ number: 1 })
    expect(await forge.findOpenPull('other')).toBeUndefined()

    await forge.updatePull(1, { body: 'The new plan' })
    await forge.markReadyForReview(pull)
    expect(await read('pull-request.md')).toBe(
      '# Banner\n\n`agent-team/req-1-x` → `trunk` · ready for review\n\nThe new plan\n'
    )
  })

  it('keeps the progress comment in progress.md, edited in place and found again by its marker', async () => {
    const marker = '<!-- agent-team:progress pr=1 -->'
    const ref = await forge.createComment(1, `${marker}\nT1 running`)
    await forge.updateComment(ref.id, `${marker}\nT1 done`)

    expect(await read('progress.md')).toBe(`${marker}\nT1 done\n`)
    expect(await forge.findComment(1, marker)).toEqual({ id: ref.id, htmlUrl: ref.htmlUrl })
    expect(await forge.findComment(2, marker)).toBeUndefined()
  })

  it('puts the plan in plan.md and every question to people in questions.md', async () => {
    await forge.createComment(7, '<!-- agent-team:plan issue=7 -->\nThe plan')
    await forge.createComment(7, 'T2 needs an answer: which colour?')
    await forge.createComment(7, 'T3 needs an answer: which font?')

    expect(await read('plan.md')).toContain('The plan')
    expect(await read('questions.md')).toBe(
      'T2 needs an answer: which colour?\n\n---\n\nT3 needs an answer: which font?\n'
    )
    expect((await readdir(join(dir, 'agent-team'))).sort()).toEqual(['plan.md', 'questions.md'])
  })

  it('has no issues, and says so with what to do instead', async () => {
    await expect(forge.getIssue(3)).rejects.toThrow(/Issue #3 does not exist here.*give the feature as text/)
    await expect(forge.addLabels(3, ['agent-team:working'])).resolves.toEqual([
      { name: 'agent-team:working', color: '', description: '' }
    ])
    await expect(forge.removeLabel(3, 'agent-team:working')).resolves.toBeUndefined()
    await expect(forge.addReaction(5, 'eyes')).resolves.toBeUndefined()
  })

  it('starts no workflow run, and says that several runners need GitHub Actions', async () => {
    await expect(
      forge.dispatchWorkflow({ workflow: 'agents.yml', ref: 'trunk', inputs: { task: 'T1' } })
    ).rejects.toThrow(/agents\.yml on trunk: several runners need GitHub Actions.*one process/)
  })

  it('reads its own pull request back for a follow-up; with no reviews, it replies and resolves into review-replies.md', async () => {
    await forge.createPull({
      head: 'agent-team/req-1-x',
      base: 'trunk',
      title: 'Banner',
      body: 'B',
      draft: true
    })

    expect(await forge.getPull(1)).toMatchObject({
      number: 1,
      headRef: 'agent-team/req-1-x',
      baseRef: 'trunk',
      state: 'open',
      merged: false,
      fromFork: false
    })
    await expect(forge.getPull(2)).rejects.toThrow(/no local pull request #2/)
    expect(await forge.listReviewComments(1, 5)).toEqual([])
    expect(await forge.listReviewThreads(1)).toEqual([])
    await expect(forge.getReviewComment(5)).rejects.toThrow(/the command line has no reviews/)

    const reply = await forge.replyToReviewComment(1, 5, 'Done in abc1234')
    await forge.resolveReviewThread('thread-1')

    expect(reply.htmlUrl).toBe(pathToFileURL(join(dir, 'agent-team', 'review-replies.md')).href)
    expect(await read('review-replies.md')).toBe(
      'Reply on #1 to review comment 5:\n\nDone in abc1234\n\n---\n\nResolved review thread thread-1.\n'
    )
  })
})
