import type { TeamConfig } from '../config/team-config.js'
import {
  addUsage,
  zeroUsage,
  type Message,
  type Model,
  type ModelResponse,
  type TextBlock,
  type ToolUseBlock,
  type Usage
} from '../models/model.js'
import { fillPrompt, prompt } from '../prompts/index.js'
import { PlanError } from './plan-error.js'
import { silentLogger, type Logger } from '../util/logger.js'
import type { Plan, PlanTask } from './plan.js'
import { appendExchange, featureText, repairMessage, rolesList } from './plan-messages.js'
import { checkPlan } from './task-graph.js'
import { parseRevisionInput, REVISE_TOOL_NAME, reviseTool, type RevisionInput } from './revise-tool.js'

/** A task of the current plan as the manager sees it when revising: its definition and how far it got. */
export interface TaskSnapshot extends PlanTask {
  state: 'queued' | 'running' | 'blocked' | 'done' | 'failed' | 'dropped'
  merged: boolean
  summary?: string
  failure?: string
}

/** A line comment of a review, as the manager reads it. */
export interface ReviewCommentInput {
  id: number
  author: string
  path: string
  startLine?: number
  line?: number
  diffHunk: string
  body: string
}

/** Why a new version of the plan is asked for. */
export type RevisionReason =
  | { kind: 'failure'; taskId: string; detail: string }
  | { kind: 'request'; by: string; text: string }
  | { kind: 'review'; by: string; text: string; comments: ReviewCommentInput[] }

export interface RevisePlanOptions {
  model: Model
  team: TeamConfig
  managerPrompt: string
  /** Sanitised by the caller, like every text below that came from people. */
  feature: { title: string; body: string }
  /** The current plan: its summary, decisions and every task with its state (dropped ones included). */
  current: { summary: string; decisions: string[]; tasks: TaskSnapshot[] }
  reason: RevisionReason
  maxRepairs?: number
  signal?: AbortSignal
  logger?: Logger
}

export interface RevisedPlan {
  /** The whole new version: merged tasks as they were, then the revised rest. */
  plan: Plan
  dropped: { id: string; reason: string }[]
  /** What changed and why, in the manager's words. */
  change: string
  /** For a review: per comment, the tasks that address it or the reason the team does not act on it. */
  comments: { id: number; tasks?: string[]; reason?: string }[]
  usage: Usage
}

/**
 * Asks the manager for a new version of the plan through one forced `revise_plan` call, and checks it
 * against the run: merged tasks stay as they are, every other task is kept or dropped with a reason, new ids
 * are new, the whole graph passes the plan checks, and a review's every comment is answered. A revision that
 * fails the checks goes back with its problems, at most `maxRepairs` times; then PlanError.
 */
export async function revisePlan(options: RevisePlanOptions): Promise<RevisedPlan> {
  const { model, team, signal } = options
  const logger = options.logger ?? silentLogger
  const maxRepairs = Math.max(0, Math.floor(options.maxRepairs ?? 2))
  const roles = Object.keys(team.roles)
  const system: TextBlock[] = []
  if (options.managerPrompt.trim() !== '') system.push({ type: 'text', text: options.managerPrompt })
  system.push({ type: 'text', text: prompt('manager-revise'), cache_control: { type: 'ephemeral' } })
  let messages: Message[] = [revisionRequest(options)]
  let usage = zeroUsage
  let problems: string[] = []
  for (let repairs = 0; repairs <= maxRepairs; repairs++) {
    signal?.throwIfAborted()
    logger.info(`Asking ${model.id} to revise the plan${repairs > 0 ? ` (repair ${repairs})` : ''}`)
    const response = await model.complete({
      system,
      tools: [{ ...reviseTool(roles, team.limits.maxTasks), cache_control: { type: 'ephemeral' } }],
      toolChoice: { type: 'tool', name: REVISE_TOOL_NAME },
      maxTokens: team.manager.maxTokens,
      messages,
      signal
    })
    usage = addUsage(usage, response.usage)
    const read = readRevision(response, options, roles)
    if (read.revised) return { ...read.revised, usage }
    problems = read.problems
    logger.warning(`The revision was not accepted:\n${problems.map(p => `- ${p}`).join('\n')}`)
    messages = appendExchange(messages, response.content, repairMessage(response, problems, REVISE_TOOL_NAME))
  }
  throw new PlanError(
    `The manager did not produce a valid revision of the plan. Problems in the last attempt:\n` +
      problems.map(p => `- ${p}`).join('\n'),
    problems,
    usage
  )
}

function readRevision(
  response: ModelResponse,
  options: RevisePlanOptions,
  roles: string[]
): { revised?: Omit<RevisedPlan, 'usage'>; problems: string[] } {
  if (response.stopReason === 'max_tokens') {
    return {
      problems: ['The reply stopped at the output limit before the revision was complete; write less.']
    }
  }
  const call = response.content.find(
    (block): block is ToolUseBlock => block.type === 'tool_use' && block.name === REVISE_TOOL_NAME
  )
  if (!call) return { problems: [`The reply did not call ${REVISE_TOOL_NAME}.`] }
  const parsed = parseRevisionInput(call.input)
  if (!parsed.revision) return { problems: parsed.problems }
  return checkRevision(parsed.revision, options, roles, options.team.limits.maxTasks)
}

