import {
  created,
  normalise,
  ok,
  paginate,
  setState,
  withComment,
  withIssue,
  type Handler
} from './fake-github-http.js'
import { labelNames, labelRoutes } from './fake-github-labels.js'
import { pullRoutes } from './fake-github-pulls.js'
import { reviewRoutes } from './fake-github-reviews.js'
import {
  commentsOf,
  insertComment,
  nextId,
  nodeId,
  type CommentRecord,
  type ReactionContent
} from './fake-github-state.js'
import { userRoutes } from './fake-github-users.js'
import { workflowRoutes } from './fake-github-workflows.js'

export { errorResult, type RouteContext, type RouteResult } from './fake-github-http.js'

/** Issues, their comments and the reactions on those. */
const issueRoutes: Record<string, Handler> = {
  'GET /repos/{owner}/{repo}': ({ shapes }) => ({ status: 200, body: shapes.repository() }),

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
      // `since` keeps comments updated at or after the time, edits included, as GitHub documents.
      const since = ctx.query.since
      const comments = commentsOf(ctx.state, issue.number).filter(
        c => !since || c.updatedAt >= normalise(since)
      )
      return paginate(ctx, comments.map(ctx.shapes.comment))
    }),

  // Every issue's and pull request's comments. `since` keeps those updated at or after the time; `sort`
  // (default created) and `direction` order them, `direction` only with `sort`, as GitHub documents.
  'GET /repos/{owner}/{repo}/issues/comments': ctx => {
    const since = ctx.query.since
    const comments = [...ctx.state.comments.values()].filter(c => !since || c.updatedAt >= normalise(since))
    return paginate(ctx, sortComments(comments, ctx.query).map(ctx.shapes.comment))
  },

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

  'DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}': ctx =>
    withComment(ctx, comment => {
      const { state } = ctx
      state.comments.delete(comment.id)
      state.reactions = state.reactions.filter(r => r.commentId !== comment.id)
      return { status: 204 }
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
    })
}

/**
 * The order of the repository-wide list: ascending id without `sort`; with it, by creation or update time
 * (ties by id), newest first unless `direction=asc`.
 */
function sortComments(comments: CommentRecord[], query: Record<string, string>): CommentRecord[] {
  const byId = [...comments].sort((a, b) => a.id - b.id)
  if (query.sort === undefined) return byId
  const time = (c: CommentRecord): string => (query.sort === 'updated' ? c.updatedAt : c.createdAt)
  const ascending = byId.sort((a, b) => time(a).localeCompare(time(b)) || a.id - b.id)
  return query.direction === 'asc' ? ascending : ascending.reverse()
}

/** The REST operations the fake implements, keyed by `METHOD template` exactly as the description spells them. */
export const routes: Record<string, Handler> = {
  ...issueRoutes,
  ...labelRoutes,
  ...pullRoutes,
  ...reviewRoutes,
  ...userRoutes,
  ...workflowRoutes
}
