/**
 * The world an end-to-end test runs the built action in, started in one call and closed in one:
 * - a checkout of the greeting sample project (sample-project.ts) with its bare origin (git-repo.ts);
 * - that origin served over git's smart HTTP protocol with token authentication, the checkout holding what
 *   actions/checkout stores (http-checkout.ts), unless the test asks for an origin reached by path;
 * - the fake GitHub (fake-github.ts), whose branch, ref and file hooks ask the bare origin (a workflow
 *   dispatch reads its workflow file there), with octocat as a writer;
 * - the fake Anthropic server (fake-anthropic.ts), with a low cacheable minimum so prompts get cached.
 * `run` (and `label`, `comment`) start `dist/index.js` against all of it through run-action.ts.
 *
 *   const e2e = useE2e({ files: { '.ai-agents/config.yml': 'checks: ["npm test"]\n' } })
 *   it('…', async () => {
 *     const issue = e2e.github.addIssue(GREETING_ISSUE)
 *     const result = await e2e.label(issue)
 *   })
 *
 * `useE2e` starts a fresh fixture before each test of the enclosing `describe` and closes it after; a test
 * that needs its own options calls `start` itself on a `new E2e()` and leaves `close` to an `afterEach`.
 * `close` stops both servers and the git server and removes the repository; it is safe to call twice, or
 * after a `start` that failed half way.
 */
import { afterEach, beforeEach } from '@jest/globals'
import type { Permission } from '../../src/github/forge.js'
import { bareCommitsAhead } from './bare-compare.js'
import { startFakeAnthropic, type FakeAnthropic, type FakeAnthropicOptions } from './fake-anthropic.js'
import { startFakeGitHub, type FakeGitHub } from './fake-github.js'
import { createTempRepo, runGit, type TempRepo } from './git-repo.js'
import { serveOverHttp, type ServedCheckout, type ServeOverHttpOptions } from './http-checkout.js'
import { DEFAULT_GITHUB_TOKEN, runAction, type ActionResult, type RunActionOptions } from './run-action.js'
import { bareFileAt, bareHasBranch, bareHasRef, sampleRepo } from './sample-project.js'
import { issueComment, labeledIssue } from './webhook-payloads.js'

/** The feature most tests ask the team for: the sample project's greeting banner. */
export const GREETING_ISSUE = { title: 'Greeting banner', body: 'Print a framed greeting.' }
/** The feature branch a run for issue 1 titled GREETING_ISSUE's title builds. */
export const FEATURE_BRANCH = 'agent-team/1-greeting-banner'
/** Issue 1's committed run state on the origin, as `git show` names it. */
export const STATE_FILE = 'agent-team/state:runs/issue-1/team-communication.json'

/** How the checkout reaches its origin: over smart HTTP as checkout left it, or by the bare repository's path. */
export type CheckoutOptions = Pick<ServeOverHttpOptions, 'token' | 'layout' | 'extraTokens'>

export interface E2eOptions {
  /** Files added to the first commit: to the greeting sample's, or (with `sample: false`) alone. */
  files?: Record<string, string>
  /** Whether the repository starts as the greeting sample. Default true. */
  sample?: boolean
  /** git configuration of the bare origin, set before anything reaches it (e.g. `receive.denyNonFastForwards`). */
  originConfig?: Record<string, string>
  /**
   * Default `{ token: DEFAULT_GITHUB_TOKEN, layout: 'v6' }`: the origin is served over smart HTTP, the checkout
   * holds that token as actions/checkout stores it, and the action is given the same token as `github_token`.
   * `'path'`: no git server; the clone's `origin` is the bare repository's path (`serve` can start one later).
   */
  checkout?: Partial<CheckoutOptions> | 'path'
  /** Options of the fake Anthropic server, over `{ minCacheableTokens: 16 }`. */
  anthropic?: FakeAnthropicOptions
  /** Further repository permissions by login; octocat can always write. */
  permissions?: Record<string, Permission>
}

/** What `run` needs besides the event: the servers, the checkout and the origin default to the fixture's. */
export type E2eRunOptions = Omit<RunActionOptions, 'githubUrl' | 'anthropicUrl' | 'workspace'> & {
  workspace?: string
}

/** Options of `label` and `comment`: those of `run` without the event. */
export type E2eEventOptions = Omit<E2eRunOptions, 'eventName' | 'payload'>

