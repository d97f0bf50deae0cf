import { statusOf } from './applied-once.js'
import {
  ReplyToReply,
  type CommentRef,
  type Forge,
  type PullData,
  type ReviewComment,
  type ReviewThread
} from './forge.js'
import { lookbackStart, SEND_ONCE, writeOnce, type OctokitContext } from './octokit-context.js'

type ReviewOperations = Pick<
  Forge,
  | 'getPull'
  | 'listReviewComments'
  | 'getReviewComment'
  | 'replyToReviewComment'
  | 'listReviewThreads'
  | 'resolveReviewThread'
>

// GitHub caps every connection page at 100; a thread with more comments than that is not a thing people write.
// Review comment ids passed 2^31, where GraphQL's `databaseId` (a 32-bit Int) answers null: `fullDatabaseId`
// (a BigInt, sent as a string) carries them.
const THREADS_QUERY = `query($owner: String!, $name: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $after) {
        nodes { id isResolved comments(first: 100) { nodes { fullDatabaseId } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}`

interface ThreadsPage {
  repository: {
    pullRequest: {
      reviewThreads: {
        nodes: { id: string; isResolved: boolean; comments: { nodes: { fullDatabaseId: string | null }[] } }[]
        pageInfo: { hasNextPage: boolean; endCursor: string | null }
      }
    } | null
  } | null
}

/**
 * A pull request's reviews: its line comments (REST), replies in their threads (REST, made once), and the
 * threads themselves (GraphQL, since REST has no notion of a thread or of resolving one).
 */
export function createReviewOperations(ctx: OctokitContext): ReviewOperations {
  const { octokit, repo } = ctx

  const getReviewComment = async (commentId: number): Promise<ReviewComment> =>
    toReviewComment((await octokit.rest.pulls.getReviewComment({ ...repo, comment_id: commentId })).data)

  /** Our own reply to `commentId` with `body`, made at or after `since`, if GitHub has it. */
  const findReply = async (
    pullNumber: number,
    commentId: number,
    body: string,
    since: string
  ): Promise<CommentRef | undefined> => {
    const me = await ctx.ownLogin()
    if (!me) return undefined
    const iterator = octokit.paginate.iterator(octokit.rest.pulls.listReviewComments, {
      ...repo,
      pull_number: pullNumber,
      since,
      per_page: 100
    })
    for await (const page of iterator) {
      const found = page.data.find(
        c => c.in_reply_to_id === commentId && c.user?.login === me && c.body === body
      )
      if (found) return { id: found.id, htmlUrl: found.html_url }
    }
    return undefined
  }

  return {
    async getPull(number) {
      const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: number })
      const pull: PullData = {
        number: data.number,
        htmlUrl: data.html_url,
        nodeId: data.node_id,
        draft: data.draft ?? false,
        title: data.title,
        headRef: data.head.ref,
        baseRef: data.base.ref,
        headSha: data.head.sha,
        state: data.state === 'closed' ? 'closed' : 'open',
        merged: data.merged,
        // A deleted fork leaves `head.repo` null; either way the branch is not ours to push.
        fromFork: data.head.repo === null || data.head.repo.id !== data.base.repo.id,
        body: data.body ?? ''
      }
      return pull
    },

    async listReviewComments(pullNumber, reviewId) {
      const comments = await octokit.paginate(octokit.rest.pulls.listCommentsForReview, {
        ...repo,
        pull_number: pullNumber,
        review_id: reviewId,
        per_page: 100
      })
      return comments.map(toReviewComment).sort((a, b) => a.id - b.id)
    },

    getReviewComment,

    async replyToReviewComment(pullNumber, commentId, body) {
      const since = lookbackStart(ctx)
      try {
        return await writeOnce<CommentRef>(
          ctx,
          `Replying to review comment ${commentId} on #${pullNumber}`,
          async () => {
            const { data } = await octokit.rest.pulls.createReplyForReviewComment({
              ...repo,
              pull_number: pullNumber,
              comment_id: commentId,
              body,
              ...SEND_ONCE
            })
            return { id: data.id, htmlUrl: data.html_url }
          },
          () => findReply(pullNumber, commentId, body, since)
        )
      } catch (error) {
        // GitHub's 404 does not say why; a comment that exists but answers another is the caller's slip.
        if (statusOf(error) !== 404) throw error
        const target = await getReviewComment(commentId).catch(() => undefined)
        if (target?.inReplyToId !== undefined) throw new ReplyToReply(commentId, target.inReplyToId)
        throw error
      }
    },

    async listReviewThreads(pullNumber) {
      const threads: ReviewThread[] = []
      let after: string | null = null
      do {
        const page: ThreadsPage = await octokit.graphql<ThreadsPage>(THREADS_QUERY, {
          owner: repo.owner,
          name: repo.repo,
          number: pullNumber,
          after
        })
        const connection = page.repository?.pullRequest?.reviewThreads
        if (!connection) break
        for (const node of connection.nodes) {
          threads.push({
            id: node.id,
            isResolved: node.isResolved,
            commentIds: node.comments.nodes.flatMap(c =>
              c.fullDatabaseId === null ? [] : [Number(c.fullDatabaseId)]
            )
          })
        }
        after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null
      } while (after)
      return threads
    },

    async resolveReviewThread(threadId) {
      // GitHub answers a resolved thread with the thread as it is: resolving twice is harmless.
      await octokit.graphql(
        'mutation($id: ID!) { resolveReviewThread(input: { threadId: $id }) { thread { id isResolved } } }',
        { id: threadId }
      )
    }
  }
}

/** A review comment as the REST API answers it (the list, get and webhook shapes share these fields). */
interface RestReviewComment {
  id: number
  node_id: string
  body: string
  user: { login: string; type?: string } | null
  path: string
  start_line?: number | null
  original_start_line?: number | null
  line?: number | null
  original_line?: number | null
  side?: 'LEFT' | 'RIGHT'
  subject_type?: 'line' | 'file'
  diff_hunk: string
  in_reply_to_id?: number
  pull_request_review_id: number | null
  html_url: string
  created_at: string
}

/**
 * The port's view of a review comment. GitHub nulls `line` once a push moves the code away (the comment is
 * outdated); the original line, with the diff hunk, still says where the reviewer was looking.
 */
export function toReviewComment(comment: RestReviewComment): ReviewComment {
  const fileLevel = comment.subject_type === 'file'
  const line = fileLevel ? undefined : (comment.line ?? comment.original_line ?? undefined)
  const startLine = fileLevel ? undefined : (comment.start_line ?? comment.original_start_line ?? undefined)
  return {
    id: comment.id,
    nodeId: comment.node_id,
    body: comment.body,
    author: comment.user?.login ?? '',
    authorIsBot: comment.user?.type === 'Bot',
    path: comment.path,
    ...(startLine !== undefined ? { startLine } : {}),
    ...(line !== undefined ? { line } : {}),
    ...(comment.side && !fileLevel ? { side: comment.side } : {}),
    diffHunk: comment.diff_hunk,
    ...(comment.in_reply_to_id !== undefined && comment.in_reply_to_id !== null
      ? { inReplyToId: comment.in_reply_to_id }
      : {}),
    ...(comment.pull_request_review_id !== null ? { reviewId: comment.pull_request_review_id } : {}),
    htmlUrl: comment.html_url,
    createdAt: comment.created_at
  }
}
