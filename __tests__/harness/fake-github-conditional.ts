import { createHash } from 'node:crypto'
import type { RouteResult } from './fake-github-http.js'

/**
 * GitHub's conditional requests: a successful GET carries an `ETag` computed from what it shows, and a GET
 * whose `If-None-Match` names the current tag is answered `304 Not Modified` with no body (and, on GitHub,
 * without counting against the rate limit). Because the tag is a digest of the answer, it changes exactly
 * when the answer would: a comment created, edited or deleted changes the list that shows it.
 */
export function conditional(
  method: string,
  ifNoneMatch: string | undefined,
  result: RouteResult
): RouteResult {
  if (method !== 'GET' || result.status !== 200) return result
  // The Link header is part of the answer: a new page changes it even when this page's items stay put.
  const digest = createHash('sha256')
    .update(`${JSON.stringify(result.body)}\n${result.headers?.link ?? ''}`)
    .digest('hex')
  // GitHub's list tags are weak (`W/"…"`); If-None-Match compares weakly, so either form matches.
  const etag = `W/"${digest.slice(0, 32)}"`
  if (ifNoneMatch !== undefined && matches(ifNoneMatch, etag)) return { status: 304, headers: { etag } }
  return { ...result, headers: { ...result.headers, etag } }
}

function matches(header: string, etag: string): boolean {
  const opaque = (tag: string): string => tag.trim().replace(/^W\//, '')
  return header.split(',').some(tag => tag.trim() === '*' || opaque(tag) === opaque(etag))
}
