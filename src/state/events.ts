import type { Usage } from '../models/model.js'
import type { Plan } from '../planning/plan.js'
import type { Feature, TriggerKind } from '../trigger/request.js'

/**
 * Everything that can happen to a run, as the engine reports it to the reducer. Each event carries the
 * time it happened (`at`, ISO 8601 in UTC) so the reducer stays a pure function of its inputs.
 */
interface At {
  at: string
}

/** Who a blocked agent asks: the manager answers from the plan, people answer in a comment. */
export type Asked = 'manager' | 'human'

/** How a run can end; `interrupted` has its own event because it needs a reason and requeues work. */
export type FinishedStatus = 'done' | 'partial' | 'waiting' | 'failed'

/** The trigger was accepted and the run begins. */
export interface RunStarted extends At {
  type: 'run_started'
  trigger: TriggerKind
  actor: string
  issueNumber?: number
  feature: Feature
  baseBranch: string
  featureBranch: string
}

/** A later workflow run picks up a run that had stopped (`/agents answer`, `/agents retry`, a follow-up). */
export interface RunResumed extends At {
  type: 'run_resumed'
}

/** The manager produced a valid plan; `usage` and `costUsd` are what the planning calls spent. */
export interface PlanMade extends At {
  type: 'plan_made'
  plan: Plan
  version: number
  usage: Usage
  costUsd: number
  /** Whose API the planning calls were made on. */
  provider?: string
  /**
   * Why this version was made, for every version after the first: a failed task, `/agents revise`, a review.
   * Recorded with the changes in `plan_history`.
   */
  reason?: string
  /** Tasks the new version drops, each with the manager's reason; a merged task is never dropped. */
  dropped?: { id: string; reason: string }[]
  /** The follow-up round the version's new tasks belong to (2 and up). */
  round?: number
}

/** With `approval: plan`: the plan is committed and posted, and no agent starts until someone approves it. */
export interface ApprovalRequested extends At {
  type: 'approval_requested'
}

/** `/agents approve`: the work starts from the committed plan. */
export interface PlanApproved extends At {
  type: 'plan_approved'
  by: string
}

/** A line comment of a review, as a follow-up round reads it. */
export interface RoundComment {
  id: number
  /** The first comment of the comment's thread: replies go under it. */
  threadRoot: number
  path: string
  startLine?: number
  line?: number
  author: string
  body: string
}

/** A review or a comment on the run's pull request asks for more work: a follow-up round begins. */
export interface RoundStarted extends At {
  type: 'round_started'
  round: number
  trigger: 'review' | 'review_comment' | 'comment'
  actor: string
  reviewId?: number
  /** The review's body or the comment's text, sanitised. */
  request: string
  comments: RoundComment[]
}

/** What the manager decided for each comment of the round: the tasks that address it, or why not. */
export interface CommentsTriaged extends At {
  type: 'comments_triaged'
  round: number
  comments: { id: number; tasks?: string[]; reason?: string }[]
}

/** The round's reply in one review thread, and whether the thread was resolved. */
export interface ThreadReplied extends At {
  type: 'thread_replied'
  round: number
  threadRoot: number
  replyId: number
  url: string
  resolved: boolean
}

/** Manager calls outside a plan that was made: a plan that failed, an answer to a blocker. */
export interface ManagerUsage extends At {
  type: 'manager_usage'
  usage: Usage
  costUsd: number
  /** Whose API the tokens were spent on. */
  provider?: string
}

/** The draft pull request the run opened (or found) for the feature branch. */
export interface PullRequestOpened extends At {
  type: 'pull_request_opened'
  number: number
  url: string
  /** False when the repository takes no drafts and the PR opened as a normal one, titled as in progress. */
  draft?: boolean
}

/** A comment the run posted and will edit from now on, instead of posting again. */
export interface CommentOwned extends At {
  type: 'comment_owned'
  kind: 'plan' | 'progress'
  id: number
  url: string
}

/** An agent session began work on the task in its own worktree and branch. */
export interface TaskStarted extends At {
  type: 'task_started'
  taskId: string
  branch: string
  /** 1 for the first session on the task, one more for each later one. */
  attempt: number
  /** The session's provider and model, as provider:model. */
  model?: string
  /** The workflow run doing the task, in a run spread over several runners. */
  runner?: RunnerRef
}

/** Tokens a task's session spent since the last report (a delta, not a total). */
export interface TaskUsage extends At {
  type: 'task_usage'
  taskId: string
  usage: Usage
  costUsd: number
  /** Whose API the tokens were spent on (`anthropic`, `openai`). */
  provider?: string
}

