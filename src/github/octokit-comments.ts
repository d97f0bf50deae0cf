import { statusOf } from './applied-once.js'
import { createCommentSpacing } from './comment-spacing.js'
import type { CommentData, CommentRef, Forge } from './forge.js'
import { lookbackStart, SEND_ONCE, writeOnce, type OctokitContext } from './octokit-context.js'

type CommentOperations = Pick<
  Forge,
  'createComment' | 'updateComment' | 'findComment' | 'pollComments' | 'addReaction'
>

/**
 * Issue comments: made once, edited no sooner than 3 s after their last write ended (comment-spacing.ts),
 * found again by the marker they carry (only the token's own count), polled conditionally, and reacted to.
 */
export function createCommentOperations(ctx: OctokitContext): CommentOperations {
  const { octokit, repo } = ctx
  const spacing = createCommentSpacing(ctx.clock)

  const listOwnComments = async (issueNumber: number, since?: string): Promise<CommentData[]> => {
    const me = await ctx.ownLogin()
    if (!me) return []
    const found: CommentData[] = []
    const iterator = octokit.paginate.iterator(octokit.rest.issues.listComments, {
      ...repo,
      issue_number: issueNumber,
      per_page: 100,
      ...(since ? { since } : {})
    })
    for await (const page of iterator) {
      for (const comment of page.data.map(toCommentData)) if (comment.author === me) found.push(comment)
    }
    return found
  }

  return {
    async createComment(issueNumber, body) {
      const since = lookbackStart(ctx)
      const made = await writeOnce<CommentRef>(
        ctx,
        `Commenting on #${issueNumber}`,
        async () => {
          const { data } = await octokit.rest.issues.createComment({
            ...repo,
            issue_number: issueNumber,
            body,
            ...SEND_ONCE
          })
          return { id: data.id, htmlUrl: data.html_url }
        },
        async () => (await listOwnComments(issueNumber, since)).find(c => c.body === body)
      )
      spacing.created(made.id)
      return made
    },

    updateComment(commentId, body) {
      return spacing.edit(commentId, async () => {
        const { data } = await octokit.rest.issues.updateComment({ ...repo, comment_id: commentId, body })
        return { id: data.id, htmlUrl: data.html_url }
      })
    },

    async findComment(issueNumber, marker) {
      const found = (await listOwnComments(issueNumber)).find(comment => comment.body.includes(marker))
      return found ? { id: found.id, htmlUrl: found.htmlUrl } : undefined
    },

    async pollComments({ since, etag }) {
      try {
        // The repository-wide list answers for the issue and its PR at once. Newest first, so a command
        // posted since the last look is on the first page however busy the repository is.
        const response = await octokit.rest.issues.listCommentsForRepo({
          ...repo,
          since,
          sort: 'created',
          direction: 'desc',
          per_page: 100,
          ...(etag ? { headers: { 'if-none-match': etag } } : {})
        })
        const comments = response.data.flatMap(comment => {
          const issueNumber = issueNumberOf(comment.issue_url)
          return issueNumber === undefined ? [] : [{ ...toCommentData(comment), issueNumber }]
        })
        return { changed: true, etag: response.headers.etag, comments }
      } catch (error) {
        // 304: nothing new since the last look, and GitHub does not count the request against the limit.
        if (statusOf(error) === 304) return { changed: false }
        throw error
      }
    },

    async addReaction(commentId, content) {
      await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: commentId, content })
    }
  }
}

/** The number at the end of a comment's `issue_url` (`…/repos/{owner}/{repo}/issues/{number}`). */
function issueNumberOf(issueUrl: string): number | undefined {
  const number = /\/issues\/(\d+)$/.exec(issueUrl)?.[1]
  return number === undefined ? undefined : Number(number)
}

function toCommentData(comment: {
  id: number
  html_url: string
  body?: string
  created_at: string
  user: { login: string } | null
}): CommentData {
  return {
    id: comment.id,
    htmlUrl: comment.html_url,
    body: comment.body ?? '',
    author: comment.user?.login ?? '',
    createdAt: comment.created_at
  }
}
