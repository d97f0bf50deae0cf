import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  STATE_BRANCH,
  featureBranchName,
  isTaskBranchName,
  slugify,
  taskBranchName
} from '../../../src/workspace/branch-names.js'
import { isValidBranchName } from '../../../src/workspace/ref-format.js'
import { createGit } from '../../../src/workspace/git.js'
import { createTempRepo, testGitEnv, type TempRepo } from '../../harness/git-repo.js'

describe('slugify', () => {
  it('keeps lowercase ascii words joined by single hyphens', () => {
    expect(slugify('  Add a LOGIN form (with OAuth)!! ')).toBe('add-a-login-form-with-oauth')
  })

  it('drops accents and anything that is not a letter or digit', () => {
    expect(slugify('Café — résumé_v2 / 日本')).toBe('cafe-resume-v2')
  })

  it('cuts at 40 characters without leaving a trailing hyphen', () => {
    const slug = slugify('word '.repeat(20))
    expect(slug.length).toBeLessThanOrEqual(40)
    expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  })
})

describe('featureBranchName', () => {
  it('names an issue branch agent-team/<issue>-<slug>', () => {
    expect(featureBranchName(12, 'Add login form')).toBe('agent-team/12-add-login-form')
  })

  it('falls back to the issue number alone when the title has no ascii words', () => {
    expect(featureBranchName(7, '登录')).toBe('agent-team/7')
  })

  it('uses a stable short hash of the title when there is no issue', () => {
    const name = featureBranchName(undefined, 'Add login form')
    expect(name).toMatch(/^agent-team\/req-[0-9a-f]{8}-add-login-form$/)
    expect(featureBranchName(undefined, 'Add login form')).toBe(name)
    expect(featureBranchName(undefined, 'Add logout form')).not.toBe(name)
  })

  it('refuses an issue number that is not a positive integer', () => {
    expect(() => featureBranchName(0, 'x')).toThrow(/positive integer/)
    expect(() => featureBranchName(1.5, 'x')).toThrow(/positive integer/)
  })

  it('can never be the state branch or live beneath it', () => {
    for (const title of ['state', 'State', 'state/x', '']) {
      const name = featureBranchName(undefined, title)
      expect(name).not.toBe(STATE_BRANCH)
      expect(name.startsWith(`${STATE_BRANCH}/`)).toBe(false)
      expect(STATE_BRANCH.startsWith(`${name}/`)).toBe(false)
    }
  })
})

describe('taskBranchName', () => {
  it('makes the task branch a sibling of the feature branch, joined by --', () => {
    expect(taskBranchName('agent-team/12-login', 'T1')).toBe('agent-team/12-login--t1')
    expect(taskBranchName('agent-team/12-login', 'API-2')).toBe('agent-team/12-login--api-2')
  })

  it('keeps distinct ids apart when slugging would merge them', () => {
    const dash = taskBranchName('agent-team/12-login', 'API-1')
    const underscore = taskBranchName('agent-team/12-login', 'API_1')
    expect(underscore).toMatch(/^agent-team\/12-login--api-1-[0-9a-f]{6}$/)
    expect(underscore).not.toBe(dash)
  })

  it('refuses the state branch as a feature', () => {
    expect(() => taskBranchName(STATE_BRANCH, 'T1')).toThrow(/state branch/)
  })

  it('is recognised as a task branch, while feature branches are not', () => {
    expect(isTaskBranchName(taskBranchName('agent-team/12-login', 'T1'))).toBe(true)
    expect(isTaskBranchName('agent-team/12-login')).toBe(false)
    expect(isTaskBranchName(featureBranchName(undefined, 'a -- b'))).toBe(false)
    expect(isTaskBranchName('main')).toBe(false)
  })
})

describe('branch names in a real repository', () => {
  let repo: TempRepo

  beforeAll(async () => {
    repo = await createTempRepo()
  })
  afterAll(() => repo.cleanup())

  it('lets the state, feature and task branches all exist at once', async () => {
    const feature = featureBranchName(12, 'Add login form')
    const noIssue = featureBranchName(undefined, 'state')
    const names = [
      STATE_BRANCH,
      feature,
      taskBranchName(feature, 'T1'),
      taskBranchName(feature, 'T2'),
      noIssue,
      taskBranchName(noIssue, 'T1')
    ]
    for (const name of names) await repo.git(repo.work, 'branch', name)
    const listed = (await repo.git(repo.work, 'branch', '--format=%(refname:short)')).split('\n')
    expect(listed).toEqual(expect.arrayContaining(names))
  })

  it('shows why a task branch cannot live beneath its feature branch', async () => {
    await repo.git(repo.work, 'branch', 'agent-team/99-demo')
    await expect(repo.git(repo.work, 'branch', 'agent-team/99-demo/t1')).rejects.toThrow()
  })

  it('agrees with git check-ref-format about what a branch name may be', async () => {
    const git = createGit(repo.work, { env: testGitEnv })
    const candidates = [
      'agent-team/12-login--t1',
      'feature/a.b',
      '-leading-dash',
      'a..b',
      'a/.hidden',
      'a/b.lock',
      'ends.',
      'ends/',
      '/starts',
      'a//b',
      'has space',
      'tilde~1',
      'caret^',
      'colon:x',
      'ques?',
      'star*',
      'brack[et',
      'back\\slash',
      'at@{1}',
      'ctrl\u0001char',
      'ok@sign',
      'dots.in.middle'
    ]
    for (const name of candidates) {
      expect([name, isValidBranchName(name)]).toEqual([name, await git.isValidBranchName(name)])
    }
  })

  it('refuses "@", which revision syntax reads as HEAD (check-ref-format --branch expands it instead)', () => {
    expect(isValidBranchName('@')).toBe(false)
  })
})
