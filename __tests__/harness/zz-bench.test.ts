import { it } from '@jest/globals'
import { getOctokit } from '@actions/github'
import { startFakeGitHub } from './fake-github.js'
it('measures', async () => {
  for (const validateResponses of [false, true, false]) {
    let t = performance.now()
    const gh = await startFakeGitHub({ validateResponses })
    const t0 = performance.now() - t
    const o = getOctokit('x', { baseUrl: gh.url })
    gh.setPermission('mona', 'write')
    const times: string[] = []
    for (let i = 0; i < 4; i++) {
      t = performance.now()
      await o.rest.repos.getCollaboratorPermissionLevel({
        owner: 'octo-org',
        repo: 'widgets',
        username: 'mona'
      })
      times.push((performance.now() - t).toFixed(1))
    }
    t = performance.now()
    const n = gh.addIssue({ title: 'x' })
    await o.rest.issues.createComment({ owner: 'octo-org', repo: 'widgets', issue_number: n, body: 'y' })
    const tc = performance.now() - t
    t = performance.now()
    await o.rest.pulls.create({ owner: 'octo-org', repo: 'widgets', head: 'a', base: 'main', title: 't' })
    const tp = performance.now() - t
    await gh.close()
    console.log({
      validateResponses,
      start: t0.toFixed(1),
      times,
      comment: tc.toFixed(1),
      pull: tp.toFixed(1)
    })
  }
})
