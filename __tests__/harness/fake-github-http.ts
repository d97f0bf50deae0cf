import type { CommentRecord, DispatchRecord, FakeGitHubState, IssueRecord } from './fake-github-state.js'
import type { Shapes } from './github-shapes.js'

/** What a REST handler sees. The request has already passed the OpenAPI checks. */
export interface RouteContext {
  state: FakeGitHubState
  shapes: Shapes
  /** The fake's base URL, for Link and Location headers. */
  api: string
  path: string
  pathParams: Record<string, string>
  query: Record<string, string>
  // The body fits the operation's schema, so handlers may read it without re-checking types.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any
  now: string
  branchExists?: (name: string) => boolean
  commitsAhead?: (base: string, head: string) => number
  readFile?: (ref: string, path: string) => Promise<string | undefined>
  refExists?: (ref: string) => Promise<boolean>
  warn(message: string): void
  /** Tells the dispatch listeners, once this request's answer has been sent. */
  dispatched(dispatch: DispatchRecord): void
}

export interface RouteResult {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

/** A route; one that asks a hook (`readFile`) answers asynchronously. */
export type Handler = (ctx: RouteContext) => RouteResult | Promise<RouteResult>

const DOCS = 'https://docs.github.com/rest'

/** GitHub's error body; `documentationUrl` when GitHub is known to point at one operation's page. */
export function errorResult(
  status: number,
  message: string,
  extra: Record<string, unknown> = {},
  documentationUrl = DOCS
): RouteResult {
  return { status, body: { message, documentation_url: documentationUrl, status: String(status), ...extra } }
}

export const notFound = (): RouteResult => errorResult(404, 'Not Found')

/** 422 as GitHub words a rejected pull request or label: "Validation Failed" and the reasons in `errors`. */
export function validationFailed(errors: Record<string, unknown>[]): RouteResult {
  return errorResult(422, 'Validation Failed', { errors })
}

export function ok(body: unknown): RouteResult {
  return { status: 200, body }
}

export function created(body: Record<string, unknown>): RouteResult {
  return { status: 201, body, headers: { location: String(body.url) } }
}

export function withIssue(ctx: RouteContext, then: (issue: IssueRecord) => RouteResult): RouteResult {
  const issue = ctx.state.issues.get(Number(ctx.pathParams.issue_number))
  return issue ? then(issue) : notFound()
}

export function withPull(ctx: RouteContext, then: (pull: IssueRecord) => RouteResult): RouteResult {
  const pull = ctx.state.issues.get(Number(ctx.pathParams.pull_number))
  return pull?.pull ? then(pull) : notFound()
}

export function withComment(ctx: RouteContext, then: (comment: CommentRecord) => RouteResult): RouteResult {
  const comment = ctx.state.comments.get(Number(ctx.pathParams.comment_id))
  return comment ? then(comment) : notFound()
}

/** Opens or closes; GitHub keeps `state_reason` for issues only. */
export function setState(
  issue: IssueRecord,
  state: 'open' | 'closed',
  now: string,
  reason?: IssueRecord['stateReason']
): void {
  if (state === issue.state) return
  issue.state = state
  issue.closedAt = state === 'closed' ? now : null
  issue.stateReason = issue.pull ? null : (reason ?? (state === 'closed' ? 'completed' : 'reopened'))
}

/** A timestamp in GitHub's whole-second form, so `since` compares as text with the records' times. */
export function normalise(time: string): string {
  const ms = Date.parse(time)
  return Number.isNaN(ms) ? time : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** GitHub's page-number pagination: `per_page` (at most 100, default 30), `page`, and a `Link` header. */
export function paginate(ctx: RouteContext, items: unknown[]): RouteResult {
  const perPage = Math.min(100, Math.max(1, Number(ctx.query.per_page ?? 30)))
  const page = Math.max(1, Number(ctx.query.page ?? 1))
  const last = Math.max(1, Math.ceil(items.length / perPage))
  const body = items.slice((page - 1) * perPage, page * perPage)
  if (last === 1) return ok(body)
  const at = (n: number): string => {
    const params = new URLSearchParams({ ...ctx.query, per_page: String(perPage), page: String(n) })
    return `<${ctx.api}${ctx.path}?${params}>`
  }
  const links: string[] = []
  if (page > 1) links.push(`${at(Math.min(page - 1, last))}; rel="prev"`)
  if (page < last) links.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`)
  if (page > 1) links.push(`${at(1)}; rel="first"`)
  return { status: 200, body, headers: { link: links.join(', ') } }
}