/** The revision as a whole new plan, or the problems that keep it from fitting the run. */
export function checkRevision(
  revision: RevisionInput,
  options: Pick<RevisePlanOptions, 'current' | 'reason'>,
  roles: readonly string[],
  maxTasks?: number
): { revised?: Omit<RevisedPlan, 'usage'>; problems: string[] } {
  const { current, reason } = options
  const problems: string[] = []
  const existing = new Map(current.tasks.map(task => [task.id, task]))
  const listed = new Set(revision.tasks.map(task => task.id))
  const dropped = new Map(revision.dropped.map(drop => [drop.id, drop.reason]))
  for (const task of revision.tasks) {
    const was = existing.get(task.id)
    if (was?.merged)
      problems.push(`${task.id} is merged; leave it out of tasks (new tasks may depend on it).`)
    else if (was?.state === 'dropped')
      problems.push(`${task.id} was dropped earlier; give the task a new id.`)
  }
  for (const [id] of dropped) {
    const was = existing.get(id)
    if (!was) problems.push(`dropped names ${id}, which is not a task of the plan.`)
    else if (was.merged) problems.push(`${id} is merged and cannot be dropped.`)
    else if (listed.has(id)) problems.push(`${id} is both in tasks and in dropped; choose one.`)
  }
  for (const task of current.tasks) {
    if (task.merged || task.state === 'dropped' || listed.has(task.id) || dropped.has(task.id)) continue
    problems.push(
      `${task.id} (${task.state}) is neither in tasks nor in dropped; keep it or drop it with a reason.`
    )
  }
  const merged = current.tasks.filter(task => task.merged).map(definitionOf)
  const plan: Plan = {
    summary: revision.summary,
    decisions: revision.decisions,
    tasks: [...merged, ...revision.tasks]
  }
  problems.push(...checkPlan(plan, roles, maxTasks))
  if (revision.tasks.length === 0 && reason.kind !== 'failure') {
    problems.push('The revision has no task left to do; add the tasks the request needs.')
  }
  if (reason.kind === 'review') problems.push(...checkComments(revision, reason.comments, listed))
  if (problems.length > 0) return { problems }
  return {
    revised: {
      plan,
      dropped: revision.dropped,
      change: revision.change,
      comments: reason.kind === 'review' ? revision.comments : []
    },
    problems: []
  }
}

/** Every review comment is answered once: by tasks of this revision, or with a reason. */
function checkComments(
  revision: RevisionInput,
  comments: readonly ReviewCommentInput[],
  listed: ReadonlySet<string>
): string[] {
  const problems: string[] = []
  const answered = new Map(revision.comments.map(answer => [answer.id, answer]))
  for (const comment of comments) {
    const answer = answered.get(comment.id)
    if (!answer) problems.push(`comments has no entry for comment ${comment.id}; address it or say why not.`)
    else if (!answer.tasks?.length && !answer.reason)
      problems.push(`comment ${comment.id} needs the ids of the tasks that address it, or a reason.`)
    for (const id of answer?.tasks ?? []) {
      if (!listed.has(id))
        problems.push(`comment ${comment.id} names ${id}, which is not a task of this revision.`)
    }
  }
  for (const id of answered.keys()) {
    if (!comments.some(comment => comment.id === id))
      problems.push(`comments names ${id}, which is not a comment of the review.`)
  }
  return problems
}

function definitionOf(task: TaskSnapshot): PlanTask {
  const { state: _state, merged: _merged, summary: _summary, failure: _failure, ...definition } = task
  return definition
}

/** The user turn: the feature, the current plan with its progress, and why the revision is asked for. */
function revisionRequest(options: RevisePlanOptions): Message {
  const { current, reason, team } = options
  const tasks = current.tasks
    .map(task => {
      const lines = [
        fillPrompt('manager/revise-task', {
          id: task.id,
          role: task.role,
          status: task.merged ? 'merged' : task.state,
          title: task.title,
          dependencies: task.dependencies.join(', ') || fillPrompt('manager/revise-task-no-dependencies'),
          description: task.description
        })
      ]
      if (task.summary) lines.push(fillPrompt('manager/revise-task-result', { summary: task.summary }))
      if (task.failure) lines.push(fillPrompt('manager/revise-task-failure', { failure: task.failure }))
      return lines.join('\n')
    })
    .join('\n')
  const decisions =
    current.decisions.map(decision => `- ${decision}`).join('\n') || fillPrompt('manager/revise-no-decisions')
  const parts = [
    featureText(options.feature),
    fillPrompt('manager/revise-roles', { roles: rolesList(team) }),
    fillPrompt('manager/revise-current-plan', { summary: current.summary, decisions, tasks }),
    reasonText(reason),
    fillPrompt('manager/revise-submit', { tool: REVISE_TOOL_NAME })
  ]
  return { role: 'user', content: [{ type: 'text', text: parts.join('\n\n') }] }
}

function reasonText(reason: RevisionReason): string {
  switch (reason.kind) {
    case 'failure':
      return fillPrompt('manager/revise-after-failure', { task: reason.taskId, detail: reason.detail })
    case 'request':
      return fillPrompt('manager/revise-after-request', { by: reason.by, text: reason.text })
    case 'review': {
      const comments = reason.comments.map(comment =>
        fillPrompt('manager/revise-review-comment', {
          id: comment.id,
          author: comment.author,
          path: comment.path,
          at: commentLines(comment),
          hunk: comment.diffHunk,
          body: comment.body
        })
      )
      const text = reason.text.trim() === '' ? fillPrompt('manager/revise-review-no-text') : reason.text
      return fillPrompt('manager/revise-after-review', { by: reason.by, text, comments: comments.join('\n') })
    }
  }
}

/** Where a review comment sits: the whole file, a range of lines or one line. */
function commentLines(comment: ReviewCommentInput): string {
  if (comment.line === undefined) return fillPrompt('manager/revise-comment-whole-file')
  if (comment.startLine !== undefined && comment.startLine !== comment.line) {
    return fillPrompt('manager/revise-comment-lines', { start: comment.startLine, end: comment.line })
  }
  return fillPrompt('manager/revise-comment-line', { line: comment.line })
}