/** A progress note from an agent (or the manager) about a task. */
export interface AgentUpdateEvent extends At {
  type: 'agent_update'
  taskId: string
  role: string
  message: string
}

/** The agent cannot go on without an answer. */
export interface TaskBlocked extends At {
  type: 'task_blocked'
  taskId: string
  question: string
  askedOf: Asked
}

/** The answer becomes a decision every agent follows. */
export interface BlockerAnswered extends At {
  type: 'blocker_answered'
  taskId: string
  answer: string
  by: Asked
}

/** The agent called `finish_task`. The work is on the task branch, not merged yet. */
export interface TaskFinished extends At {
  type: 'task_finished'
  taskId: string
  summary: string
  filesChanged: string[]
  checksRun: string[]
}

/** The task branch is merged into the feature branch at `sha`. */
export interface TaskMerged extends At {
  type: 'task_merged'
  taskId: string
  sha: string
}

/** The task cannot be finished in this run: the session failed or stalled, or its merge did. */
export interface TaskFailed extends At {
  type: 'task_failed'
  taskId: string
  reason: string
}

/** Merging the task branch into the feature branch conflicted on these files. */
export interface IntegrationRequested extends At {
  type: 'integration_requested'
  taskId: string
  conflictedFiles: string[]
}

/** The conflicts of the task's open integration request are resolved. */
export interface IntegrationResolved extends At {
  type: 'integration_resolved'
  taskId: string
  resolution?: string
}

/** `/agents retry`: the task goes back to the queue; what it spent and its attempt count stay. */
export interface TaskReset extends At {
  type: 'task_reset'
  taskId: string
}

/** A workflow run of the scale-out (runners > 1): its id (`<run id>-<attempt>`) and its page. */
export interface RunnerRef {
  id: string
  url?: string
}

/**
 * A runner claims a ready task for a new workflow run (workflow_dispatch), compare-and-swap style: `over` is
 * the task's claim as the runner saw it (its heartbeat, or its last dispatch; absent for a task never
 * claimed), and the claim holds only if nobody changed it since. Two runners that saw the same merge both
 * try; replayed over the committed state, only the first one's claim fits, so the task is dispatched once.
 * A running task whose heartbeat went stale is claimed the same way: it goes back to the queue.
 */
export interface TaskDispatched extends At {
  type: 'task_dispatched'
  taskId: string
  by: string
  over?: string
}

/** The runner doing a task is alive (a running task's heartbeat_at moves on). */
export interface TaskHeartbeat extends At {
  type: 'task_heartbeat'
  taskId: string
  runner: string
}

/**
 * A runner claims the run's finishing step (final checks, the PR out of draft, the last comment): the first
 * claim committed holds, so two runners that merge the last tasks together finish the run once.
 */
export interface RunFinishing extends At {
  type: 'run_finishing'
  runner: string
}

/** The run ended; `failed` also ends a run that hit an unexpected error. */
export interface RunFinished extends At {
  type: 'run_finished'
  status: FinishedStatus
  /** Why the run did not succeed, when it did not. */
  error?: string
}

/** How a run that was halted from outside ends; see RunInterrupted. */
export type HaltedStatus = 'interrupted' | 'stopped' | 'partial'

/**
 * The run was halted before its work was done; running tasks go back to the queue with their work committed
 * to their branches. `interrupted` (the default): the runner cancelled the job, or it died; `stopped`: someone
 * asked with `/agents stop`; `partial`: the run's own deadline (`timeout_minutes`) passed.
 */
export interface RunInterrupted extends At {
  type: 'run_interrupted'
  reason: string
  as?: HaltedStatus
}

/** Any event the reducer understands. */
export type StateEvent =
  | RunStarted
  | RunResumed
  | PlanMade
  | ApprovalRequested
  | PlanApproved
  | RoundStarted
  | CommentsTriaged
  | ThreadReplied
  | ManagerUsage
  | PullRequestOpened
  | CommentOwned
  | TaskStarted
  | TaskUsage
  | AgentUpdateEvent
  | TaskBlocked
  | BlockerAnswered
  | TaskFinished
  | TaskMerged
  | TaskFailed
  | IntegrationRequested
  | IntegrationResolved
  | TaskReset
  | TaskDispatched
  | TaskHeartbeat
  | RunFinishing
  | RunFinished
  | RunInterrupted

/** Events that name a task. */
export type TaskEvent = Exclude<Extract<StateEvent, { taskId: string }>, TaskDispatched | TaskHeartbeat>
