/** What a trigger asks the engine to do, once the webhook event has been understood. */
export type TriggerKind = 'issues.labeled' | 'issue_comment' | 'workflow_dispatch' | 'cli'

export interface Feature {
  title: string
  body: string
}

/** What every request knows of the repository from the event, so the engine need not ask GitHub. */
export interface EventRepository {
  /** `repository.default_branch` of the webhook payload; undefined when the event has none (the CLI). */
  defaultBranch?: string
}

export interface RunRequest extends EventRepository {
  kind: 'run'
  trigger: TriggerKind
  /** The login of the person (or bot) who triggered the run. */
  actor: string
  /** True when the actor is a bot account (GitHub App, the workflow token): authorize refuses unlisted bots. */
  actorIsBot: boolean
  /** The issue the run belongs to, when there is one. */
  issueNumber?: number
  /** The feature text. Undefined when it must be read from `issueNumber` (dispatch with an issue). */
  feature?: Feature
  /** The comment that triggered the run, to react to. */
  commentId?: number
}

/** A command written in a comment after the trigger phrase, e.g. `/agents retry T3`. */
export type AgentCommand =
  | { name: 'run'; text?: string }
  | { name: 'status' }
  | { name: 'retry'; taskId: string }
  | { name: 'stop' }
  | { name: 'answer'; taskId: string; text: string }
  | { name: 'approve' }
  | { name: 'revise'; text: string }

/** A comment command other than `run`: it acts on the state of a run that already exists. */
export interface CommandRequest extends EventRepository {
  kind: 'command'
  trigger: 'issue_comment'
  command: Exclude<AgentCommand, { name: 'run' }>
  actor: string
  actorIsBot: boolean
  /** The issue (or pull request) the comment was posted on. */
  issueNumber: number
  commentId: number
  /** True when the comment is on a pull request: the run is the one that owns the PR, found by its branch. */
  onPullRequest?: boolean
}

/** What on the team's pull request asked for more work. */
export type FollowUpTrigger = 'pull_request_review' | 'pull_request_review_comment' | 'issue_comment'

/** A review's line comment as the webhook carries it (text not yet sanitised). */
export interface ReviewCommentFields {
  id: number
  author: string
  body: string
  path: string
  startLine?: number
  line?: number
  diffHunk: string
  /** Set when the comment answers another: the first comment of its thread. */
  inReplyToId?: number
  reviewId?: number
}

/**
 * A review or comment on a pull request that asks the team for more: a follow-up round on the run that owns
 * the PR (found through the PR's head branch and the committed state), on the same branch.
 */
export interface FollowUpRequest extends EventRepository {
  kind: 'follow-up'
  trigger: FollowUpTrigger
  actor: string
  actorIsBot: boolean
  pullNumber: number
  /** The head branch, when the payload names it (review events); read from the PR otherwise. */
  headRef?: string
  /** A submitted review: its body is the request, its line comments are read from GitHub. */
  review?: { id: number; body: string; state: string }
  /** A single line comment that addresses the team. */
  comment?: ReviewCommentFields
  /** `/agents run <text>` on the PR; undefined for a bare `/agents run`, which resumes the run. */
  text?: string
  /** The issue comment to react to. */
  commentId?: number
}

export interface Skip {
  kind: 'skip'
  reason: string
}

export type TriggerDecision = RunRequest | CommandRequest | FollowUpRequest | Skip
