/**
 * Turns a TempRepo into what a runner holds after actions/checkout: its bare origin served over smart HTTP
 * with token authentication, and its clone pointing there with the credentials of a checkout version.
 *
 * For an end-to-end run, pass the same server and RUNNER_TEMP to the action, so the engine derives the same
 * extraheader key checkout did and finds v6's credentials file where the includes say it is. run-action sets
 * GITHUB_SERVER_URL to github.com and RUNNER_TEMP to a directory of its own; its `env` option overrides both:
 *
 *   const served = await serveOverHttp(repo, { token, layout: 'v6' })
 *   await runAction({ ..., workspace: repo.work,
 *     inputs: { github_token: token },
 *     env: { GITHUB_SERVER_URL: served.serverUrl, RUNNER_TEMP: served.runnerTemp } })
 *   // served.origin.log: which token each request carried, how many Authorization headers, the status.
 */
import { join } from 'node:path'
import { applyCheckoutLayout, type AppliedCheckoutLayout, type CheckoutLayout } from './checkout-layouts.js'
import type { TempRepo } from './git-repo.js'
import { startGitHttpOrigin, type GitHttpOrigin } from './git-http-origin.js'

export interface ServeOverHttpOptions {
  /** The token checkout persisted; the origin accepts it. */
  token: string
  /** Default `v6`, the current checkout. */
  layout?: CheckoutLayout
  /** RUNNER_TEMP for checkout's credentials file. Default `<repo.root>/runner-temp`, removed with the repo. */
  runnerTemp?: string
  /** `owner/name` the origin serves the repository as. Default `octo-org/widgets` (run-action's default). */
  repository?: string
  /** Further tokens the origin accepts (e.g. a PAT passed as `github_token`, different from checkout's). */
  extraTokens?: string[]
}

export interface ServedCheckout {
  origin: GitHttpOrigin
  /** The value to run the engine with as GITHUB_SERVER_URL (the origin's base URL). */
  serverUrl: string
  /** The value to run the engine with as RUNNER_TEMP. */
  runnerTemp: string
  /** What the checkout layout wrote. */
  checkout: AppliedCheckoutLayout
  /** Stops the origin; the repository's files go with `repo.cleanup()`. */
  close(): Promise<void>
}

/** Serves `repo.origin` over HTTP and makes `repo.work` look like a checkout of it with `layout`'s credentials. */
export async function serveOverHttp(repo: TempRepo, options: ServeOverHttpOptions): Promise<ServedCheckout> {
  const repository = options.repository ?? 'octo-org/widgets'
  const runnerTemp = options.runnerTemp ?? join(repo.root, 'runner-temp')
  const origin = await startGitHttpOrigin({
    repos: { [repository]: repo.origin },
    tokens: [options.token, ...(options.extraTokens ?? [])]
  })
  try {
    const checkout = await applyCheckoutLayout(repo.work, options.layout ?? 'v6', {
      token: options.token,
      serverUrl: origin.url,
      runnerTemp,
      repository
    })
    return { origin, serverUrl: origin.url, runnerTemp, checkout, close: () => origin.close() }
  } catch (error) {
    await origin.close()
    throw error
  }
}
