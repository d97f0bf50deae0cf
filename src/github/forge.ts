import { AgentTeamError } from '../util/errors.js'

/**
 * The Forge port: everything the engine asks of GitHub. The action uses octokit-forge.ts; the CLI uses a
 * local stand-in that writes files. Numbers are GitHub's issue/PR numbers; ids are comment ids.
 */
export type Permission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none'

export interface RepoRef {
  owner: string
  repo: string
}

export interface IssueData {
  number: number
  title: string
  body: string
  htmlUrl: string
  labels: string[]
  isPullRequest: boolean
}

export interface CommentRef {
  id: number
  htmlUrl: string
}

export interface PullRef {
  number: number
  htmlUrl: string
  nodeId: string
  draft: boolean
  title: string
}

/** A pull request as a follow-up needs it. */
export interface PullData extends PullRef {
  /** The head branch name (no refs/heads/). */
  headRef: string
  baseRef: string
  headSha: string
  state: 'open' | 'closed'
  merged: boolean
  /** True when the head branch lives in a fork (another repository). */
  fromFork: boolean
  body: string
}

/** A line comment of a pull request review (REST "pull request review comment"). */
export interface ReviewComment {
  id: number
  /** GraphQL node id. */
  nodeId: string
  body: string
  author: string
  authorIsBot: boolean
  path: string
  /** The line range the comment is on, in the file's new version when it has one; undefined for a file-level comment. */
  startLine?: number
  line?: number
  side?: 'LEFT' | 'RIGHT'
  diffHunk: string
  /** The comment this one answers, when it is a reply in a thread. */
  inReplyToId?: number
  reviewId?: number
  htmlUrl: string
  createdAt: string
}

/** A review thread as GraphQL shows it: its node id, whether it is resolved, and its comments' REST ids. */
export interface ReviewThread {
  id: string
  isResolved: boolean
  commentIds: number[]
}

/** A comment as the run reads it back: who wrote it and when. */
export interface CommentData extends CommentRef {
  body: string
  author: string
  createdAt: string
}

/** A comment found by a look over the whole repository, with the issue or pull request it is on. */
export interface PolledComment extends CommentData {
  issueNumber: number
}

/**
 * The answer to a conditional read: unchanged since the ETag the caller had (GitHub answers 304, which does
 * not count against the rate limit), or the comments with the ETag to send next time.
 */
export type CommentPoll = { changed: false } | { changed: true; etag?: string; comments: PolledComment[] }

/** A label the engine creates when the repository lacks it, so it shows with a colour and a meaning. */
export interface LabelSpec {
  name: string
  /** Six hex digits, without `#`. */
  color: string
  description: string
}

/** A label as GitHub shows it on an issue; `description` is empty when the label has none. */
export type LabelData = LabelSpec

