import {
  authorAssociation,
  branchSha,
  commentsOf,
  ensureLabel,
  ensureUser,
  nodeId,
  type CommentRecord,
  type FakeGitHubState,
  type IssueRecord,
  type ReactionRecord
} from './fake-github-state.js'
import { repositoryShape } from './fake-github-repository-shape.js'
import { reviewCommentsOf } from './fake-github-review-state.js'
import { createReviewShapes, type ReviewShapes } from './github-review-shapes.js'

/**
 * Renders the fake's records as GitHub's REST API returns them. Every field the OpenAPI description
 * marks required is present (the harness's own test validates these against the response schemas);
 * API links point at the fake itself so they can be followed, browser links at https://github.com.
 */
export interface Shapes extends ReviewShapes {
  user(login: string): Record<string, unknown>
  repository(): Record<string, unknown>
  issue(issue: IssueRecord): Record<string, unknown>
  comment(comment: CommentRecord): Record<string, unknown>
  reaction(reaction: ReactionRecord): Record<string, unknown>
  label(name: string): Record<string, unknown>
  /** `pull-request-simple` (list) or the full `pull-request` (get, create, update). */
  pull(issue: IssueRecord, full: boolean): Record<string, unknown>
}

const WEB = 'https://github.com'

/** A merge closes the pull request: it happened when it was closed. */
function mergedAt(record: IssueRecord): string | null {
  return record.pull?.merged ? (record.closedAt ?? record.updatedAt) : null
}

