import { it } from '@jest/globals'
it('measures', async () => {
  let t = performance.now()
  const { checkRequest } = await import('./openapi-validator.js')
  const { matchOperation } = await import('./openapi-spec.js')
  const tImport = performance.now() - t
  t = performance.now()
  matchOperation('GET', '/repos/o/r')
  const tIndex = performance.now() - t
  t = performance.now()
  checkRequest({ method: 'GET', path: '/repos/o/r', query: {}, body: undefined })
  const tFirst = performance.now() - t
  t = performance.now()
  checkRequest({ method: 'POST', path: '/repos/o/r/issues/1/comments', query: {}, body: { body: 'x' } })
  const tSecond = performance.now() - t
  t = performance.now()
  for (let i = 0; i < 100; i++) checkRequest({ method: 'POST', path: '/repos/o/r/issues/1/comments', query: {}, body: { body: 'x' } })
  console.log({ tImport, tIndex, tFirst, tSecond, per: (performance.now() - t) / 100 })
})
