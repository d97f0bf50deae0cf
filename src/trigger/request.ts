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
  /** The issue the run belongs to, when there is one. */
  issueNumber?: number
  /** The feature text. Undefined when it must be read from `issueNumber` (dispatch with an issue). */
  feature?: Feature
  /** The comment that triggered the run, to react to. */
  commentId?: number
}

export interface Skip {
  kind: 'skip'
  reason: string
}

export type TriggerDecision = RunRequest | Skip
