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

/** A comment as the run reads it back: who wrote it and when. */
export interface CommentData extends CommentRef {
  body: string
  author: string
  createdAt: string
}

/**
 * The answer to a conditional read: unchanged since the ETag the caller had (GitHub answers 304, which does
 * not count against the rate limit), or the comments with the ETag to send next time.
 */
export type CommentPoll = { changed: false } | { changed: true; etag?: string; comments: CommentData[] }

/** A label the engine creates when the repository lacks it, so it shows with a colour and a meaning. */
export interface LabelSpec {
  name: string
  /** Six hex digits, without `#`. */
  color: string
  description: string
}

export interface Forge {
  readonly repo: RepoRef
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
  /** Comments on the issue created or edited since `since`, read conditionally with `etag`. */
  pollComments(issueNumber: number, options: { since: string; etag?: string }): Promise<CommentPoll>
  /** React to the comment that triggered the run, so the person sees it was heard. */
  addReaction(commentId: number, content: 'eyes' | 'rocket' | '+1' | 'confused'): Promise<void>
  /** Creates the label in the repository unless a label of that name exists (whatever its colour). */
  ensureLabel(label: LabelSpec): Promise<void>
  addLabels(issueNumber: number, labels: string[]): Promise<void>
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
}

/** The repository takes no draft pull requests (private repositories on some plans). */
export class DraftsUnsupported extends AgentTeamError {}
