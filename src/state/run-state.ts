import { z } from 'zod'
import type { TriggerKind } from '../trigger/request.js'

/**
 * The run state: one JSON document per run, in the `team-communication.json` layout other multi-agent
 * repos use (`current_feature`, `manager_instructions`, `agent_updates`, `integration_requests`), with the
 * engine's own keys beside them. This schema is the source of truth for the type, the loader's checks and
 * the JSON Schema shipped in `schema/`.
 */

/** The layout version this code writes and reads. A file with a higher one came from a newer release. */
export const STATE_SCHEMA_VERSION = 1

/** Every status a run can be in (the schema accepts no other); `RunStatus` is born here. */
export const RUN_STATUSES = [
  'planning',
  'planned',
  'awaiting_approval',
  'running',
  'done',
  'partial',
  'waiting',
  'failed',
  'interrupted',
  'stopped'
] as const
/** Every state a task can be in. */
export const TASK_STATES = ['queued', 'running', 'blocked', 'done', 'failed', 'dropped'] as const
const TRIGGER_KINDS = [
  'issues.labeled',
  'issue_comment',
  'workflow_dispatch',
  'cli'
] as const satisfies readonly TriggerKind[]

export type RunStatus = (typeof RUN_STATUSES)[number]
export type TaskState = (typeof TASK_STATES)[number]

// The trigger's union must not gain a member this schema would reject; this fails to compile if one does.
type Missing<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : Exclude<All, Listed>
const _allTriggers: Missing<TriggerKind, (typeof TRIGGER_KINDS)[number]> = true

const timestamp = z.iso.datetime().describe('An ISO 8601 time in UTC, e.g. 2025-01-31T12:00:00.000Z.')
const text = z.string()
const texts = z.array(z.string())
const count = z.int().nonnegative()

const usageSchema = z
  .strictObject({
    input_tokens: count,
    output_tokens: count,
    cache_creation_input_tokens: count,
    cache_read_input_tokens: count,
    cost_usd: z.number().nonnegative()
  })
  .describe('Tokens spent and what they cost in US dollars.')

const linkSchema = z.strictObject({ id: z.int().positive(), url: text })

const runSchema = z
  .strictObject({
    key: z.string().min(1).describe('The run key; the state lives at runs/<key>/team-communication.json.'),
    status: z.enum(RUN_STATUSES),
    plan_version: count.describe('0 until the manager has planned; each new plan adds one.'),
    round: z
      .int()
      .positive()
      .optional()
      .describe('The follow-up round: absent or 1 for the first build, one more for each review round.'),
    approval: z
      .strictObject({
        requested_at: timestamp,
        approved_by: text.optional(),
        approved_at: timestamp.optional()
      })
      .optional()
      .describe('With `approval: plan`: when the plan was put up for approval, and who approved it.'),
    trigger: z.enum(TRIGGER_KINDS).optional(),
    actor: text.optional().describe('The login of whoever started the run.'),
    issue_number: z.int().positive().optional(),
    feature_title: text.optional(),
    feature_body: text.optional(),
    base_branch: text.optional(),
    feature_branch: text.optional(),
    started_at: timestamp.optional(),
    updated_at: timestamp.optional(),
    finished_at: timestamp.optional(),
    stop_reason: text.optional().describe('Why the run stopped, when it did not finish cleanly.'),
    pull_request: z
      .strictObject({
        number: z.int().positive(),
        url: text,
        draft: z
          .boolean()
          .optional()
          .describe('False when the repository does not support drafts and the PR opened as a normal one.')
      })
      .optional(),
    plan_comment: linkSchema.optional().describe('The comment on the issue that shows the plan.'),
    progress_comment: linkSchema.optional().describe('The live progress comment on the pull request.'),
    finisher: z
      .strictObject({ runner: text, at: timestamp })
      .optional()
      .describe("The runner that claimed the run's finishing step, in a run spread over several runners.")
  })
  .describe('This run: who started it, from what, where its work goes, and what it owns on GitHub.')

const openQuestionSchema = z.strictObject({
  question: text,
  asked_of: z.enum(['manager', 'human']),
  asked_at: timestamp
})

