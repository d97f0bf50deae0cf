import { errorResult, type RouteResult } from './fake-github-http.js'
import type { SchemaProblem } from './openapi-validator.js'

/**
 * GitHub's own words for a query value it cannot read, where they are known; otherwise the fake's generic
 * "Invalid request". A `since` that is not an ISO 8601 time (say `2026-08-19T99:99:99Z`) gets this 422 from
 * the comment and issue lists, as clients have recorded it (lampepfl/bench#581).
 */
export function refusalOf(problems: SchemaProblem[]): RouteResult | undefined {
  const badSince = problems.some(
    p => p.part === 'query' && (p.errors ?? []).some(e => e.instancePath === '/since')
  )
  if (badSince)
    return errorResult(422, 'The since parameter needs to be in ISO 8601 format: YYYY-MM-DDTHH:MM:SSZ')
  return undefined
}
