import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const examples = require('@octokit/webhooks-examples/api.github.com/index.json') as {
  name: string
  examples: Record<string, unknown>[]
}[]

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * A deep copy of the first real example of `event` (with `action`, and passing `where` when given), from
 * @octokit/webhooks-examples.
 */
export function realPayload(
  event: string,
  action?: string,
  where: (example: Json) => boolean = () => true
): Json {
  const found = examples
    .find(e => e.name === event)
    ?.examples.find(e => (action === undefined || (e as Json).action === action) && where(e as Json))
  if (!found) throw new Error(`no webhook example for ${event}.${action}`)
  return structuredClone(found) as Json
}

/**
 * The repository part of a payload, pointed at `owner/repo`. Its default branch is the fake GitHub's and the
 * sample repositories' (`main`): the engine takes it from the payload, and the examples' `master` would send
 * the team to a branch that does not exist.
 */
const repository = (owner: string, repo: string) => ({
  name: repo,
  full_name: `${owner}/${repo}`,
  owner: { login: owner, type: 'Organization' },
  default_branch: 'main'
})

/** `issues.labeled` for issue `number`, as GitHub sends it, by `sender`. */
export function labeledIssue(options: {
  number: number
  title: string
  body: string
  label?: string
  sender?: string
  senderType?: 'User' | 'Bot'
}): Json {
  const payload = realPayload('issues', 'labeled')
  payload.issue = {
    ...payload.issue,
    number: options.number,
    title: options.title,
    body: options.body,
    state: 'open'
  }
  payload.label = { ...payload.label, name: options.label ?? 'agent-team' }
  payload.sender = {
    ...payload.sender,
    login: options.sender ?? 'octocat',
    type: options.senderType ?? 'User'
  }
  payload.repository = { ...payload.repository, ...repository('octo-org', 'widgets') }
  return payload
}

/** `issue_comment.created` on issue `number` with `body`, by `sender`. */
export function issueComment(options: {
  number: number
  title: string
  issueBody: string
  body: string
  commentId: number
  sender?: string
}): Json {
  const payload = realPayload('issue_comment', 'created')
  payload.issue = {
    ...payload.issue,
    number: options.number,
    title: options.title,
    body: options.issueBody,
    state: 'open'
  }
  delete payload.issue.pull_request
  payload.comment = {
    ...payload.comment,
    id: options.commentId,
    body: options.body,
    user: { ...payload.comment.user, login: options.sender ?? 'octocat', type: 'User' }
  }
  payload.sender = { ...payload.sender, login: options.sender ?? 'octocat', type: 'User' }
  payload.repository = { ...payload.repository, ...repository('octo-org', 'widgets') }
  return payload
}

/**
 * `workflow_dispatch` as GitHub sends it; the action reads the feature from its own inputs. By default a
 * person (octocat) ran the example's workflow on `main`; a run the engine started names the workflow file,
 * the branch and `github-actions[bot]`.
 */
export function workflowDispatch(options: {
  inputs: Record<string, string>
  sender?: string
  senderType?: 'User' | 'Bot'
  /** A branch (`main`) or a full ref (`refs/tags/v1`). */
  ref?: string
  /** The workflow's file name, e.g. `agents.yml`. */
  workflow?: string
}): Json {
  const payload = realPayload('workflow_dispatch')
  payload.inputs = options.inputs
  if (options.ref !== undefined)
    payload.ref = options.ref.startsWith('refs/') ? options.ref : `refs/heads/${options.ref}`
  if (options.workflow !== undefined) payload.workflow = `.github/workflows/${options.workflow}`
  payload.sender = {
    ...payload.sender,
    login: options.sender ?? 'octocat',
    type: options.senderType ?? 'User'
  }
  payload.repository = { ...payload.repository, ...repository('octo-org', 'widgets') }
  return payload
}

/** A review's state as the REST API spells it (capitals) or as webhooks do (lower case). */
export type ReviewState =
  'CHANGES_REQUESTED' | 'COMMENTED' | 'APPROVED' | 'changes_requested' | 'commented' | 'approved'

interface PullTarget {
  /** The team's pull request. */
  number: number
  /** Its head branch, without refs/heads/. */
  headRef: string
  baseRef?: string
  title?: string
  sender?: string
  senderType?: 'User' | 'Bot'
}

const API = 'https://api.github.com/repos/octo-org/widgets'
const WEB = 'https://github.com/octo-org/widgets'

