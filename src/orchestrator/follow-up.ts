import { reviseAndRecord } from '../state/record-revision.js'
import { composeRolePrompt } from '../config/compose-prompt.js'
import type { TeamConfig } from '../config/team-config.js'
import { costOf } from '../models/pricing.js'
import { featureOf } from '../state/current-plan.js'
import { type ReviewCommentInput, type RevisionReason } from '../planning/revise-plan.js'
import { isOwnComment, pullReplyMarker } from '../github/markers.js'
import { escapeMarkdown } from '../report/format.js'
import { codeSpan } from '../report/markdown.js'
import type { RoundComment } from '../state/events.js'
import { roundOf } from '../state/round-reducer.js'
import type { RunState } from '../state/run-state.js'
import { triggerPhraseOf } from '../trigger/parse-command.js'
import type { FollowUpRequest, ReviewCommentFields } from '../trigger/request.js'
import { sanitiseText } from '../trigger/sanitise.js'
import { PlanError } from '../planning/plan-error.js'
import { loadPullRun } from '../commands/pull-run.js'
import { createRunKeeper, resumeRun, type RunKeeper } from '../state/run-keeper.js'
import type { RunPorts, RunSettings } from '../ports/run-ports.js'

/** What a follow-up came to: a reply on the PR, nothing (an event already handled), or a round to build. */
export type FollowUpOutcome =
  | { kind: 'replied'; commentUrl: string }
  | { kind: 'skipped'; reason: string }
  | { kind: 'continue'; state: RunState; reason: string }

interface FollowUpContext {
  settings: RunSettings
  ports: RunPorts
  team: TeamConfig
}

/**
 * Turns a review (or a line comment, or `/agents run <text>`) on the team's pull request into a follow-up
 * round of the run that owns the PR: the round is recorded with the review's comments, the manager revises
 * the plan into follow-up tasks (answering every comment: the tasks that address it, or why not), and the
 * state comes back for the team to build on the same feature branch. A bare `/agents run` on the PR resumes
 * the run instead. The actor was authorised by the caller; refusals are replies on the PR.
 */
export async function startFollowUp(
  request: FollowUpRequest,
  context: FollowUpContext
): Promise<FollowUpOutcome> {
  const { settings, ports } = context
  const phrase = triggerPhraseOf(settings)
  const reply = (text: string) => replyOnPull(ports, request.pullNumber, text)
  const branches = { baseBranch: settings.baseBranch, defaultBranch: request.defaultBranch }
  const found = await loadPullRun(request.pullNumber, branches, ports)
  if ('reason' in found)
    return reply(`There is no agent-team run to follow up on: ${escapeMarkdown(found.reason)}.`)
  const { state } = found

  const handled = handledIn(state, request)
  if (handled !== undefined)
    return { kind: 'skipped', reason: `skipped: already taken up in round ${handled}` }
  const status = state.run.status
  if (status === 'awaiting_approval') {
    return reply(`The plan waits for approval; comment ${codeSpan(`${phrase} approve`)} on the issue first.`)
  }
  if (status === 'planning' || status === 'planned' || status === 'running') {
    return reply(
      `The team is still working on this pull request (round ${roundOf(state)}). Review again, or comment ` +
        `${codeSpan(`${phrase} run <what to change>`)}, once it has finished; ${codeSpan(`${phrase} stop`)} stops it.`
    )
  }

  if (!request.review && !request.comment && request.text === undefined) {
    if (status === 'done') {
      return reply(
        `The run is done. To change something, request changes in a review, or comment ` +
          `${codeSpan(`${phrase} run <what to change>`)} here.`
      )
    }
    const keeper = createRunKeeper(state, () => ports.clock.now())
    resumeRun(keeper)
    await found.save(keeper.state, `${found.key}: resumed from #${request.pullNumber}`)
    return { kind: 'continue', state: keeper.state, reason: `@${request.actor} resumed the run` }
  }

  // A review's line comments also arrive as events of their own, in any order: a comment an earlier round
  // took up is not taken up again.
  const taken = new Set((state.rounds ?? []).flatMap(round => round.comments.map(comment => comment.id)))
  const all = await roundComments(request, ports)
  const comments = all.filter(comment => !taken.has(comment.id))
  const text = sanitiseText(request.review?.body ?? request.comment?.body ?? request.text ?? '')
  if (all.length > 0 && comments.length === 0 && text.trim() === '') {
    return { kind: 'skipped', reason: 'skipped: its comments were taken up in an earlier round' }
  }
  const keeper = createRunKeeper(state, () => ports.clock.now())
  const round = roundOf(state) + 1
  keeper.dispatch({
    type: 'round_started',
    round,
    trigger: request.review ? 'review' : request.comment ? 'review_comment' : 'comment',
    actor: request.actor,
    ...(request.review ? { reviewId: request.review.id } : {}),
    request: text,
    comments: comments.map(toRoundComment)
  })
  const reason: RevisionReason =
    comments.length > 0 || request.review
      ? { kind: 'review', by: request.actor, text, comments }
      : { kind: 'request', by: request.actor, text }
  const planned = await planRound(keeper, reason, round, context)
  await found.save(keeper.state, `${found.key}: round ${round} plan v${keeper.state.run.plan_version}`)
  if (!planned.ok) return reply(`Round ${round} could not be planned: ${escapeMarkdown(planned.reason)}`)
  return { kind: 'continue', state: keeper.state, reason: `round ${round} for @${request.actor}` }
}

