import {
  insertReply,
  insertReview,
  reviewCommentsOf,
  threadsOf,
  type ReviewCommentInput,
  type ReviewCommentRecord,
  type ReviewRecord
} from './fake-github-review-state.js'
import type { FakeGitHubState } from './fake-github-state.js'

/** A review comment as a test asserts on it. */
export interface ReviewCommentView {
  id: number
  nodeId: string
  pullNumber: number
  reviewId: number
  user: string
  body: string
  path: string
  line?: number
  startLine?: number
  side: 'LEFT' | 'RIGHT'
  diffHunk: string
  /** Set on a reply: the id of its thread's first comment. */
  inReplyToId?: number
  /** The GraphQL id of the thread it is in. */
  threadId: string
  htmlUrl: string
  createdAt: string
}

/** A review thread as a test asserts on it. */
export interface ReviewThreadView {
  id: string
  isResolved: boolean
  /** Who resolved it (the token's actor when the API did). */
  resolvedBy?: string
  /** REST ids, the first comment first. */
  commentIds: number[]
  path: string
  line?: number
  startLine?: number
}

/** What submitReview made: the ids a webhook payload and the assertions need. */
export interface SubmittedReview {
  reviewId: number
  nodeId: string
  state: ReviewRecord['state']
  /** The review's line comments, each the first comment of a new thread, in the order given. */
  comments: ReviewCommentView[]
  /** The thread of each comment, in the same order. */
  threadIds: string[]
}

/** The FakeGitHub methods that seed and read reviews. */
export interface ReviewHelpers {
  /** Submits a review by `user` on pull request `pullNumber`, as a person does in the web UI. */
  submitReview(
    pullNumber: number,
    review: {
      user: string
      state: ReviewRecord['state']
      body?: string
      comments?: ReviewCommentInput[]
    }
  ): SubmittedReview
  /**
   * A person's reply in the thread of `commentId` (any comment of it: the web UI always threads the reply
   * under the thread's first comment). The reply comes as a review of its own, as on GitHub.
   */
  replyInThread(
    pullNumber: number,
    commentId: number,
    reply: { user: string; body: string }
  ): ReviewCommentView
  /** Every review comment of the pull request, oldest first. */
  reviewComments(pullNumber: number): ReviewCommentView[]
  /** The replies among them (by anyone; filter on `user` for the team's own). */
  reviewReplies(pullNumber: number): ReviewCommentView[]
  /** The pull request's threads in the order they were opened, with their resolved flags. */
  reviewThreads(pullNumber: number): ReviewThreadView[]
  /** Closes a pull request, as merged when `merged` is true. */
  closePull(number: number, options?: { merged?: boolean }): void
}

/** The review helpers over the fake's live state; `now` stamps what they make. */
export function createReviewHelpers(state: FakeGitHubState, now: () => string): ReviewHelpers {
  const view = (c: ReviewCommentRecord): ReviewCommentView => ({
    id: c.id,
    nodeId: c.nodeId,
    pullNumber: c.pullNumber,
    reviewId: c.reviewId,
    user: c.user,
    body: c.body,
    path: c.path,
    ...(c.line !== undefined ? { line: c.line } : {}),
    ...(c.startLine !== undefined ? { startLine: c.startLine } : {}),
    side: c.side,
    diffHunk: c.diffHunk,
    ...(c.inReplyToId !== undefined ? { inReplyToId: c.inReplyToId } : {}),
    threadId: c.threadId,
    htmlUrl: `https://github.com/${state.owner}/${state.repo}/pull/${c.pullNumber}#discussion_r${c.id}`,
    createdAt: c.createdAt
  })

  return {
    submitReview(pullNumber, review) {
      const made = insertReview(state, now(), pullNumber, review)
      const pull = state.issues.get(pullNumber)
      if (pull) pull.updatedAt = now()
      return {
        reviewId: made.review.id,
        nodeId: made.review.nodeId,
        state: made.review.state,
        comments: made.comments.map(view),
        threadIds: made.comments.map(c => c.threadId)
      }
    },
    replyInThread(pullNumber, commentId, reply) {
      const comment = state.reviewComments.get(commentId)
      if (!comment || comment.pullNumber !== pullNumber)
        throw new Error(`fake GitHub: no review comment ${commentId} on #${pullNumber}`)
      const top = comment.inReplyToId === undefined ? comment : state.reviewComments.get(comment.inReplyToId)!
      return view(insertReply(state, now(), top, reply))
    },
    reviewComments: pullNumber => reviewCommentsOf(state, pullNumber).map(view),
    reviewReplies: pullNumber =>
      reviewCommentsOf(state, pullNumber)
        .filter(c => c.inReplyToId !== undefined)
        .map(view),
    reviewThreads: pullNumber =>
      threadsOf(state, pullNumber).map(thread => {
        const first = state.reviewComments.get(thread.commentIds[0]!)
        return {
          id: thread.id,
          isResolved: thread.isResolved,
          ...(thread.resolvedBy !== undefined ? { resolvedBy: thread.resolvedBy } : {}),
          commentIds: [...thread.commentIds],
          path: first?.path ?? '',
          ...(first?.line !== undefined ? { line: first.line } : {}),
          ...(first?.startLine !== undefined ? { startLine: first.startLine } : {})
        }
      }),
    closePull(number, options = {}) {
      const pull = state.issues.get(number)
      if (!pull?.pull) throw new Error(`fake GitHub: no pull request #${number}`)
      pull.state = 'closed'
      pull.closedAt = now()
      pull.updatedAt = now()
      pull.pull.merged = options.merged ?? false
    }
  }
}
