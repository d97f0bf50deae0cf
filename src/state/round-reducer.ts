import type { CommentsTriaged, RoundStarted, StateEvent, ThreadReplied } from './events.js'
import { refuse, requireStarted, STOPPED_STATUSES, without } from './reduce-support.js'
import type { ReviewCommentRecord, RoundRecord, RunState } from './run-state.js'

type RoundEvent = Extract<StateEvent, { type: 'round_started' | 'comments_triaged' | 'thread_replied' }>

/**
 * Follow-up rounds: a review of the run's pull request (or a comment on it) opens a round, the manager
 * decides per comment what to do, and when the round's work is done each review thread gets one reply.
 */
export function reduceRoundEvent(state: RunState, event: RoundEvent): RunState {
  requireStarted(state, event)
  switch (event.type) {
    case 'round_started':
      return roundStarted(state, event)
    case 'comments_triaged':
      return commentsTriaged(state, event)
    case 'thread_replied':
      return threadReplied(state, event)
  }
}

/** The current round of a run: 1 until a follow-up opens round 2. */
export function roundOf(state: RunState): number {
  return state.run.round ?? 1
}

/**
 * A new round reopens a run that had stopped (done, partial, failed…): the run plans again, with the
 * feature branch and pull request it already has. A run that is going, or waits for its plan's approval,
 * takes no follow-up.
 */
function roundStarted(state: RunState, event: RoundStarted): RunState {
  if (!STOPPED_STATUSES.has(state.run.status) || state.run.status === 'awaiting_approval') {
    throw refuse(event, `the run is ${state.run.status}; only a run that has stopped takes a follow-up round`)
  }
  if (!state.run.pull_request) throw refuse(event, 'the run has no pull request to follow up on')
  const expected = roundOf(state) + 1
  if (event.round !== expected)
    throw refuse(event, `round ${event.round} does not follow round ${expected - 1}`)
  const comments: ReviewCommentRecord[] = event.comments.map(comment => ({
    id: comment.id,
    thread_root: comment.threadRoot,
    path: comment.path,
    ...(comment.startLine === undefined ? {} : { start_line: comment.startLine }),
    ...(comment.line === undefined ? {} : { line: comment.line }),
    author: comment.author,
    body: comment.body
  }))
  const round: RoundRecord = {
    number: event.round,
    trigger: event.trigger,
    actor: event.actor,
    started_at: event.at,
    ...(event.reviewId === undefined ? {} : { review_id: event.reviewId }),
    request: event.request,
    comments,
    replies: []
  }
  return {
    ...state,
    run: {
      ...without(state.run, ['finished_at', 'stop_reason']),
      status: 'planning',
      round: event.round
    },
    rounds: [...(state.rounds ?? []), round]
  }
}

function commentsTriaged(state: RunState, event: CommentsTriaged): RunState {
  const round = requireRound(state, event)
  const decided = new Map(event.comments.map(comment => [comment.id, comment]))
  for (const id of decided.keys()) {
    if (!round.comments.some(comment => comment.id === id)) {
      throw refuse(event, `comment ${id} is not one of round ${round.number}'s`)
    }
  }
  const comments = round.comments.map(comment => {
    const decision = decided.get(comment.id)
    if (!decision) return comment
    const base = without(comment, ['outcome', 'tasks', 'reason'])
    return decision.tasks && decision.tasks.length > 0
      ? { ...base, outcome: 'addressed' as const, tasks: decision.tasks }
      : { ...base, outcome: 'declined' as const, reason: decision.reason ?? 'not acted on' }
  })
  return withRound(state, { ...round, comments })
}

function threadReplied(state: RunState, event: ThreadReplied): RunState {
  const round = requireRound(state, event)
  if (!round.comments.some(comment => comment.thread_root === event.threadRoot)) {
    throw refuse(event, `no comment of round ${round.number} is in the thread of ${event.threadRoot}`)
  }
  if (round.replies.some(reply => reply.thread_root === event.threadRoot)) {
    throw refuse(event, `the thread of ${event.threadRoot} already has the round's reply`)
  }
  const reply = {
    thread_root: event.threadRoot,
    reply_id: event.replyId,
    url: event.url,
    resolved: event.resolved
  }
  return withRound(state, { ...round, replies: [...round.replies, reply] })
}

function requireRound(state: RunState, event: CommentsTriaged | ThreadReplied): RoundRecord {
  const round = state.rounds?.find(candidate => candidate.number === event.round)
  if (!round) throw refuse(event, `the run has no round ${event.round}`)
  return round
}

function withRound(state: RunState, round: RoundRecord): RunState {
  return {
    ...state,
    rounds: (state.rounds ?? []).map(old => (old.number === round.number ? round : old))
  }
}