/** The manager's follow-up tasks as a new plan version; a plan that cannot be made ends the round failed. */
async function planRound(
  keeper: RunKeeper,
  reason: RevisionReason,
  round: number,
  context: FollowUpContext
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const { team, settings, ports } = context
  const model = ports.modelFor(team.manager)
  const who =
    reason.kind === 'failure' ? '' : `@${reason.by}'s ${reason.kind === 'review' ? 'review' : 'comment'}`
  try {
    const revised = await reviseAndRecord(
      keeper,
      {
        model,
        team,
        managerPrompt: await composeRolePrompt(team.manager, settings.repoDir),
        feature: featureOf(keeper.state),
        reason,
        logger: ports.logger,
        signal: settings.signal
      },
      {
        charge: usage => costOf(model.id, usage),
        reasonFor: change => `round ${round}: ${who} — ${change}`,
        round
      }
    )
    if (revised.comments.length > 0)
      keeper.dispatch({ type: 'comments_triaged', round, comments: revised.comments })
    return { ok: true }
  } catch (error) {
    if (!(error instanceof PlanError) || settings.signal?.aborted) throw error
    keeper.dispatch({ type: 'run_finished', status: 'failed', error: `round ${round}: ${error.message}` })
    return { ok: false, reason: error.message }
  }
}

/** The line comments a round answers: a review's (read from GitHub), or the one comment that asked. */
async function roundComments(request: FollowUpRequest, ports: RunPorts): Promise<RoundInput[]> {
  let raw: ReviewCommentFields[] = []
  if (request.comment) raw = [request.comment]
  else if (request.review) {
    raw = (await ports.forge.listReviewComments(request.pullNumber, request.review.id)).map(comment => ({
      id: comment.id,
      author: comment.author,
      body: comment.body,
      path: comment.path,
      diffHunk: comment.diffHunk,
      ...(comment.line === undefined ? {} : { line: comment.line }),
      ...(comment.startLine === undefined ? {} : { startLine: comment.startLine }),
      ...(comment.inReplyToId === undefined ? {} : { inReplyToId: comment.inReplyToId })
    }))
  }
  return raw
    .filter(comment => !isOwnComment(comment.body))
    .map(comment => ({
      id: comment.id,
      // Replies go under the thread's first comment: GitHub takes no reply to a reply.
      threadRoot: comment.inReplyToId ?? comment.id,
      author: comment.author,
      path: comment.path,
      diffHunk: comment.diffHunk,
      // Everything a model reads from GitHub is cleaned of hidden text first.
      body: sanitiseText(comment.body),
      ...(comment.line === undefined ? {} : { line: comment.line }),
      ...(comment.startLine === undefined ? {} : { startLine: comment.startLine })
    }))
}

/** A comment as the manager reads it, with the thread the round's reply goes in. */
type RoundInput = ReviewCommentInput & { threadRoot: number }

function toRoundComment(comment: RoundInput): RoundComment {
  return {
    id: comment.id,
    threadRoot: comment.threadRoot,
    path: comment.path,
    author: comment.author,
    body: comment.body,
    ...(comment.line === undefined ? {} : { line: comment.line }),
    ...(comment.startLine === undefined ? {} : { startLine: comment.startLine })
  }
}

/**
 * The round that already took this review or comment up, if any: GitHub sends a review and each of its line
 * comments as separate events, and a re-run of a workflow sends the same event again.
 */
function handledIn(state: RunState, request: FollowUpRequest): number | undefined {
  for (const round of state.rounds ?? []) {
    if (request.review && round.review_id === request.review.id) return round.number
    const commentId = request.comment?.id
    if (commentId !== undefined && round.comments.some(comment => comment.id === commentId))
      return round.number
  }
  return undefined
}

async function replyOnPull(ports: RunPorts, pullNumber: number, text: string): Promise<FollowUpOutcome> {
  const comment = await ports.forge.createComment(pullNumber, `${pullReplyMarker(pullNumber)}\n${text}`)
  return { kind: 'replied', commentUrl: comment.htmlUrl }
}