const taskSchema = z
  .strictObject({
    id: z.string().min(1),
    title: text,
    role: text,
    description: text,
    deliverables: texts,
    dependencies: texts.describe('Ids of the tasks that must be merged before this one starts.'),
    acceptance_criteria: texts,
    files: texts.optional(),
    state: z.enum(TASK_STATES),
    branch: text.optional(),
    attempts: count.describe('How many times an agent session has started on this task.'),
    model: text
      .optional()
      .describe("The provider and model of the task's last session, as provider:model (openai:gpt-5)."),
    usage: usageSchema,
    started_at: timestamp.optional(),
    finished_at: timestamp.optional(),
    summary: text.optional(),
    files_changed: texts.optional(),
    checks_run: texts.optional(),
    merge_sha: z
      .string()
      .regex(/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/)
      .optional(),
    failure_reason: text.optional(),
    dropped_reason: text.optional().describe('Why a revision of the plan dropped the task.'),
    round: z.int().positive().optional().describe('The follow-up round that added the task (absent: 1).'),
    open_question: openQuestionSchema.optional(),
    runner: z
      .strictObject({ id: text, url: text.optional() })
      .optional()
      .describe("The workflow run of the task's last session, in a run spread over several runners."),
    dispatched_at: timestamp.optional().describe('When a runner last started a workflow run for the task.'),
    dispatched_by: text.optional().describe('The runner that started it.'),
    heartbeat_at: timestamp
      .optional()
      .describe(
        'The last sign of life of the runner doing the task; a stale one gets the task dispatched again.'
      )
  })
  .describe('One task of the plan and everything the run has done with it.')

/** The classic layout's view of a task, written for readers that know only that layout. */
const compatibleTaskSchema = z.strictObject({
  task_id: text,
  title: text,
  assigned_to: text.describe('The role that carries out the task.'),
  status: z.enum(['pending', 'in_progress', 'blocked', 'completed', 'failed']),
  description: text,
  depends_on: texts,
  branch: text.optional(),
  completed_at: timestamp.optional(),
  merge_sha: text.optional()
})

const decisionSchema = z
  .strictObject({
    decision_id: text,
    decision: text,
    decided_by: z.enum(['plan', 'manager', 'human']),
    task_id: text.optional(),
    topic: text.optional().describe('The question the decision answers, for an answered blocker.'),
    decided_at: timestamp
  })
  .describe('A team-wide decision every agent follows: from the plan, or an answer to a blocker.')

const agentUpdateSchema = z.strictObject({
  timestamp,
  agent_id: text.describe('The role that reported.'),
  task_id: text,
  summary: text
})

const archivedUpdatesSchema = z.strictObject({
  count: z.int().positive(),
  last_timestamp: timestamp,
  last_agent_id: text,
  last_summary: text
})

const integrationRequestSchema = z.strictObject({
  request_id: text,
  task_id: text,
  branch: text.optional(),
  conflicted_files: texts,
  status: z.enum(['open', 'resolved', 'abandoned']),
  requested_at: timestamp,
  resolved_at: timestamp.optional(),
  resolution: text.optional()
})

const questionSchema = z.strictObject({ task_id: text, question: text, asked_at: timestamp })

const planRevisionSchema = z
  .strictObject({
    version: z.int().positive(),
    made_at: timestamp,
    reason: text.describe('What asked for this version: a failed task, a revise command, a review round.'),
    summary: text,
    changes: texts.describe('Tasks added, changed, reassigned or dropped, one line each.')
  })
  .describe('A version of the plan after the first.')

const reviewCommentSchema = z
  .strictObject({
    id: z.int().positive().describe('The review comment id (REST).'),
    thread_root: z.int().positive().describe('The first comment of its thread, which replies go under.'),
    path: text,
    start_line: z.int().positive().optional(),
    line: z.int().positive().optional(),
    author: text,
    body: text,
    outcome: z.enum(['addressed', 'declined']).optional(),
    tasks: texts.optional().describe('The follow-up tasks that address the comment.'),
    reason: text.optional().describe('Why the team did not act on the comment.')
  })
  .describe('A line comment of the review a round answers.')

