import { STATUS_CODES } from 'node:http'
import { errorResult, type RouteResult } from './fake-github-http.js'

/** A fault to answer instead of the real response. */
export interface Fault {
  /** Any method when left out. */
  method?: string
  /** A RegExp tested against the path, a template such as `/repos/{owner}/{repo}/pulls`, or an exact path. */
  path: RegExp | string
  status: number
  /** How many matching requests fail; default 1. */
  times?: number
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number
  /**
   * Default: GitHub's secondary rate limit text for 429, and for 403 with `retryAfter` (Octokit's throttling
   * recognises the limit by that text); the HTTP reason phrase otherwise.
   */
  message?: string
  headers?: Record<string, string>
  /**
   * Perform the request first, then answer the fault: GitHub applied the write but the answer was lost (a
   * gateway timeout after the work was done). A client that retries blindly creates a duplicate.
   */
  applyFirst?: boolean
}

/** A fault taken off the queue for one request. */
export interface TakenFault {
  result: RouteResult
  applyFirst: boolean
}

/** Queued faults, consumed in the order they were added. */
export interface FaultQueue {
  add(fault: Fault): void
  /** The fault for this request if a queued one matches it; that fault is used up once. */
  take(method: string, path: string, template: string | undefined): TakenFault | undefined
}

const SECONDARY_RATE_LIMIT =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'

/** An empty fault queue. */
export function createFaultQueue(): FaultQueue {
  const faults: (Fault & { left: number })[] = []
  const matches = (fault: Fault, method: string, path: string, template: string | undefined): boolean => {
    if (fault.method !== undefined && fault.method.toUpperCase() !== method) return false
    if (typeof fault.path === 'string') return fault.path === path || fault.path === template
    fault.path.lastIndex = 0
    return fault.path.test(path)
  }
  return {
    add: fault => void faults.push({ ...fault, left: fault.times ?? 1 }),
    take(method, path, template) {
      const fault = faults.find(f => f.left > 0 && matches(f, method, path, template))
      if (!fault) return undefined
      fault.left--
      return { result: faultResult(fault), applyFirst: fault.applyFirst ?? false }
    }
  }
}

/** GitHub's error body for a fault's status, with `Retry-After` when asked. */
export function faultResult(
  fault: Pick<Fault, 'status' | 'retryAfter' | 'message' | 'headers'>
): RouteResult {
  const rateLimited = fault.status === 429 || (fault.status === 403 && fault.retryAfter !== undefined)
  const message =
    fault.message ?? (rateLimited ? SECONDARY_RATE_LIMIT : (STATUS_CODES[fault.status] ?? 'Error'))
  const result = errorResult(fault.status, message)
  result.headers = {
    ...(fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {}),
    ...fault.headers
  }
  return result
}
