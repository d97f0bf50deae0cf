/**
 * What actions/checkout leaves in a clone with `persist-credentials: true` (its default), by major version, so
 * the engine under test meets the same credentials a real runner holds. Facts taken from actions/checkout's
 * `src/git-auth-helper.ts` (`configureToken`) and `src/url-helper.ts` at the tags named below.
 *
 * Every version builds the same header:
 * - key `http.<server origin>/.extraheader`, the origin being `scheme://host[:port]` of GITHUB_SERVER_URL;
 * - value `AUTHORIZATION: basic <base64 of "x-access-token:<token>">`.
 * Where it is written differs:
 * - v4 (v4.0.0 … v4.4.0) and v5 (v5.0.0 … v5.1.0): in the clone's own `.git/config`.
 * - v6 (v6.0.1 … v6.1.0; v7.0.x is the same): in `<RUNNER_TEMP>/git-credentials-<uuid>.config`, a file
 *   holding only that header, which `.git/config` pulls in through four `includeIf` entries, in this order:
 *     includeIf.gitdir:<clone>/.git.path                               = <RUNNER_TEMP>/git-credentials-<uuid>.config
 *     includeIf.gitdir:<clone>/.git/worktrees/*.path                   = same
 *     includeIf.gitdir:/github/workspace/<clone rel. to workspace>/.git.path             = /github/runner_temp/<file name>
 *     includeIf.gitdir:/github/workspace/<clone rel. to workspace>/.git/worktrees/*.path = same
 *   (the last two serve container jobs, which see the workspace and RUNNER_TEMP at those fixed paths; v6.0.0
 *   wrote only the two non-worktree entries). So `git config --local` does not show the header; only a read
 *   with includes (any git command run in the clone, or `--includes`) does.
 * - `persist-credentials: false` (any version): checkout removes what it wrote once it has fetched, leaving
 *   only `remote.origin.url`.
 * The origin URL checkout sets is `<server origin>/<owner>/<repo>`, without `.git`.
 */
import { randomUUID } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { basename, dirname, join, posix, relative } from 'node:path'
import { runGit } from './git-repo.js'

/** An actions/checkout major version with persisted credentials, or `no-persist` for `persist-credentials: false`. */
export type CheckoutLayout = 'v4' | 'v5' | 'v6' | 'v7' | 'no-persist'

/** Every layout, for `it.each`. */
export const checkoutLayouts: readonly CheckoutLayout[] = ['v4', 'v5', 'v6', 'v7', 'no-persist']

export interface CheckoutLayoutOptions {
  /** The token checkout was given (its `token` input, GITHUB_TOKEN by default). */
  token: string
  /** GITHUB_SERVER_URL as checkout saw it; the engine must be run with the same value to find the header. */
  serverUrl: string
  /** RUNNER_TEMP as checkout saw it: where v6 writes the credentials file. Created if missing. */
  runnerTemp: string
  /** `owner/name`, for `remote.origin.url`. Default `octo-org/widgets`, run-action's GITHUB_REPOSITORY. */
  repository?: string
  /** GITHUB_WORKSPACE, for the container paths of v6. Default: the clone itself (checkout's default path). */
  workspace?: string
}

/** What a layout wrote, for assertions. */
export interface AppliedCheckoutLayout {
  layout: CheckoutLayout
  /** `http.<server origin>/.extraheader`. */
  headerKey: string
  /** `AUTHORIZATION: basic …`; a test value, never to be printed. */
  headerValue: string
  /** `remote.origin.url` as set. */
  originUrl: string
  /** v6/v7: the credentials file under RUNNER_TEMP. */
  credentialsFile?: string
  /** v6/v7: the `includeIf.gitdir:….path` keys written to `.git/config`, in order. */
  includeKeys: string[]
}

/** The extraheader key checkout derives from GITHUB_SERVER_URL. */
export function checkoutHeaderKey(serverUrl: string): string {
  return `http.${new URL(serverUrl).origin}/.extraheader`
}

/** The extraheader value checkout persists for a token. */
export function checkoutHeaderValue(token: string): string {
  return `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64')}`
}

/**
 * Writes into the clone at `workDir` what actions/checkout of `layout` leaves there, and points its `origin`
 * at `<serverUrl origin>/<repository>` as checkout does. Assumes a fresh clone (no earlier layout applied).
 */
export async function applyCheckoutLayout(
  workDir: string,
  layout: CheckoutLayout,
  options: CheckoutLayoutOptions
): Promise<AppliedCheckoutLayout> {
  const server = new URL(options.serverUrl).origin
  const originUrl = `${server}/${options.repository ?? 'octo-org/widgets'}`
  await runGit(workDir, 'config', '--local', 'remote.origin.url', originUrl)
  const applied: AppliedCheckoutLayout = {
    layout,
    headerKey: checkoutHeaderKey(options.serverUrl),
    headerValue: checkoutHeaderValue(options.token),
    originUrl,
    includeKeys: []
  }
  if (layout === 'no-persist') return applied

  const gitDir = join(workDir, '.git')
  if (layout === 'v4' || layout === 'v5') {
    await writeHeader(join(gitDir, 'config'), applied)
    return applied
  }

  await mkdir(options.runnerTemp, { recursive: true })
  const credentialsFile = join(options.runnerTemp, `git-credentials-${randomUUID()}.config`)
  await writeHeader(credentialsFile, applied)
  const containerGitDir = posix.join(
    '/github/workspace',
    relative(options.workspace ?? workDir, workDir),
    '.git'
  )
  const containerFile = posix.join('/github/runner_temp', basename(credentialsFile))
  const includes: Array<[string, string]> = [
    [`includeIf.gitdir:${gitDir}.path`, credentialsFile],
    [`includeIf.gitdir:${gitDir}/worktrees/*.path`, credentialsFile],
    [`includeIf.gitdir:${containerGitDir}.path`, containerFile],
    [`includeIf.gitdir:${containerGitDir}/worktrees/*.path`, containerFile]
  ]
  for (const [key, value] of includes) await runGit(workDir, 'config', '--local', key, value)
  return { ...applied, credentialsFile, includeKeys: includes.map(([key]) => key) }
}

/**
 * Sets the header in `configFile` through `git config --file`, with a placeholder swapped for the real value
 * afterwards (as checkout does): the token never appears in a command line, nor in the error git-repo's
 * runGit would print if the command failed.
 */
async function writeHeader(configFile: string, applied: AppliedCheckoutLayout): Promise<void> {
  const placeholder = 'AUTHORIZATION: basic ***'
  await runGit(dirname(configFile), 'config', '--file', configFile, applied.headerKey, placeholder)
  const content = await readFile(configFile, 'utf8')
  if (content.indexOf(placeholder) !== content.lastIndexOf(placeholder)) {
    throw new Error(`applyCheckoutLayout: ${configFile} already holds a checkout header placeholder`)
  }
  await writeFile(configFile, content.replace(placeholder, applied.headerValue))
}
