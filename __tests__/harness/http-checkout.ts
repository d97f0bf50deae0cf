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
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { applyCheckoutLayout, type AppliedCheckoutLayout, type CheckoutLayout } from './checkout-layouts.js'
import { runGit, type TempRepo } from './git-repo.js'
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
  /** `owner/name` the origin serves the repository as. */
  repository: string
  /** The token the checkout persisted (a test value, never to be printed). */
  token: string
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
    return {
      origin,
      repository,
      token: options.token,
      serverUrl: origin.url,
      runnerTemp,
      checkout,
      close: () => origin.close()
    }
  } catch (error) {
    await origin.close()
    throw error
  }
}

export interface ExtraCheckoutOptions {
  /** Where the clone goes: a path that does not exist yet (the runner's workspace of another job). */
  dir: string
  /** What to check out: a branch or tag (`main`, `refs/heads/main`, `refs/tags/v1`). */
  ref: string
  /** That job's RUNNER_TEMP: where v6 and later put the credentials file. */
  runnerTemp: string
  /** Default: the layout of the served checkout. */
  layout?: CheckoutLayout
}

/**
 * Another checkout of an origin `serveOverHttp` already serves, as actions/checkout makes one on a fresh
 * runner with `fetch-depth: 0`: an empty repository whose `origin` is the server, credentials written as
 * `layout` writes them, every branch and tag fetched over smart HTTP, and `ref` checked out (a branch as a
 * local branch of that name, a tag detached). With `no-persist` the credentials serve the fetch and are
 * removed after it, as checkout removes them.
 */
export async function checkoutServedOrigin(
  served: ServedCheckout,
  options: ExtraCheckoutOptions
): Promise<AppliedCheckoutLayout> {
  const layout = options.layout ?? served.checkout.layout
  const { dir } = options
  await mkdir(dir, { recursive: true })
  await runGit(dir, 'init', '--quiet')
  await runGit(dir, 'remote', 'add', 'origin', served.origin.repoUrl(served.repository))
  const applied = await applyCheckoutLayout(dir, layout === 'no-persist' ? 'v5' : layout, {
    token: served.token,
    serverUrl: served.serverUrl,
    runnerTemp: options.runnerTemp,
    repository: served.repository
  })
  await runGit(
    dir,
    'fetch',
    '--quiet',
    '--prune',
    '--no-recurse-submodules',
    'origin',
    '+refs/heads/*:refs/remotes/origin/*',
    '+refs/tags/*:refs/tags/*'
  )
  const tag = /^refs\/tags\/(.+)$/.exec(options.ref)?.[1]
  const branch = tag === undefined ? options.ref.replace(/^refs\/heads\//, '') : undefined
  if (branch !== undefined && (await hasRef(dir, `refs/remotes/origin/${branch}`)))
    await runGit(dir, 'checkout', '--quiet', '--force', '-B', branch, `refs/remotes/origin/${branch}`)
  else await runGit(dir, 'checkout', '--quiet', '--force', `refs/tags/${tag ?? branch}`)
  if (layout !== 'no-persist') return applied
  await runGit(dir, 'config', '--local', '--unset-all', applied.headerKey)
  return { ...applied, layout }
}

async function hasRef(dir: string, ref: string): Promise<boolean> {
  return runGit(dir, 'show-ref', '--verify', '--quiet', ref).then(
    () => true,
    () => false
  )
}
