/**
 * The REST and GraphQL client the forge talks through: `@octokit/rest` with the retry and throttling plugins,
 * set up as the Actions toolkit sets up its own client on a runner.
 */
import { defaults as runnerDefaults, getUserAgentWithOrchestrationId } from '@actions/github/lib/utils'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import { Octokit } from '@octokit/rest'
import type { Logger } from '../util/logger.js'

// The retry log goes first: a plugin's hooks sit inside those of the plugins after it, so it sees every
// attempt the retry and throttling plugins make, not only the first.
const ForgeOctokit = Octokit.plugin(retryLog, retry, throttling)

/** An Octokit with `rest`, `paginate`, `graphql`, retries and throttling. */
export type OctokitClient = InstanceType<typeof ForgeOctokit>

export interface OctokitClientOptions {
  token: string
  /** REST base URL; GITHUB_API_URL on the runner (GitHub Enterprise and the test fake differ). */
  baseUrl: string
  logger: Logger
  /** Retries of a failed request (5xx, rate limits) before the call fails. */
  retries: number
  /** First back-off step in ms; later steps grow with the square of the attempt. */
  retryBaseMs: number
  /** Space writes as GitHub asks integrations to. */
  throttle: boolean
}

/** A client for `baseUrl` that authenticates with `token`, retries, waits out rate limits and logs retries. */
export function createOctokitClient(options: OctokitClientOptions): OctokitClient {
  // Octokit would send unauthenticated requests, which fail later and less clearly (404 on private repos).
  if (!options.token) throw new Error('No GitHub token: pass github_token (by default the job token).')
  const { retries, retryBaseMs, logger } = options
  const octokit = new ForgeOctokit({
    auth: options.token,
    baseUrl: options.baseUrl,
    // The runner's proxy (https_proxy, no_proxy) and its orchestration id in the user agent, as the toolkit's
    // own client honours them; Node's fetch alone ignores the proxy variables.
    request: runnerDefaults.request,
    userAgent: getUserAgentWithOrchestrationId(undefined),
    // @octokit/rest's request log reports each request: `debug` with the whole request, authorization header
    // included, and `error` for every answer that is not 2xx, the 404s and 304s the forge expects among them.
    // Neither belongs in a job log; Octokit's warnings (deprecations) keep their default, the console.
    log: { debug: ignore, info: ignore, warn: console.warn.bind(console), error: ignore },
    retryLogger: logger,
    retry: { retries, retryAfterBaseValue: retryBaseMs },
    throttle: {
      enabled: options.throttle,
      // Primary and secondary rate limits: wait as GitHub asks, a bounded number of times.
      onRateLimit: waitOutRateLimit('rate limit', retries, logger),
      onSecondaryRateLimit: waitOutRateLimit('secondary rate limit', retries, logger),
      fallbackSecondaryRateRetryAfter: Math.max(1, Math.round(retryBaseMs / 1000))
    }
  })
  return octokit
}

function ignore(): void {}

/** The throttling plugin's answer to a rate limit: log it, and retry while attempts remain. */
function waitOutRateLimit(kind: string, retries: number, logger: Logger) {
  return (after: number, request: { method: string; url: string }, _octokit: unknown, count: number) => {
    logger.warning(`GitHub ${kind} on ${request.method} ${request.url}; retrying in ${after}s`)
    return count < retries
  }
}

/**
 * The retry plugin is silent; a job log that shows every retry explains a slow run. An Octokit plugin, so
 * that it is registered before the retry plugin (see ForgeOctokit); the logger comes as `retryLogger`.
 */
function retryLog(
  octokit: Pick<Octokit, 'hook'>,
  options: { retryLogger?: Logger; [option: string]: unknown }
): void {
  const logger = options.retryLogger
  if (!logger) return
  // The retry plugin sends the same options object again for each retry of a request. Its own `retryCount`
  // cannot tell: it is set on any failure, retried or not, and lives on in request defaults other calls share.
  const attempts = new WeakMap<object, number>()
  octokit.hook.before('request', request => {
    const attempt = attempts.get(request) ?? 0
    attempts.set(request, attempt + 1)
    if (attempt > 0) logger.info(`GitHub API: retrying ${request.method} ${request.url} (retry ${attempt})`)
  })
}
