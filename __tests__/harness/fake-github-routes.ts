import type { Permission } from '../../src/github/forge.js'
import {
  commentsOf,
  ensureLabel,
  insertComment,
  insertIssue,
  nextId,
  nodeId,
  type CommentRecord,
  type FakeGitHubState,
  type IssueRecord,
  type ReactionContent
} from './fake-github-state.js'
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
  warn(message: string): void
}

export interface RouteResult {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

type Handler = (ctx: RouteContext) => RouteResult

const DOCS = 'https://docs.github.com/rest'

/** GitHub's error body. */
export function errorResult(
  status: number,
  message: string,
  extra: Record<string, unknown> = {}
): RouteResult {
  return { status, body: { message, documentation_url: DOCS, status: String(status), ...extra } }
}

const notFound = (): RouteResult => errorResult(404, 'Not Found')

/** 422 as GitHub words a rejected pull request or label change. */
function validationFailed(errors: Record<string, unknown>[]): RouteResult {
  return errorResult(422, 'Validation Failed', { errors })
}

// GitHub's legacy `permission` folds maintain into write and triage into read.
const LEGACY: Record<Permission, string> = {
  admin: 'admin',
  maintain: 'write',
  write: 'write',
  triage: 'read',
  read: 'read',
  none: 'none'
}
const RANK: Permission[] = ['none', 'read', 'triage', 'write', 'maintain', 'admin']

/** The REST operations the fake implements, keyed by `METHOD template` exactly as the description spells them. */
export const routes: Record<string, Handler> = {
  'GET /repos/{owner}/{repo}': ({ shapes }) => ({ status: 200, body: shapes.repository() }),

  'GET /repos/{owner}/{repo}/collaborators/{username}/permission': ({ state, shapes, pathParams }) => {
    const login = pathParams.username
    if (state.unknownUsers.has(login)) return notFound()
    // Someone never given a role is an outsider: they can read a public repository and nothing else.
    const role = state.permissions.get(login) ?? (state.private ? 'none' : 'read')
    const level = RANK.indexOf(role)
    const permissions = {
      pull: level >= 1,
      triage: level >= 2,
      push: level >= 3,
      maintain: level >= 4,
      admin: level >= 5
    }
    return {
      status: 200,
      body: {
        permission: LEGACY[role],
        role_name: role,
        user: { ...shapes.user(login), permissions, role_name: role }
      }
    }
  },

  'GET /repos/{owner}/{repo}/issues/{issue_number}': ctx =>
    withIssue(ctx, issue => ok(ctx.shapes.issue(issue))),

  'PATCH /repos/{owner}/{repo}/issues/{issue_number}': ctx =>
    withIssue(ctx, issue => {
      const { title, body, state, state_reason, labels } = ctx.body
      if (title !== undefined && title !== null) issue.title = String(title)
      if (body !== undefined) issue.body = body
      if (labels !== undefined) issue.labels = labelNames(ctx, labels)
      if (state !== undefined) setState(issue, state, ctx.now, state_reason)
      issue.updatedAt = ctx.now
      return ok(ctx.shapes.issue(issue))
    }),

  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': ctx =>
    withIssue(ctx, issue => {
      const since = ctx.query.since
      const comments = commentsOf(ctx.state, issue.number).filter(
        c => !since || c.updatedAt >= normalise(since)
      )
      return paginate(ctx, comments.map(ctx.shapes.comment))
    }),

  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': ctx =>
    withIssue(ctx, issue => {
      const comment = insertComment(ctx.state, ctx.now, issue.number, ctx.body.body)
      return created(ctx.shapes.comment(comment))
    }),

  'GET /repos/{owner}/{repo}/issues/comments/{comment_id}': ctx =>
    withComment(ctx, comment => ok(ctx.shapes.comment(comment))),

  'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': ctx =>
    withComment(ctx, comment => {
      comment.body = ctx.body.body
      comment.updatedAt = ctx.now
      return ok(ctx.shapes.comment(comment))
    }),

  'POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions': ctx =>
    withComment(ctx, comment => {
      const content = ctx.body.content as ReactionContent
      const { state } = ctx
      // The same person reacting the same way twice gets the existing reaction back, with 200.
      const existing = state.reactions.find(
        r => r.commentId === comment.id && r.user === state.actor && r.content === content
      )
      if (existing) return ok(ctx.shapes.reaction(existing))
      const id = nextId(state)
      const reaction = {
        id,
        nodeId: nodeId('REA_lADO', id),
        commentId: comment.id,
        content,
        user: state.actor,
        createdAt: ctx.now
      }
      state.reactions.push(reaction)
      return { status: 201, body: ctx.shapes.reaction(reaction) }
    }),

  'POST /repos/{owner}/{repo}/issues/{issue_number}/labels': ctx =>
    withIssue(ctx, issue => {
      const raw = Array.isArray(ctx.body)
        ? ctx.body
        : typeof ctx.body === 'string'
          ? [ctx.body]
          : ctx.body.labels
      issue.labels = [...new Set([...issue.labels, ...labelNames(ctx, raw ?? [])])]
      return ok(issue.labels.map(ctx.shapes.label))
    }),

  'DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}': ctx =>
    withIssue(ctx, issue => {
      const name = ctx.pathParams.name.toLowerCase()
      if (!issue.labels.some(l => l.toLowerCase() === name)) return errorResult(404, 'Label does not exist')
      issue.labels = issue.labels.filter(l => l.toLowerCase() !== name)
      return ok(issue.labels.map(ctx.shapes.label))
    }),

  'GET /repos/{owner}/{repo}/pulls': ctx => {
    const { state: wanted = 'open', head, base, sort = 'created' } = ctx.query
    let headBranch: string | undefined
    if (head !== undefined) {
      const at = head.indexOf(':')
      // GitHub only filters on `owner:branch`; a bare branch name is silently ignored, a classic bug.
      if (at < 0) ctx.warn(`GET /pulls head=${head} lacks the "owner:" prefix; GitHub ignores such a filter`)
      else if (head.slice(0, at).toLowerCase() !== ctx.state.owner.toLowerCase()) return paginate(ctx, [])
      else headBranch = head.slice(at + 1)
    }
    const direction = ctx.query.direction ?? (sort === 'created' ? 'desc' : 'asc')
    const key = (i: IssueRecord): string =>
      (sort === 'updated' ? i.updatedAt : i.createdAt) + String(i.number).padStart(9)
    const pulls = [...ctx.state.issues.values()]
      .filter(i => i.pull && (wanted === 'all' || i.state === wanted))
      .filter(i => headBranch === undefined || i.pull?.head === headBranch)
      .filter(i => base === undefined || i.pull?.base === base)
      .sort((a, b) => (direction === 'asc' ? 1 : -1) * key(a).localeCompare(key(b)))
    return paginate(
      ctx,
      pulls.map(i => ctx.shapes.pull(i, false))
    )
  },

  'POST /repos/{owner}/{repo}/pulls': ctx => {
    const { state } = ctx
    const { title, body, draft, maintainer_can_modify, issue } = ctx.body
    if (issue !== undefined)
      ctx.warn('POST /pulls with `issue` (convert an issue) is not implemented by the fake')
    if (typeof title !== 'string')
      return validationFailed([{ resource: 'PullRequest', field: 'title', code: 'missing_field' }])
    const head = stripOwner(ctx, ctx.body.head)
    const base: string = ctx.body.base
    if (head === undefined || !branchExists(ctx, head))
      return validationFailed([{ resource: 'PullRequest', field: 'head', code: 'invalid' }])
    if (!branchExists(ctx, base))
      return validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }])
    if (head === base)
      return validationFailed([
        { resource: 'PullRequest', code: 'custom', message: `No commits between ${base} and ${head}` }
      ])
    const open = [...state.issues.values()].find(
      i => i.state === 'open' && i.pull?.head === head && i.pull.base === base
    )
    if (open) {
      const message = `A pull request already exists for ${state.owner}:${head}.`
      return validationFailed([{ resource: 'PullRequest', code: 'custom', message }])
    }
    const record = insertIssue(state, ctx.now, {
      title,
      body: body ?? null,
      pull: {
        head,
        base,
        draft: draft ?? false,
        merged: false,
        maintainerCanModify: maintainer_can_modify ?? true
      }
    })
    return created(ctx.shapes.pull(record, true))
  },

  'GET /repos/{owner}/{repo}/pulls/{pull_number}': ctx =>
    withPull(ctx, pull => ok(ctx.shapes.pull(pull, true))),

  'PATCH /repos/{owner}/{repo}/pulls/{pull_number}': ctx =>
    withPull(ctx, pull => {
      const { title, body, state, base } = ctx.body
      if (base !== undefined && !branchExists(ctx, base))
        return validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }])
      if (title !== undefined) pull.title = title
      if (body !== undefined) pull.body = body
      if (base !== undefined && pull.pull) pull.pull.base = base
      if (state !== undefined) setState(pull, state, ctx.now)
      pull.updatedAt = ctx.now
      return ok(ctx.shapes.pull(pull, true))
    })
}