export class E2e {
  github!: FakeGitHub
  anthropic!: FakeAnthropic
  /**
   * The checkout and its bare origin. A test may swap in another repository (cleaning up the old one first):
   * the fake GitHub's branch hooks and `close` follow this field. The served origin does not.
   */
  repo!: TempRepo
  #served: ServedCheckout | undefined
  #token: string | undefined

  constructor(private readonly defaults: E2eOptions = {}) {}

  /** The origin served over smart HTTP; throws when the checkout reaches its origin by path. */
  get served(): ServedCheckout {
    if (!this.#served) throw new Error('this fixture serves no origin over HTTP (checkout: "path")')
    return this.#served
  }

  /** Starts everything the file header lists; `options` replace the ones given to the constructor. */
  async start(options: E2eOptions = this.defaults): Promise<void> {
    this.repo =
      options.sample === false
        ? await createTempRepo({ files: options.files })
        : await sampleRepo(options.files)
    for (const [key, value] of Object.entries(options.originConfig ?? {}))
      await runGit(this.repo.origin, 'config', key, value)
    if (options.checkout !== 'path')
      await this.serve({ token: DEFAULT_GITHUB_TOKEN, layout: 'v6', ...options.checkout })
    // The hooks read `this.repo` when asked, so they follow a repository the test swaps in.
    this.github = await startFakeGitHub({
      branchExists: name => bareHasBranch(this.repo.origin, name),
      commitsAhead: (base, head) => bareCommitsAhead(this.repo.origin, base, head),
      refExists: ref => bareHasRef(this.repo.origin, ref),
      readFile: (ref, path) => bareFileAt(this.repo.origin, ref, path)
    })
    this.anthropic = await startFakeAnthropic({ minCacheableTokens: 16, ...options.anthropic })
    for (const [login, permission] of Object.entries({ octocat: 'write', ...options.permissions }))
      this.github.setPermission(login, permission as Permission)
  }

  /**
   * Serves the origin over smart HTTP and makes the checkout hold `options.token` as actions/checkout does;
   * later runs go through it, with that token as `github_token` unless their inputs name another.
   */
  async serve(options: CheckoutOptions): Promise<ServedCheckout> {
    this.#served = await serveOverHttp(this.repo, options)
    this.#token = options.token
    return this.#served
  }

  /** Runs the built action on the event, against this fixture's servers, checkout and origin. */
  run(options: E2eRunOptions): Promise<ActionResult> {
    return runAction({
      ...options,
      githubUrl: this.github.url,
      anthropicUrl: this.anthropic.url,
      workspace: options.workspace ?? this.repo.work,
      origin: options.origin ?? this.#served,
      inputs: this.#token ? { github_token: this.#token, ...options.inputs } : options.inputs
    })
  }

  /** Runs the action on `issues.labeled` for `issue`, with the title and body the fake GitHub holds. */
  label(issue: number, options: E2eEventOptions = {}): Promise<ActionResult> {
    const { title, body } = this.#issue(issue)
    return this.run({
      eventName: 'issues',
      payload: labeledIssue({ number: issue, title, body }),
      ...options
    })
  }

  /** Posts `body` on `issue` as `user` (default octocat) and runs the action on that `issue_comment`. */
  comment(
    issue: number,
    body: string,
    { user = 'octocat', ...options }: E2eEventOptions & { user?: string } = {}
  ): Promise<ActionResult> {
    const { title, body: issueBody } = this.#issue(issue)
    const commentId = this.github.addComment(issue, { body, user })
    const payload = issueComment({ number: issue, title, issueBody, body, commentId, sender: user })
    return this.run({ eventName: 'issue_comment', payload, ...options })
  }

  /** Stops the servers and removes the repository; what never started is skipped. */
  async close(): Promise<void> {
    const closing = [
      this.github?.close(),
      this.anthropic?.close(),
      this.#served?.close(),
      this.repo?.cleanup()
    ]
    this.github = this.anthropic = this.repo = undefined as never
    this.#served = this.#token = undefined
    await Promise.all(closing)
  }

  #issue(number: number): { title: string; body: string } {
    const issue = this.github.issue(number)
    if (!issue) throw new Error(`the fake GitHub has no issue #${number}`)
    return { title: issue.title, body: issue.body ?? '' }
  }
}

/** One E2e for the tests of the enclosing `describe`: started before each test, closed after it. */
export function useE2e(options: E2eOptions = {}): E2e {
  const e2e = new E2e(options)
  beforeEach(() => e2e.start())
  afterEach(() => e2e.close())
  return e2e
}