const roundSchema = z
  .strictObject({
    number: z.int().min(2),
    trigger: z.enum(['review', 'review_comment', 'comment']),
    actor: text,
    started_at: timestamp,
    review_id: z.int().positive().optional(),
    request: text.describe("The review's body or the comment's text, sanitised."),
    comments: z.array(reviewCommentSchema),
    replies: z
      .array(
        z.strictObject({
          thread_root: z.int().positive(),
          reply_id: z.int().positive(),
          url: text,
          resolved: z.boolean()
        })
      )
      .describe('One reply per review thread, once the round has ended.')
  })
  .describe('A follow-up round: a review or comment on the pull request, turned into new tasks.')

/** The whole document. Unknown top-level keys are kept, so other tools can share the file. */
export const runStateSchema = z
  .looseObject({
    schema_version: z.literal(STATE_SCHEMA_VERSION),
    current_feature: text.describe('The feature title (classic layout).'),
    run: runSchema,
    plan_summary: text.optional().describe("The manager's one-paragraph summary of the plan."),
    manager_instructions: z
      .looseObject({
        active_tasks: z.array(compatibleTaskSchema).describe('Derived from tasks: every task not done.'),
        completed_tasks: z.array(compatibleTaskSchema).describe('Derived from tasks: the done tasks.'),
        decisions: z.array(decisionSchema)
      })
      .describe('Classic layout. The task lists are rewritten from `tasks` on every change.'),
    tasks: z.array(taskSchema).describe('The source of truth for tasks, in plan order.'),
    agent_updates: z.array(agentUpdateSchema).describe('The most recent progress messages, oldest first.'),
    agent_updates_archived: z
      .record(z.string(), archivedUpdatesSchema)
      .describe('Per task id: older progress messages folded into a count and the last one.'),
    integration_requests: z
      .array(integrationRequestSchema)
      .describe('Merges of task branches that conflicted and needed resolving.'),
    questions: z.array(questionSchema).describe('Questions open to humans; answer with /agents answer.'),
    plan_history: z
      .array(planRevisionSchema)
      .optional()
      .describe('Every version of the plan after the first, oldest first.'),
    rounds: z.array(roundSchema).optional().describe('Follow-up rounds from reviews, oldest first.'),
    manager_usage: usageSchema.describe("The manager's calls: planning, repairs, blocker answers."),
    usage: usageSchema.describe('Run-wide totals: the manager plus every task.'),
    cost_by_provider: z
      .record(z.string(), z.number().min(0))
      .optional()
      .describe('Run-wide cost in USD per model provider (anthropic, openai), when known.')
  })
  .meta({
    title: 'agent-team run state (team-communication.json)',
    description: 'The state of one agent-team run, committed to the repository after each milestone.'
  })

/** A run state document, as parsed and as the reducer produces it. */
export type RunState = z.infer<typeof runStateSchema>
/** Parts of the document, named for the code that works on them. */
export type RunRecord = RunState['run']
export type TaskRecord = RunState['tasks'][number]
export type UsageRecord = TaskRecord['usage']
export type Decision = RunState['manager_instructions']['decisions'][number]
export type CompatibleTask = RunState['manager_instructions']['active_tasks'][number]
export type AgentUpdate = RunState['agent_updates'][number]
export type ArchivedUpdates = RunState['agent_updates_archived'][string]
export type IntegrationRequest = RunState['integration_requests'][number]
export type OpenQuestion = NonNullable<TaskRecord['open_question']>
export type PlanRevision = NonNullable<RunState['plan_history']>[number]
export type RoundRecord = NonNullable<RunState['rounds']>[number]
export type ReviewCommentRecord = RoundRecord['comments'][number]

/** No tokens, no cost. Frozen, because every new state and task starts from this one object. */
export const zeroUsageRecord: UsageRecord = Object.freeze({
  input_tokens: 0,
  output_tokens: 0,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
  cost_usd: 0
})

/**
 * The state of a run that has a key and nothing else: status `planning`, no plan, no tasks. The
 * `run_started` event fills in who started it and from what.
 */
export function emptyRunState(runKey: string): RunState {
  return {
    schema_version: STATE_SCHEMA_VERSION,
    current_feature: '',
    run: { key: runKey, status: 'planning', plan_version: 0 },
    manager_instructions: { active_tasks: [], completed_tasks: [], decisions: [] },
    tasks: [],
    agent_updates: [],
    agent_updates_archived: {},
    integration_requests: [],
    questions: [],
    manager_usage: zeroUsageRecord,
    usage: zeroUsageRecord
  }
}
