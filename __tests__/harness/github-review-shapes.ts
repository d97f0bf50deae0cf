import type { ReviewCommentRecord } from './fake-github-review-state.js'
import { authorAssociation, type FakeGitHubState } from './fake-github-state.js'

/**
 * Review comments as GitHub's REST API returns them. Two schemas describe the same record: the pull
 * request's list, get and reply answer `pull-request-review-comment`; one review's list answers
 * `review-comment`, which also insists on the legacy `position` fields (nullable `position`, numeric
 * `original_position`). A file-level comment has no line fields at all (GitHub sends null, which the
 * description does not allow; leaving them out reads the same to clients).
 */
export interface ReviewShapes {
  reviewComment(
    record: ReviewCommentRecord,
    schema?: 'pull-request-review-comment' | 'review-comment'
  ): Record<string, unknown>
}

export function createReviewShapes(
  state: FakeGitHubState,
  api: string,
  user: (login: string) => Record<string, unknown>
): ReviewShapes {
  const repoPath = `${state.owner}/${state.repo}`
  const repoApi = `${api}/repos/${repoPath}`
  const repoWeb = `https://github.com/${repoPath}`

  function reviewComment(
    record: ReviewCommentRecord,
    schema: 'pull-request-review-comment' | 'review-comment' = 'pull-request-review-comment'
  ): Record<string, unknown> {
    const url = `${repoApi}/pulls/comments/${record.id}`
    const html = `${repoWeb}/pull/${record.pullNumber}#discussion_r${record.id}`
    const pullUrl = `${repoApi}/pulls/${record.pullNumber}`
    const fileLevel = record.line === undefined
    const lines = fileLevel
      ? {}
      : {
          line: record.line,
          original_line: record.line,
          start_line: record.startLine ?? null,
          original_start_line: record.startLine ?? null,
          start_side: record.startLine === undefined ? null : record.side,
          side: record.side
        }
    return {
      url,
      pull_request_review_id: record.reviewId,
      id: record.id,
      node_id: record.nodeId,
      diff_hunk: record.diffHunk,
      path: record.path,
      ...(schema === 'review-comment' ? { position: null, original_position: 1 } : {}),
      commit_id: record.commitId,
      original_commit_id: record.commitId,
      ...(record.inReplyToId !== undefined ? { in_reply_to_id: record.inReplyToId } : {}),
      user: user(record.user),
      body: record.body,
      created_at: record.createdAt,
      updated_at: record.updatedAt,
      html_url: html,
      pull_request_url: pullUrl,
      author_association: authorAssociation(state, record.user),
      _links: { self: { href: url }, html: { href: html }, pull_request: { href: pullUrl } },
      ...lines,
      subject_type: fileLevel ? 'file' : 'line'
    }
  }

  return { reviewComment }
}
