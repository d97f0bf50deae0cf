import { branchSha, ensureUser, nextId, nodeId, type FakeGitHubState } from './fake-github-state.js'

/**
 * GitHub's review comment ids passed 2^31 (ids like 3572055112 are common), past GraphQL's 32-bit `Int`:
 * `databaseId` answers null for them and only `fullDatabaseId` carries them. The fake's ids start there too,
 * so a client that reads `databaseId` fails here as it would on GitHub.
 */
export const REVIEW_COMMENT_IDS = 3_000_000_000

/** A review as GitHub stores it; the REST API spells `state` in capitals, webhooks in lower case. */
export interface ReviewRecord {
  id: number
  nodeId: string
  pullNumber: number
  user: string
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED'
  body: string
  commitId: string
  submittedAt: string
}

/** A line (or file) comment of a review; a reply shares its thread's place in the diff. */
export interface ReviewCommentRecord {
  id: number
  nodeId: string
  pullNumber: number
  reviewId: number
  user: string
  body: string
  path: string
  /** Undefined for a comment on the whole file (`subject_type: file`). */
  line?: number
  startLine?: number
  side: 'LEFT' | 'RIGHT'
  diffHunk: string
  commitId: string
  /** The thread's first comment; GitHub threads every reply under it, never under another reply. */
  inReplyToId?: number
  threadId: string
  createdAt: string
  updatedAt: string
}

/** A review thread: GraphQL's PullRequestReviewThread, which REST never shows. */
export interface ThreadRecord {
  id: string
  pullNumber: number
  isResolved: boolean
  resolvedBy?: string
  /** REST ids of its comments, oldest first. */
  commentIds: number[]
}

/** A comment a test submits with a review. */
export interface ReviewCommentInput {
  path: string
  /** The last line of the range; leave out for a comment on the whole file. */
  line?: number
  startLine?: number
  side?: 'LEFT' | 'RIGHT'
  body: string
  /** Default: a one-line hunk around `line`. */
  diffHunk?: string
}

/** The review and thread tables, kept beside the repository's other records. */
export interface ReviewTables {
  reviews: Map<number, ReviewRecord>
  reviewComments: Map<number, ReviewCommentRecord>
  threads: Map<string, ThreadRecord>
}

export function createReviewTables(): ReviewTables {
  return { reviews: new Map(), reviewComments: new Map(), threads: new Map() }
}

/** Records a submitted review; each of its comments opens a thread of its own. */
export function insertReview(
  state: FakeGitHubState,
  now: string,
  pullNumber: number,
  fields: { user: string; state: ReviewRecord['state']; body?: string; comments?: ReviewCommentInput[] }
): { review: ReviewRecord; comments: ReviewCommentRecord[] } {
  const pull = state.issues.get(pullNumber)
  if (!pull?.pull) throw new Error(`fake GitHub: no pull request #${pullNumber}`)
  const id = nextId(state)
  const review: ReviewRecord = {
    id,
    nodeId: nodeId('PRR_kwDO', id),
    pullNumber,
    user: ensureUser(state, fields.user).login,
    state: fields.state,
    body: fields.body ?? '',
    commitId: branchSha(pull.pull.head),
    submittedAt: now
  }
  state.reviews.set(id, review)
  const comments = (fields.comments ?? []).map(input => {
    const threadId = nodeId('PRRT_kwDO', nextId(state))
    state.threads.set(threadId, { id: threadId, pullNumber, isResolved: false, commentIds: [] })
    return insertReviewComment(state, now, review, {
      ...input,
      side: input.side ?? 'RIGHT',
      diffHunk: input.diffHunk ?? defaultHunk(input.line),
      threadId
    })
  })
  return { review, comments }
}

/**
 * A reply in the thread of `topLevel`, posted the way GitHub does it: a review of its own (state
 * COMMENTED) holding one comment that takes its place in the diff from the thread's first comment.
 */
export function insertReply(
  state: FakeGitHubState,
  now: string,
  topLevel: ReviewCommentRecord,
  fields: { user: string; body: string }
): ReviewCommentRecord {
  const { review } = insertReview(state, now, topLevel.pullNumber, {
    user: fields.user,
    state: 'COMMENTED'
  })
  const { path, line, startLine, side, diffHunk, threadId } = topLevel
  return insertReviewComment(state, now, review, {
    path,
    line,
    startLine,
    side,
    diffHunk,
    body: fields.body,
    threadId,
    inReplyToId: topLevel.id
  })
}

function insertReviewComment(
  state: FakeGitHubState,
  now: string,
  review: ReviewRecord,
  fields: Omit<
    ReviewCommentRecord,
    'id' | 'nodeId' | 'pullNumber' | 'reviewId' | 'user' | 'commitId' | 'createdAt' | 'updatedAt'
  >
): ReviewCommentRecord {
  const id = REVIEW_COMMENT_IDS + nextId(state)
  const comment: ReviewCommentRecord = {
    id,
    nodeId: nodeId('PRRC_kwDO', id),
    pullNumber: review.pullNumber,
    reviewId: review.id,
    user: review.user,
    commitId: review.commitId,
    createdAt: now,
    updatedAt: now,
    ...fields
  }
  state.reviewComments.set(id, comment)
  state.threads.get(fields.threadId)?.commentIds.push(id)
  return comment
}

/** The review comments of a pull request, oldest first, as GitHub lists them by default. */
export function reviewCommentsOf(state: FakeGitHubState, pullNumber: number): ReviewCommentRecord[] {
  return [...state.reviewComments.values()]
    .filter(c => c.pullNumber === pullNumber)
    .sort((a, b) => a.id - b.id)
}

/** The threads of a pull request in the order they were opened. */
export function threadsOf(state: FakeGitHubState, pullNumber: number): ThreadRecord[] {
  return [...state.threads.values()].filter(t => t.pullNumber === pullNumber)
}

function defaultHunk(line: number | undefined): string {
  return line === undefined ? '@@ -0,0 +1 @@\n+' : `@@ -${line},1 +${line},1 @@\n line ${line}`
}
