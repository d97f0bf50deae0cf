/**
 * The hidden markers agent-team puts in what it writes on GitHub. A marker is an HTML comment, invisible
 * in the rendered text, that lets a later run or command find (and edit) the comment it wrote before, and
 * lets the trigger skip the team's own comments. The strings are a contract with every comment already
 * on GitHub: changing one makes the team lose its comments and post them again.
 */

/** The start every marker shares: a comment that carries it was written by agent-team. */
export const MARKER_PREFIX = '<!-- agent-team:'

/** What a marker names; the word after the prefix. */
export type MarkerKind =
  'plan' | 'progress' | 'status' | 'reply' | 'question' | 'done' | 'awaiting-approval' | 'pull-request'

function marker(kind: MarkerKind, fields: string): string {
  return `${MARKER_PREFIX}${kind} ${fields} -->`
}

/** True when `body` was written by agent-team: such a comment never addresses the team. */
export function isOwnComment(body: string): boolean {
  return body.includes(MARKER_PREFIX)
}

/** True when `body` carries a marker of `kind`, whatever its fields. */
export function hasMarker(body: string, kind: MarkerKind): boolean {
  return body.includes(`${MARKER_PREFIX}${kind}`)
}

/** The plan comment on the issue, edited by every later run and revision instead of posting again. */
export function planMarker(issueNumber: number | undefined): string {
  return marker('plan', `issue=${issueNumber ?? 'none'}`)
}

/** The one live progress comment on the team's pull request `pullNumber`. */
export function progressMarker(pullNumber: number): string {
  return marker('progress', `pr=${pullNumber}`)
}

/** The reply to `/agents status` on the issue, so a later `/agents status` edits it instead of posting again. */
export function statusMarker(issueNumber: number): string {
  return marker('status', `issue=${issueNumber}`)
}

/** A reply to a command on the issue. */
export function replyMarker(issueNumber: number): string {
  return marker('reply', `issue=${issueNumber}`)
}

/** A reply on pull request `pullNumber` to a comment or command there. */
export function pullReplyMarker(pullNumber: number): string {
  return marker('reply', `pr=${pullNumber}`)
}

/** The team's answer in a review thread of pull request `pullNumber`, once review round `round` is over. */
export function reviewReplyMarker(pullNumber: number, round: number): string {
  return marker('reply', `pr=${pullNumber} round=${round}`)
}

/** The question task `taskId` asks people on the issue when the manager could not answer it. */
export function questionMarker(taskId: string): string {
  return marker('question', `task=${taskId}`)
}

/** The note on an issue whose run is already done, posted instead of running again. */
export function doneMarker(issueNumber: number): string {
  return marker('done', `issue=${issueNumber}`)
}

/** The note on an issue whose plan waits for approval, posted instead of planning again. */
export function awaitingApprovalMarker(issueNumber: number): string {
  return marker('awaiting-approval', `issue=${issueNumber}`)
}

/** The marker in the body of every pull request the team opens, naming the run whose state owns it. */
export function pullRequestMarker(runKey: string): string {
  return marker('pull-request', `run=${runKey}`)
}

// The marker with a capture where the run key goes (the prefix holds no regular-expression syntax).
const PULL_REQUEST_MARKER = new RegExp(pullRequestMarker('([A-Za-z0-9][A-Za-z0-9._-]*)'))

/** The run key a pull request's body names in its marker, if any; only a lead, the committed state decides. */
export function runKeyInPullBody(body: string): string | undefined {
  return PULL_REQUEST_MARKER.exec(body)?.[1]
}
