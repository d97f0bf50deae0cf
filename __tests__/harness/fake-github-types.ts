import type { Permission } from '../../src/github/forge.js'
import type { Clock } from '../../src/util/clock.js'
import type { Fault } from './fake-github-faults.js'
import type { GraphqlFault } from './fake-github-graphql.js'
import type { ReviewHelpers } from './fake-github-review-helpers.js'
import type {
  ActionsPermission,
  CommentRecord,
  DispatchRecord,
  FakeGitHubState,
  IssueRecord,
  ReactionRecord,
  TokenKind
} from './fake-github-state.js'
import type { SchemaProblem } from './openapi-validator.js'

export interface FakeGitHubOptions {
  /** Default `octo-org` / `widgets`, the repository the e2e runner harness names. */
  owner?: string
  repo?: string
  /** Default `main`; it always exists as a branch. */
  defaultBranch?: string
  /** Default false. Decides what an outsider's permission check answers: `read` (public) or `none` (private). */
  private?: boolean
  /**
   * The login the token belongs to, as REST spells it; author of everything the API creates. Default
   * `github-actions[bot]`, the GITHUB_TOKEN's bot.
   */
  actor?: string
  /**
   * Default `installation`, like GITHUB_TOKEN or an App's token: `GET /user` answers 403 "Resource not
   * accessible by integration" and GraphQL's `viewer` names the bot. `user` is a person's token (PAT):
   * `GET /user` answers the actor's profile.
   */
  tokenKind?: TokenKind
  /** When set, a request without `Authorization: token <token>` (or Bearer) is answered 401. */
  token?: string
  /** Asked whether a branch exists when a pull request is opened or retargeted; default: every branch does. */
  branchExists?: (name: string) => boolean
  /**
   * Asked how many commits `head` has that `base` lacks when a pull request is opened; 0 is refused with
   * GitHub's 422 "No commits between <base> and <head>". Default: always some. Synchronous, like
   * `branchExists`; see `bareCommitsAhead` in bare-compare.ts for an answer from a real bare repository.
   */
  commitsAhead?: (base: string, head: string) => number
  /** Default true. False: the plan has no drafts, and `draft: true` is refused with GitHub's 422. */
  draftPullRequests?: boolean
  /**
   * Reads a file of the repository at a full ref (`refs/heads/main`, `refs/tags/v1`); undefined when the file
   * is not there. A workflow dispatch reads `.github/workflows/<workflow_id>` through it. Without it the fake
   * knows no workflow file, and every dispatch is answered 404.
   */
  readFile?: (ref: string, path: string) => Promise<string | undefined>
  /**
   * Whether a full ref (`refs/heads/main`, `refs/tags/v1`) exists, for the refs a dispatch names. Default: a
   * branch exists when `branchExists` says so (every branch without it); no tag exists.
   */
  refExists?: (ref: string) => Promise<boolean>
  /**
   * The token's `actions` permission. Default `write`, as a workflow that grants `actions: write` gives it;
   * `read` or `none` (GITHUB_TOKEN's default under restricted permissions) refuses dispatches with 403.
   */
  actionsPermission?: ActionsPermission
  /** Also check every answer against GitHub's response schemas (slower; the harness's own test turns it on). */
  validateResponses?: boolean
  /** Timestamps come from here. */
  clock?: Clock
}

/** One request as the fake received it. */
export interface RecordedRequest {
  method: string
  path: string
  query: Record<string, string>
  body: unknown
  /** Lower-case names; `authorization` is left out so tokens never reach snapshots. */
  headers: Record<string, string>
  /** `issues/create-comment` and the like; undefined when GitHub has no such operation (and for GraphQL). */
  operationId?: string
  /** The status answered: 304 for a conditional GET that found nothing new. */
  status?: number
  /** When the request arrived (`Date.now()`, wall time even with a manual clock), for spacing measurements. */
  receivedAt: number
}

/** A request GitHub's description does not allow, or (with `validateResponses`) an answer that drifted. */
export interface Violation {
  method: string
  path: string
  operationId?: string
  message: string
  problems: SchemaProblem[]
}

export interface Warning {
  method: string
  path: string
  message: string
}

export interface PullView {
  number: number
  title: string
  body: string | null
  head: string
  base: string
  draft: boolean
  state: 'open' | 'closed'
  nodeId: string
  htmlUrl: string
  labels: string[]
}

/** A repository label as a test asserts on it. */
export interface LabelView {
  name: string
  /** Six hex digits without `#`. */
  color: string
  description: string | null
}

export interface FakeGitHub extends ReviewHelpers {
  /** Base URL for Octokit's `baseUrl` / GITHUB_API_URL; GraphQL is served at `${url}/graphql`. */
  url: string
  close(): Promise<void>
  /**
   * The live in-memory repository; `state.draftPullRequests`, `state.tokenKind` and `state.actionsPermission`
   * may be changed mid-test.
   */
  state: FakeGitHubState
  requests: RecordedRequest[]
  warnings: Warning[]
  violations: Violation[]
  /** Requests that could change something: everything but GET and HEAD (GraphQL counts). */
  writes(): RecordedRequest[]
  /** Conditional GETs answered `304 Not Modified`: polls that cost nothing on GitHub. */
  notModified(): RecordedRequest[]
  addIssue(issue: { title: string; body?: string; user?: string; labels?: string[] }): number
  /** Seeds an open pull request (number shared with issues); returns its number. */
  addPull(pull: {
    head: string
    base?: string
    title: string
    body?: string
    draft?: boolean
    user?: string
    /** The head branch lives in this user's fork of the repository. */
    fork?: string
  }): number
  /** Seeds a comment by someone (default: the actor; `[bot]` logins are Bots); returns its id. */
  addComment(issueNumber: number, comment: { body: string; user?: string }): number
  /** Seeds a repository label (default colour `ededed`, as GitHub gives one made without a colour). */
  addLabel(label: { name: string; color?: string; description?: string }): void
  /**
   * Gives a login a role. A login never given one is an outsider: `read` on a public repository, `none` on a
   * private one, except an App's `[bot]` login, which GitHub answers 404 "is not a user" for.
   */
  setPermission(login: string, permission: Permission): void
  /** Makes `login` unknown to GitHub: the permission check answers 404, as for a deleted account. */
  forgetUser(login: string): void
  issue(number: number): IssueRecord | undefined
  comments(issueNumber: number): CommentRecord[]
  reactions(commentId: number): ReactionRecord[]
  pulls(): PullView[]
  /** The labels on an issue or pull request. */
  labels(issueNumber: number): string[]
  /** The repository's labels, in the order they were made. */
  repoLabels(): LabelView[]
  /** Queues a REST (or whole-GraphQL-endpoint) fault; see `Fault.applyFirst` for applied-then-failed. */
  failNext(fault: Fault): void
  /** Queues a GraphQL fault for the next request that asks for `fault.field` (any, if left out). */
  failNextGraphql(fault: GraphqlFault): void
  /** The workflow runs GitHub accepted to start, oldest first (live: `state.dispatches`). */
  dispatches: DispatchRecord[]
  /**
   * Calls `listener` with each accepted dispatch once its 204 has been sent, as a runner would pick the run up
   * after GitHub answered. Returns a function that stops the calls.
   */
  onDispatch(listener: (dispatch: DispatchRecord) => void): () => void
}
