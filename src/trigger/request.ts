/** What a trigger asks the engine to do, once the webhook event has been understood. */
export type TriggerKind = 'issues.labeled' | 'issue_comment' | 'workflow_dispatch' | 'cli'

export interface Feature {
  title: string
  body: string
}

export interface RunRequest {
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

/** A comment command other than `run`: it acts on the state of a run that already exists. */
export interface CommandRequest {
  kind: 'command'
  trigger: 'issue_comment'
  command: Exclude<AgentCommand, { name: 'run' }>
  actor: string
  actorIsBot: boolean
  /** The issue (or pull request) the comment was posted on. */
  issueNumber: number
  commentId: number
}

export interface Skip {
  kind: 'skip'
  reason: string
}

export type TriggerDecision = RunRequest | CommandRequest | Skip