/** Shapes for one fake server; `api` is its base URL. */
export function createShapes(state: FakeGitHubState, api: string): Shapes {
  const repoPath = `${state.owner}/${state.repo}`
  const repoApi = `${api}/repos/${repoPath}`
  const repoWeb = `${WEB}/${repoPath}`

  function user(login: string): Record<string, unknown> {
    const record = ensureUser(state, login)
    const userApi = `${api}/users/${encodeURIComponent(login)}`
    const bot = record.type === 'Bot'
    return {
      login,
      id: record.id,
      node_id: nodeId(bot ? 'BOT_kgDO' : record.type === 'Organization' ? 'O_kgDO' : 'U_kgDO', record.id),
      avatar_url: `https://avatars.githubusercontent.com/${bot ? 'in' : 'u'}/${record.id}?v=4`,
      gravatar_id: '',
      url: userApi,
      html_url: bot ? `${WEB}/apps/${login.replace(/\[bot\]$/, '')}` : `${WEB}/${login}`,
      followers_url: `${userApi}/followers`,
      following_url: `${userApi}/following{/other_user}`,
      gists_url: `${userApi}/gists{/gist_id}`,
      starred_url: `${userApi}/starred{/owner}{/repo}`,
      subscriptions_url: `${userApi}/subscriptions`,
      organizations_url: `${userApi}/orgs`,
      repos_url: `${userApi}/repos`,
      events_url: `${userApi}/events{/privacy}`,
      received_events_url: `${userApi}/received_events`,
      type: record.type,
      user_view_type: 'public',
      site_admin: false
    }
  }

  const repository = (): Record<string, unknown> => repositoryShape(state, api, user)

  function label(name: string): Record<string, unknown> {
    const record = ensureLabel(state, name)
    return {
      id: record.id,
      node_id: record.nodeId,
      url: `${repoApi}/labels/${encodeURIComponent(record.name)}`,
      name: record.name,
      description: record.description,
      color: record.color,
      default: false
    }
  }

  function reactionRollup(url: string, commentId?: number): Record<string, unknown> {
    const contents = ['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'eyes', 'rocket']
    const mine = state.reactions.filter(r => commentId !== undefined && r.commentId === commentId)
    return {
      url,
      total_count: mine.length,
      ...Object.fromEntries(contents.map(c => [c, mine.filter(r => r.content === c).length]))
    }
  }

  function issue(record: IssueRecord): Record<string, unknown> {
    const url = `${repoApi}/issues/${record.number}`
    const kind = record.pull ? 'pull' : 'issues'
    return {
      id: record.id,
      node_id: record.nodeId,
      url,
      repository_url: repoApi,
      labels_url: `${url}/labels{/name}`,
      comments_url: `${url}/comments`,
      events_url: `${url}/events`,
      timeline_url: `${url}/timeline`,
      html_url: `${repoWeb}/${kind}/${record.number}`,
      number: record.number,
      state: record.state,
      state_reason: record.stateReason,
      title: record.title,
      body: record.body,
      user: user(record.user),
      labels: record.labels.map(label),
      assignee: null,
      assignees: [],
      milestone: null,
      locked: record.locked,
      active_lock_reason: null,
      comments: commentsOf(state, record.number).length,
      ...(record.pull
        ? {
            pull_request: {
              url: `${repoApi}/pulls/${record.number}`,
              html_url: `${repoWeb}/pull/${record.number}`,
              diff_url: `${repoWeb}/pull/${record.number}.diff`,
              patch_url: `${repoWeb}/pull/${record.number}.patch`,
              merged_at: mergedAt(record)
            },
            draft: record.pull.draft
          }
        : {}),
      closed_at: record.closedAt,
      created_at: record.createdAt,
      updated_at: record.updatedAt,
      author_association: authorAssociation(state, record.user),
      reactions: reactionRollup(`${url}/reactions`)
    }
  }

  function comment(record: CommentRecord): Record<string, unknown> {
    const url = `${repoApi}/issues/comments/${record.id}`
    const kind = state.issues.get(record.issueNumber)?.pull ? 'pull' : 'issues'
    return {
      id: record.id,
      node_id: record.nodeId,
      url,
      html_url: `${repoWeb}/${kind}/${record.issueNumber}#issuecomment-${record.id}`,
      body: record.body,
      user: user(record.user),
      created_at: record.createdAt,
      updated_at: record.updatedAt,
      issue_url: `${repoApi}/issues/${record.issueNumber}`,
      author_association: authorAssociation(state, record.user),
      performed_via_github_app: null,
      reactions: reactionRollup(`${url}/reactions`, record.id)
    }
  }

  function reaction(record: ReactionRecord): Record<string, unknown> {
    return {
      id: record.id,
      node_id: record.nodeId,
      user: user(record.user),
      content: record.content,
      created_at: record.createdAt
    }
  }

  /** One side of a pull request; a head in a fork names the fork's owner and repository. */
  function branch(ref: string, forkOwner?: string): Record<string, unknown> {
    const owner = forkOwner ?? state.owner
    return {
      label: `${owner}:${ref}`,
      ref,
      sha: branchSha(ref),
      user: user(owner),
      repo: repositoryShape(state, api, user, forkOwner)
    }
  }

  function pull(record: IssueRecord, full: boolean): Record<string, unknown> {
    const pr = record.pull
    if (!pr) throw new Error(`#${record.number} is an issue, not a pull request`)
    const url = `${repoApi}/pulls/${record.number}`
    const html = `${repoWeb}/pull/${record.number}`
    const issueUrl = `${repoApi}/issues/${record.number}`
    const link = (href: string): { href: string } => ({ href })
    const simple = {
      url,
      id: pr.id,
      node_id: pr.nodeId,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      issue_url: issueUrl,
      commits_url: `${url}/commits`,
      review_comments_url: `${url}/comments`,
      review_comment_url: `${repoApi}/pulls/comments{/number}`,
      comments_url: `${issueUrl}/comments`,
      statuses_url: `${repoApi}/statuses/${branchSha(pr.head)}`,
      number: record.number,
      state: record.state,
      locked: record.locked,
      title: record.title,
      user: user(record.user),
      body: record.body,
      labels: record.labels.map(label),
      milestone: null,
      active_lock_reason: null,
      created_at: record.createdAt,
      updated_at: record.updatedAt,
      closed_at: record.closedAt,
      merged_at: mergedAt(record),
      merge_commit_sha: null,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: branch(pr.head, pr.fork),
      base: branch(pr.base),
      _links: {
        self: link(url),
        html: link(html),
        issue: link(issueUrl),
        comments: link(`${issueUrl}/comments`),
        review_comments: link(`${url}/comments`),
        review_comment: link(`${repoApi}/pulls/comments{/number}`),
        commits: link(`${url}/commits`),
        statuses: link(`${repoApi}/statuses/${branchSha(pr.head)}`)
      },
      author_association: authorAssociation(state, record.user),
      auto_merge: null,
      draft: pr.draft
    }
    if (!full) return simple
    return {
      ...simple,
      merged: pr.merged,
      mergeable: null,
      rebaseable: null,
      mergeable_state: 'unknown',
      merged_by: null,
      comments: commentsOf(state, record.number).length,
      review_comments: reviewCommentsOf(state, record.number).length,
      maintainer_can_modify: pr.maintainerCanModify,
      commits: 1,
      additions: 0,
      deletions: 0,
      changed_files: 0
    }
  }

  return {
    user,
    repository,
    issue,
    comment,
    reaction,
    label,
    pull,
    ...createReviewShapes(state, api, user)
  }
}