/** The example's pull request, pointed at `target` in octo-org/widgets (head in the same repository). */
function pointPull(pull: Json, target: PullTarget): Json {
  const side = (side: Json, ref: string): Json => ({
    ...side,
    label: `octo-org:${ref}`,
    ref,
    user: { ...side.user, login: 'octo-org', type: 'Organization' },
    repo: { ...side.repo, ...repository('octo-org', 'widgets') }
  })
  return {
    ...pull,
    number: target.number,
    url: `${API}/pulls/${target.number}`,
    html_url: `${WEB}/pull/${target.number}`,
    issue_url: `${API}/issues/${target.number}`,
    state: 'open',
    ...(target.title !== undefined ? { title: target.title } : {}),
    head: side(pull.head, target.headRef),
    base: side(pull.base, target.baseRef ?? 'main')
  }
}

function pointSender(payload: Json, target: PullTarget): void {
  payload.sender = {
    ...payload.sender,
    login: target.sender ?? 'octocat',
    type: target.senderType ?? 'User'
  }
  payload.repository = { ...payload.repository, ...repository('octo-org', 'widgets') }
}

/** `pull_request_review.submitted` on the team's pull request; `state` is sent in lower case, as GitHub does. */
export function pullRequestReview(
  options: PullTarget & { reviewId: number; state: ReviewState; body?: string | null }
): Json {
  const payload = realPayload('pull_request_review', 'submitted')
  payload.pull_request = pointPull(payload.pull_request, options)
  payload.review = {
    ...payload.review,
    id: options.reviewId,
    body: options.body ?? null,
    state: options.state.toLowerCase(),
    user: { ...payload.review.user, login: options.sender ?? 'octocat', type: options.senderType ?? 'User' },
    html_url: `${WEB}/pull/${options.number}#pullrequestreview-${options.reviewId}`,
    pull_request_url: `${API}/pulls/${options.number}`
  }
  pointSender(payload, options)
  return payload
}

/** `pull_request_review_comment.created`: a line comment (or, with `inReplyToId`, a reply in its thread). */
export function pullRequestReviewComment(
  options: PullTarget & {
    commentId: number
    reviewId: number
    body: string
    path: string
    /** Leave out for a comment on the whole file. */
    line?: number
    startLine?: number
    side?: 'LEFT' | 'RIGHT'
    diffHunk?: string
    inReplyToId?: number
  }
): Json {
  // The example that carries the line fields, as GitHub sends them today.
  const payload = realPayload('pull_request_review_comment', 'created', e => 'line' in e.comment)
  payload.pull_request = pointPull(payload.pull_request, options)
  const line = options.line ?? null
  const comment: Json = {
    ...payload.comment,
    id: options.commentId,
    url: `${API}/pulls/comments/${options.commentId}`,
    html_url: `${WEB}/pull/${options.number}#discussion_r${options.commentId}`,
    pull_request_url: `${API}/pulls/${options.number}`,
    pull_request_review_id: options.reviewId,
    body: options.body,
    path: options.path,
    diff_hunk: options.diffHunk ?? payload.comment.diff_hunk,
    line,
    original_line: line,
    start_line: options.startLine ?? null,
    original_start_line: options.startLine ?? null,
    start_side: options.startLine === undefined ? null : (options.side ?? 'RIGHT'),
    side: options.side ?? 'RIGHT',
    subject_type: line === null ? 'file' : 'line',
    user: { ...payload.comment.user, login: options.sender ?? 'octocat', type: options.senderType ?? 'User' }
  }
  if (options.inReplyToId !== undefined) comment.in_reply_to_id = options.inReplyToId
  payload.comment = comment
  pointSender(payload, options)
  return payload
}

/** `issue_comment.created` on the team's pull request: the issue carries a `pull_request` key, as on GitHub. */
export function prComment(options: {
  number: number
  title?: string
  body: string
  commentId: number
  sender?: string
}): Json {
  const payload = issueComment({
    number: options.number,
    title: options.title ?? 'agent-team',
    issueBody: '',
    body: options.body,
    commentId: options.commentId,
    sender: options.sender
  })
  payload.issue.html_url = `${WEB}/pull/${options.number}`
  payload.issue.pull_request = {
    url: `${API}/pulls/${options.number}`,
    html_url: `${WEB}/pull/${options.number}`,
    diff_url: `${WEB}/pull/${options.number}.diff`,
    patch_url: `${WEB}/pull/${options.number}.patch`,
    merged_at: null
  }
  payload.comment.html_url = `${WEB}/pull/${options.number}#issuecomment-${options.commentId}`
  return payload
}
