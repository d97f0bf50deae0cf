import {
  created,
  errorResult,
  ok,
  paginate,
  setState,
  validationFailed,
  withPull,
  type Handler,
  type RouteContext,
  type RouteResult
} from './fake-github-http.js'
import { insertIssue, type IssueRecord } from './fake-github-state.js'

// GitHub answers this one without "Validation Failed" or `errors`: the message is the whole body
// (SWE-agent/SWE-agent#179 quotes the body; hub, gh and Octokit users report the same text).
const DRAFTS_UNSUPPORTED = 'Draft pull requests are not supported in this repository.'
const CREATE_DOCS = 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request'

/** The pull request operations, keyed by `METHOD template` as the description spells them. */
export const pullRoutes: Record<string, Handler> = {
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
    // The plan check comes before anything about the branches: a repository without drafts refuses any.
    if (draft === true && !state.draftPullRequests)
      return errorResult(422, DRAFTS_UNSUPPORTED, {}, CREATE_DOCS)
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
    if (head === base) return noCommits(base, head)
    // Only an open pull request for the same head and base blocks a new one; a closed one does not.
    const open = [...state.issues.values()].find(
      i => i.state === 'open' && i.pull?.head === head && i.pull.base === base
    )
    if (open) {
      const message = `A pull request already exists for ${state.owner}:${head}.`
      return validationFailed([{ resource: 'PullRequest', code: 'custom', message }])
    }
    if (ctx.commitsAhead && ctx.commitsAhead(base, head) === 0) return noCommits(base, head)
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

/** Same-repository names, as GitHub words it then (it qualifies both with owners only across forks). */
function noCommits(base: string, head: string): RouteResult {
  return validationFailed([
    { resource: 'PullRequest', code: 'custom', message: `No commits between ${base} and ${head}` }
  ])
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