function ok(body: unknown): RouteResult {
  return { status: 200, body }
}

function withIssue(ctx: RouteContext, then: (issue: IssueRecord) => RouteResult): RouteResult {
  const issue = ctx.state.issues.get(Number(ctx.pathParams.issue_number))
  return issue ? then(issue) : notFound()
}

function withPull(ctx: RouteContext, then: (pull: IssueRecord) => RouteResult): RouteResult {
  const pull = ctx.state.issues.get(Number(ctx.pathParams.pull_number))
  return pull?.pull ? then(pull) : notFound()
}

function withComment(ctx: RouteContext, then: (comment: CommentRecord) => RouteResult): RouteResult {
  const comment = ctx.state.comments.get(Number(ctx.pathParams.comment_id))
  return comment ? then(comment) : notFound()
}

function created(body: Record<string, unknown>): RouteResult {
  return { status: 201, body, headers: { location: String(body.url) } }
}

function setState(
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

function labelNames(ctx: RouteContext, raw: (string | { name: string })[]): string[] {
  return raw.map(item => ensureLabel(ctx.state, typeof item === 'string' ? item : item.name).name)
}

/** `head` may be `owner:branch`; only same-repository pull requests are modelled. */
function stripOwner(ctx: RouteContext, head: string): string | undefined {
  const at = head.indexOf(':')
  if (at < 0) return head
  return head.slice(0, at).toLowerCase() === ctx.state.owner.toLowerCase() ? head.slice(at + 1) : undefined
}

function branchExists(ctx: RouteContext, name: string): boolean {
  return name === ctx.state.defaultBranch || (ctx.branchExists?.(name) ?? true)
}

function normalise(time: string): string {
  const ms = Date.parse(time)
  return Number.isNaN(ms) ? time : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** GitHub's page-number pagination: `per_page` (at most 100, default 30), `page`, and a `Link` header. */
function paginate(ctx: RouteContext, items: unknown[]): RouteResult {
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
