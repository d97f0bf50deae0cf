import type { ReviewThread } from '../github/forge.js'
import type { RunKeeper } from '../state/run-keeper.js'
import type { RunPorts } from '../ports/run-ports.js'
import { escapeMarkdown, truncate } from '../report/format.js'
import { link, safeUrl } from '../report/markdown.js'
import { roundOf } from '../state/round-reducer.js'
import type { ReviewCommentRecord, RunState, TaskRecord } from '../state/run-state.js'
import { errorMessage } from '../util/errors.js'
import { reviewReplyMarker } from '../github/markers.js'

/** Longest task summary quoted in a reply. */
const SUMMARY_MAX = 300

/**
 * Answers the review the current round came from, once its work is over: one reply in each review thread
 * saying what changed, with the commit, or why the team left it; a thread whose every comment was addressed
 * by merged work is resolved. A thread already answered in this round (a resumed round) is left alone.
 * Replies are a view of the round: a failure is logged, and the next thread is still answered.
 */
export async function answerReview(
  keeper: RunKeeper,
  ports: Pick<RunPorts, 'forge' | 'logger'>
): Promise<void> {
  const state = keeper.state
  const number = roundOf(state)
  const round = state.rounds?.find(candidate => candidate.number === number)
  const pull = state.run.pull_request
  if (!round || !pull || round.comments.length === 0) return
  // A halted round is not over: the run that resumes it answers the review.
  if (state.run.status === 'interrupted' || state.run.status === 'stopped') return
  const answered = new Set(round.replies.map(reply => reply.thread_root))
  const threads = new Map<number, ReviewCommentRecord[]>()
  for (const comment of round.comments) {
    if (answered.has(comment.thread_root)) continue
    threads.set(comment.thread_root, [...(threads.get(comment.thread_root) ?? []), comment])
  }
  let known: ReviewThread[] | undefined
  for (const [root, comments] of threads) {
    try {
      const outcome = threadOutcome(comments, state)
      const body = `${reviewReplyMarker(pull.number, number)}\n${outcome.text}`
      const reply = await ports.forge.replyToReviewComment(pull.number, root, body)
      let resolved = false
      if (outcome.resolve) {
        known ??= await ports.forge.listReviewThreads(pull.number)
        const thread = known.find(candidate => candidate.commentIds.includes(root))
        if (thread && !thread.isResolved) await ports.forge.resolveReviewThread(thread.id)
        resolved = thread !== undefined
      }
      keeper.dispatch({
        type: 'thread_replied',
        round: number,
        threadRoot: root,
        replyId: reply.id,
        url: reply.htmlUrl,
        resolved
      })
    } catch (error) {
      ports.logger.warning(`Could not answer the review thread of comment ${root}: ${errorMessage(error)}`)
    }
  }
}

/** What the reply in one thread says, and whether the thread is settled. */
export function threadOutcome(
  comments: readonly ReviewCommentRecord[],
  state: RunState
): { text: string; resolve: boolean } {
  const lines: string[] = []
  let settled = true
  const many = comments.length > 1
  for (const comment of comments) {
    const prefix = many ? `On “${escapeMarkdown(truncate(comment.body, 60))}”: ` : ''
    if (comment.outcome === 'declined') {
      settled = false
      lines.push(`${prefix}💬 Not changed: ${escapeMarkdown(comment.reason ?? 'the team did not act on it')}`)
      continue
    }
    const tasks = (comment.tasks ?? []).map(id => state.tasks.find(task => task.id === id))
    const missing = tasks.filter((task): task is TaskRecord | undefined => task?.merge_sha === undefined)
    if (comment.outcome !== 'addressed' || tasks.length === 0 || missing.length > 0) {
      settled = false
      const why = missing
        .map(task =>
          task ? `${task.id} ${task.state}${task.failure_reason ? `: ${task.failure_reason}` : ''}` : ''
        )
        .filter(Boolean)
        .join('; ')
      lines.push(`${prefix}⚠️ Not done yet${why ? ` (${escapeMarkdown(truncate(why, SUMMARY_MAX))})` : ''}.`)
      continue
    }
    const done = (tasks as TaskRecord[]).map(task => {
      const commit = commitLink(state, task.merge_sha as string)
      const summary = task.summary ? ` — ${escapeMarkdown(truncate(task.summary, SUMMARY_MAX))}` : ''
      return `${escapeMarkdown(task.id)} ${escapeMarkdown(task.title)} in ${commit}${summary}`
    })
    lines.push(`${prefix}✅ Changed: ${done.join('; ')}`)
  }
  return { text: lines.join('\n\n'), resolve: settled }
}

/** `[abc1234](…/commit/<sha>)`, built from the pull request's own address. */
function commitLink(state: RunState, sha: string): string {
  const pullUrl = state.run.pull_request?.url ?? ''
  const url = safeUrl(pullUrl.replace(/\/pull\/\d+$/, `/commit/${sha}`))
  return url && url !== pullUrl ? link(sha.slice(0, 7), url) : sha.slice(0, 7)
}