export interface Forge {
  readonly repo: RepoRef
  /**
   * The least time between two writes of one comment (GitHub asks for spacing; comment-spacing.ts). Default:
   * COMMENT_WRITE_GAP_MS; 0 where a comment is a local file.
   */
  readonly commentGapMs?: number
  /** The actor's permission on the repository; `none` when they are not a collaborator. */
  getPermission(login: string): Promise<Permission>
  getDefaultBranch(): Promise<string>
  getIssue(number: number): Promise<IssueData>
  /** Posts a comment; like createPull, a retry after a 5xx first looks for the comment it may have made. */
  createComment(issueNumber: number, body: string): Promise<CommentRef>
  updateComment(commentId: number, body: string): Promise<CommentRef>
  /**
   * The login GitHub records as the author of what this token writes (`github-actions[bot]`, an App's
   * `<slug>[bot]`, a PAT's user); undefined when it cannot be told.
   */
  identity(): Promise<string | undefined>
  /**
   * The first comment on the issue that this token's identity wrote and whose body contains `marker` (a
   * hidden HTML comment). Anyone can paste a marker into a comment; only our own are ever adopted.
   */
  findComment(issueNumber: number, marker: string): Promise<CommentRef | undefined>
  /**
   * The repository's newest comments on issues and pull requests (one page of 100, newest first) created or
   * edited since `since`, read conditionally with `etag`: one request, however many issues the caller
   * watches.
   */
  pollComments(options: { since: string; etag?: string }): Promise<CommentPoll>
  /** React to the comment that triggered the run, so the person sees it was heard. */
  addReaction(commentId: number, content: 'eyes' | 'rocket' | '+1' | 'confused'): Promise<void>
  /** Creates the label in the repository unless a label of that name exists (whatever its colour). */
  ensureLabel(label: LabelSpec): Promise<void>
  /**
   * Adds labels to the issue and returns every label it then carries. GitHub creates a label the repository
   * lacks, grey (`ededed`) and without a description.
   */
  addLabels(issueNumber: number, labels: string[]): Promise<LabelData[]>
  /** Gives an existing label the colour and description of `label`. */
  updateLabel(label: LabelSpec): Promise<void>
  removeLabel(issueNumber: number, label: string): Promise<void>
  findOpenPull(head: string): Promise<PullRef | undefined>
  /**
   * Opens a pull request. A 5xx answer may come after GitHub made it: the PR of `head` is looked up before
   * the request is sent again, so a retry never opens a second one. Throws DraftsUnsupported when the
   * repository refuses drafts.
   */
  createPull(options: {
    head: string
    base: string
    title: string
    body: string
    draft: boolean
  }): Promise<PullRef>
  updatePull(number: number, options: { title?: string; body?: string }): Promise<void>
  /** Takes the PR out of draft; throws (a GraphQL error included) when GitHub does not. */
  markReadyForReview(pull: PullRef): Promise<void>
  getPull(number: number): Promise<PullData>
  /** The comments of one submitted review, oldest first (GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/comments). */
  listReviewComments(pullNumber: number, reviewId: number): Promise<ReviewComment[]>
  /** One review comment by id (GET /repos/{owner}/{repo}/pulls/comments/{comment_id}). */
  getReviewComment(commentId: number): Promise<ReviewComment>
  /**
   * Replies in the thread of a top-level review comment (POST .../pulls/{pull_number}/comments/{comment_id}/replies);
   * like createComment, a retry after a 5xx first looks for the reply it may have made. `commentId` must be
   * the thread's first comment: GitHub documents that replies to replies are not supported (its answer is
   * 404), so a caller holding a reply passes its `inReplyToId`. Throws ReplyToReply when given a reply.
   */
  replyToReviewComment(pullNumber: number, commentId: number, body: string): Promise<CommentRef>
  /** Every review thread of the PR (GraphQL reviewThreads, paginated). */
  listReviewThreads(pullNumber: number): Promise<ReviewThread[]>
  /** Resolves a thread (GraphQL resolveReviewThread); resolving a resolved thread is not an error. */
  resolveReviewThread(threadId: string): Promise<void>
  /**
   * Starts a run of one of the repository's workflows (workflow_dispatch) on `ref`, with string inputs. GitHub
   * answers 204 and starts the run a few seconds later; the token needs `actions: write`.
   */
  dispatchWorkflow(request: { workflow: string; ref: string; inputs: Record<string, string> }): Promise<void>
}

/** The repository takes no draft pull requests (private repositories on some plans). */
export class DraftsUnsupported extends AgentTeamError {}

/**
 * GitHub refused to start a workflow run (403, 404 or 422); the message says what to change in the workflow
 * or its permissions. Such a refusal is final: sending the same dispatch again gets the same answer.
 */
export class DispatchRefused extends AgentTeamError {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}

/** A reply was aimed at a reply; GitHub threads replies only under a thread's first comment. */
export class ReplyToReply extends AgentTeamError {
  constructor(
    readonly commentId: number,
    /** The thread's first comment: the one to reply to instead. */
    readonly topLevelId: number
  ) {
    super(
      `Review comment ${commentId} is itself a reply; GitHub takes replies only to a thread's first ` +
        `comment, here ${topLevelId}. Reply to ${topLevelId} instead.`
    )
  }
}
