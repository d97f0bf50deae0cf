import { isOwnComment } from '../github/markers.js'
import { BRANCH_NAMESPACE } from '../workspace/branch-names.js'
import { triggerPhraseOf } from './parse-command.js'
import { object, readSender, skip, text, wholeNumber, type Json } from './payload-fields.js'
import type { AgentCommand, ReviewCommentFields, TriggerDecision } from './request.js'
import { sanitiseText } from './sanitise.js'

/**
 * Events on pull requests: a submitted review, a line comment, or an `/agents` comment on the PR. Each is
 * about the run that owns the PR, which the orchestrator finds through the PR's head branch; here only the
 * payload is read. A PR whose branch the team did not make, a closed one, or one from a fork is skipped
 * before anything is spent.
 */

/** `pull_request_review.submitted`: "changes requested", or any review whose body addresses the team. */
export function classifyReview(payload: Json, inputs: { triggerPhrase: string }): TriggerDecision {
  const action = text(payload.action)
  if (action !== 'submitted') return skip(`pull_request_review action "${action ?? 'none'}" is not a trigger`)
  const review = object(payload.review)
  const id = wholeNumber(review.id)
  if (id === undefined) return skip('the review has no id')
  const body = text(review.body) ?? ''
  if (isOwnComment(body)) return skip('the review was written by agent-team itself')
  const state = (text(review.state) ?? '').toLowerCase()
  const phrase = triggerPhraseOf(inputs)
  if (state !== 'changes_requested' && !addressesTeam(body, phrase)) {
    return skip(
      `a review that is ${state || 'without a state'} asks nothing of the team; request changes or write ${phrase} in it`
    )
  }
  const pull = readPull(payload)
  if (typeof pull === 'string') return skip(pull)
  const sender = readSender(payload, review.user)
  if (typeof sender === 'string') return skip(sender)
  return {
    kind: 'follow-up',
    trigger: 'pull_request_review',
    ...sender,
    pullNumber: pull.number,
    headRef: pull.headRef,
    review: { id, body, state }
  }
}

/** `pull_request_review_comment.created` whose body addresses the team. */
export function classifyReviewComment(payload: Json, inputs: { triggerPhrase: string }): TriggerDecision {
  const action = text(payload.action)
  if (action !== 'created') {
    return skip(
      `pull_request_review_comment action "${action ?? 'none'}" is not a trigger; only new comments are read`
    )
  }
  const raw = object(payload.comment)
  const body = text(raw.body) ?? ''
  if (isOwnComment(body)) return skip('the comment was posted by agent-team itself')
  const phrase = triggerPhraseOf(inputs)
  if (!addressesTeam(body, phrase)) return skip(`the review comment does not address the team with ${phrase}`)
  const id = wholeNumber(raw.id)
  const path = text(raw.path)
  if (id === undefined || !path) return skip('the review comment has no id or file')
  const pull = readPull(payload)
  if (typeof pull === 'string') return skip(pull)
  const sender = readSender(payload, raw.user)
  if (typeof sender === 'string') return skip(sender)
  const comment: ReviewCommentFields = {
    id,
    author: text(object(raw.user).login) ?? sender.actor,
    body,
    path,
    diffHunk: text(raw.diff_hunk) ?? ''
  }
  const line = wholeNumber(raw.line)
  const startLine = wholeNumber(raw.start_line)
  const inReplyToId = wholeNumber(raw.in_reply_to_id)
  const reviewId = wholeNumber(raw.pull_request_review_id)
  if (line !== undefined) comment.line = line
  if (startLine !== undefined) comment.startLine = startLine
  if (inReplyToId !== undefined) comment.inReplyToId = inReplyToId
  if (reviewId !== undefined) comment.reviewId = reviewId
  return {
    kind: 'follow-up',
    trigger: 'pull_request_review_comment',
    ...sender,
    pullNumber: pull.number,
    headRef: pull.headRef,
    comment
  }
}

/**
 * An `/agents` comment on a pull request: `run <text>` is a follow-up with that text (a bare `run` resumes
 * the run), every other command acts on the run that owns the PR.
 */
export function classifyPullComment(
  command: AgentCommand,
  context: { actor: string; actorIsBot: boolean; pullNumber: number; commentId: number }
): TriggerDecision {
  const { pullNumber, commentId, actor, actorIsBot } = context
  if (command.name !== 'run') {
    return {
      kind: 'command',
      trigger: 'issue_comment',
      command,
      actor,
      actorIsBot,
      issueNumber: pullNumber,
      commentId,
      onPullRequest: true
    }
  }
  const request = command.text === undefined ? undefined : sanitiseText(command.text)
  if (request === '') return skip('the text after run is empty once hidden text is removed')
  return {
    kind: 'follow-up',
    trigger: 'issue_comment',
    actor,
    actorIsBot,
    pullNumber,
    commentId,
    ...(request === undefined ? {} : { text: request })
  }
}

/** True when the phrase stands on its own somewhere in the text (`/agents please…`, not `/agentsfoo`). */
export function addressesTeam(body: string, phrase: string): boolean {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(^|\\s)${escaped}(?=$|[\\s.,:;!?])`, 'i').test(body)
}

/** The pull request of a review event: open, from this repository, on a branch the team made. */
function readPull(payload: Json): { number: number; headRef: string } | string {
  const pull = object(payload.pull_request)
  const number = wholeNumber(pull.number)
  if (number === undefined) return 'the event has no pull request number'
  if (text(pull.state) === 'closed') return `pull request #${number} is closed`
  const head = object(pull.head)
  const headRef = text(head.ref) ?? ''
  if (!headRef.startsWith(BRANCH_NAMESPACE)) {
    return `pull request #${number} is not the team's: its branch "${headRef}" is not under ${BRANCH_NAMESPACE}`
  }
  const headRepo = text(object(head.repo).full_name)
  const baseRepo = text(object(object(pull.base).repo).full_name)
  if (headRepo !== undefined && baseRepo !== undefined && headRepo !== baseRepo) {
    return `pull request #${number} comes from a fork (${headRepo}); the team only follows up on its own branches`
  }
  return { number, headRef }
}
