import { STATUS_CODES } from 'node:http'
import { errorResult, type RouteResult } from './fake-github-routes.js'

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
}

/** Queued faults, consumed in the order they were added. */
export interface FaultQueue {
  add(fault: Fault): void
  /** The answer for this request if a queued fault matches it; that fault is used up once. */
  take(method: string, path: string, template: string | undefined): RouteResult | undefined
}

const SECONDARY_RATE_LIMIT =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'

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
  }
}
