import { it } from '@jest/globals'
import { checkRequest, checkResponse } from './openapi-validator.js'
import { githubOpenApi, matchOperation } from './openapi-spec.js'
it('measures', () => {
  let t = performance.now()
  githubOpenApi()
  console.log('load', performance.now() - t)
  const cases: [string, string, number][] = [
    ['GET', '/repos/o/r', 200], ['GET', '/repos/o/r/collaborators/u/permission', 200], ['GET', '/repos/o/r/issues/1', 200],
    ['PATCH', '/repos/o/r/issues/1', 200], ['GET', '/repos/o/r/issues/1/comments', 200], ['POST', '/repos/o/r/issues/1/comments', 201],
    ['GET', '/repos/o/r/issues/comments/5', 200], ['PATCH', '/repos/o/r/issues/comments/5', 200], ['POST', '/repos/o/r/issues/comments/5/reactions', 201],
    ['POST', '/repos/o/r/issues/1/labels', 200], ['DELETE', '/repos/o/r/issues/1/labels/x', 200], ['GET', '/repos/o/r/pulls', 200],
    ['POST', '/repos/o/r/pulls', 201], ['GET', '/repos/o/r/pulls/1', 200], ['PATCH', '/repos/o/r/pulls/1', 200]]
  for (const [m, p, s] of cases) {
    t = performance.now()
    const match = matchOperation(m, p)!
    const r = checkRequest({ method: m, path: p, query: {}, body: m === 'GET' || m === 'DELETE' ? undefined : {} })
    const t1 = performance.now() - t
    t = performance.now()
    const problems = checkResponse(match, s, {})
    console.log(m, p, match.template, match.operation.operationId, t1.toFixed(1), (performance.now() - t).toFixed(1), r.problems.map(x => x.message), problems.map(x => x.message.slice(0, 100)))
  }
})
