import {
  created,
  normalise,
  notFound,
  ok,
  paginate,
  validationFailed,
  withPull,
  type Handler,
  type RouteContext,
  type RouteResult
} from './fake-github-http.js'
import { insertReply, reviewCommentsOf, type ReviewCommentRecord } from './fake-github-review-state.js'

/**
 * Review comments and replies in their threads. What GitHub refuses, the fake refuses the same way:
 * - a reply whose `comment_id` is itself a reply: GitHub documents "This must be the ID of a top-level
 *   review comment, not a reply to that comment. Replies to replies are not supported." and documents no
 *   answer but 201 and 404 for the operation, so the fake answers 404;
 * - a reply to a comment of another pull request, or to no comment at all: 404;
 * - a blank body: 422 "Validation Failed", as for any review comment without a text.
 */
export const reviewRoutes: Record<string, Handler> = {
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/comments': ctx =>
    withPull(ctx, pull => {
      const review = ctx.state.reviews.get(Number(ctx.pathParams.review_id))
      if (!review || review.pullNumber !== pull.number) return notFound()
      const comments = reviewCommentsOf(ctx.state, pull.number).filter(c => c.reviewId === review.id)
      return paginate(
        ctx,
        comments.map(c => ctx.shapes.reviewComment(c, 'review-comment'))
      )
    }),

  'GET /repos/{owner}/{repo}/pulls/{pull_number}/comments': ctx =>
    withPull(ctx, pull => {
      const { since, sort, direction } = ctx.query
      // Ascending by id unless `sort` says otherwise; `direction` is ignored without `sort`, as documented.
      let comments = reviewCommentsOf(ctx.state, pull.number).filter(
        c => !since || c.updatedAt >= normalise(since)
      )
      if (sort !== undefined) {
        const key = (c: ReviewCommentRecord): string =>
          (sort === 'updated' ? c.updatedAt : c.createdAt) + String(c.id).padStart(12)
        const sign = (direction ?? 'desc') === 'asc' ? 1 : -1
        comments = [...comments].sort((a, b) => sign * key(a).localeCompare(key(b)))
      }
      return paginate(
        ctx,
        comments.map(c => ctx.shapes.reviewComment(c))
      )
    }),

  'GET /repos/{owner}/{repo}/pulls/comments/{comment_id}': ctx =>
    withReviewComment(ctx, comment => ok(ctx.shapes.reviewComment(comment))),

  'POST /repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies': ctx =>
    withPull(ctx, pull =>
      withReviewComment(ctx, comment => {
        if (comment.pullNumber !== pull.number || comment.inReplyToId !== undefined) return notFound()
        const body: string = ctx.body.body
        if (body.trim() === '')
          return validationFailed([
            { resource: 'PullRequestReviewComment', code: 'missing_field', field: 'body' }
          ])
        const reply = insertReply(ctx.state, ctx.now, comment, { user: ctx.state.actor, body })
        return created(ctx.shapes.reviewComment(reply))
      })
    )
}

function withReviewComment(
  ctx: RouteContext,
  then: (comment: ReviewCommentRecord) => RouteResult
): RouteResult {
  const comment = ctx.state.reviewComments.get(Number(ctx.pathParams.comment_id))
  return comment ? then(comment) : notFound()
}
