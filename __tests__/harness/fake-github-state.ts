import { createHash } from 'node:crypto'
import type { Permission } from '../../src/github/forge.js'
import { createReviewTables, type ReviewTables } from './fake-github-review-state.js'

/** Someone who can author issues, comments and reactions. */
export interface UserRecord {
  login: string
  id: number
  type: 'User' | 'Bot' | 'Organization'
}

export interface LabelRecord {
  id: number
  nodeId: string
  name: string
  color: string
  description: string | null
}

/** The pull request side of an issue: on GitHub every pull request is also an issue with the same number. */
export interface PullFields {
  id: number
  nodeId: string
  head: string
  base: string
  draft: boolean
  merged: boolean
  maintainerCanModify: boolean
  /** The owner of the fork the head branch lives in; undefined when it lives in this repository. */
  fork?: string
}

export interface IssueRecord {
  number: number
  id: number
  nodeId: string
  title: string
  body: string | null
  user: string
  labels: string[]
  state: 'open' | 'closed'
  stateReason: 'completed' | 'not_planned' | 'duplicate' | 'reopened' | null
  locked: boolean
  createdAt: string
  updatedAt: string
  closedAt: string | null
  pull?: PullFields
}

export interface CommentRecord {
  id: number
  nodeId: string
  issueNumber: number
  body: string
  user: string
  createdAt: string
  updatedAt: string
}

export type ReactionContent = '+1' | '-1' | 'laugh' | 'confused' | 'heart' | 'hooray' | 'rocket' | 'eyes'

export interface ReactionRecord {
  id: number
  nodeId: string
  commentId: number
  content: ReactionContent
  user: string
  createdAt: string
}

/** What kind of token the API is called with. */
export type TokenKind = 'installation' | 'user'

/** The token's `actions` permission, as a workflow's `permissions:` block or an App's settings grant it. */
export type ActionsPermission = 'write' | 'read' | 'none'

/** A workflow run GitHub accepted to start (POST …/actions/workflows/{workflow_id}/dispatches answered 204). */
export interface DispatchRecord {
  /** The workflow as the request named it: its file name (`agents.yml`). */
  workflow: string
  /** The ref as the request gave it (`main` or `refs/heads/main`). */
  ref: string
  /** The branch or tag GitHub resolved it to: `refs/heads/main`, `refs/tags/v1`. */
  fullRef: string
  /** The inputs as sent; GitHub accepts only strings. */
  inputs: Record<string, string>
  /** When GitHub accepted it, in its timestamp format. */
  at: string
}

/** Everything the fake knows about its one repository. Live: the server reads and writes these maps. */
export interface FakeGitHubState extends ReviewTables {
  owner: string
  repo: string
  repoId: number
  repoNodeId: string
  defaultBranch: string
  private: boolean
  /** The login the token belongs to; it authors what the API creates. */
  actor: string
  /** An App installation token (GITHUB_TOKEN) or a user's token (PAT): GitHub tells them apart at `GET /user`. */
  tokenKind: TokenKind
  /** False for a plan without draft pull requests (a private repository on GitHub Free). */
  draftPullRequests: boolean
  /** Only `write` may start workflow runs. */
  actionsPermission: ActionsPermission
  /** The workflow runs started through the API, oldest first. */
  dispatches: DispatchRecord[]
  users: Map<string, UserRecord>
  /** Logins that GitHub would not recognise at all (the permission check answers 404). */
  unknownUsers: Set<string>
  permissions: Map<string, Permission>
  /** Issues and pull requests by number, sharing one sequence as on GitHub. */
  issues: Map<number, IssueRecord>
  comments: Map<number, CommentRecord>
  reactions: ReactionRecord[]
  labels: Map<string, LabelRecord>
  /** The next number for an issue or pull request, and the next id for everything else. */
  nextNumber: number
  nextId: number
}

/** A fresh repository with no issues; the actor defaults to the GITHUB_TOKEN's bot. */
export function createState(options: {
  owner: string
  repo: string
  defaultBranch: string
  private: boolean
  actor: string
  tokenKind: TokenKind
  draftPullRequests: boolean
  actionsPermission: ActionsPermission
}): FakeGitHubState {
  const state: FakeGitHubState = {
    ...options,
    dispatches: [],
    repoId: 700000001,
    repoNodeId: nodeId('R_kgDO', 700000001),
    users: new Map(),
    unknownUsers: new Set(),
    permissions: new Map(),
    issues: new Map(),
    comments: new Map(),
    reactions: [],
    labels: new Map(),
    ...createReviewTables(),
    nextNumber: 1,
    nextId: 1000
  }
  ensureUser(state, options.owner, 'Organization')
  ensureUser(state, options.actor)
  return state
}

/** The user record for `login`, created on first sight; `[bot]` logins are bots, as on GitHub. */
export function ensureUser(state: FakeGitHubState, login: string, type?: UserRecord['type']): UserRecord {
  let user = state.users.get(login)
  if (!user) {
    // github-actions[bot] has a well-known id; other ids only need to be stable and distinct.
    const id = login === 'github-actions[bot]' ? 41898282 : 5000000 + state.users.size
    user = { login, id, type: type ?? (login.endsWith('[bot]') ? 'Bot' : 'User') }
    state.users.set(login, user)
  }
  return user
}

/** A new id from the shared sequence. */
export function nextId(state: FakeGitHubState): number {
  return state.nextId++
}

/** A GraphQL global id in GitHub's current format: a type prefix and opaque base64url. */
export function nodeId(prefix: string, id: number): string {
  return `${prefix}${Buffer.from(`fake:${prefix}:${id}`).toString('base64url')}`
}

/** GitHub's timestamp format: ISO 8601 in UTC, whole seconds. */
export function timestamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

/** A stable fake commit id for a branch, so head.sha looks like one. */
export function branchSha(branch: string): string {
  return createHash('sha1').update(`branch:${branch}`).digest('hex')
}

/** Adds an issue (or, with `pull`, a pull request) and returns it. */
export function insertIssue(
  state: FakeGitHubState,
  now: string,
  fields: {
    title: string
    body?: string | null
    user?: string
    labels?: string[]
    pull?: Omit<PullFields, 'id' | 'nodeId'>
  }
): IssueRecord {
  const id = nextId(state)
  const user = ensureUser(state, fields.user ?? state.actor).login
  for (const name of fields.labels ?? []) ensureLabel(state, name)
  const issue: IssueRecord = {
    number: state.nextNumber++,
    id,
    nodeId: nodeId('I_kwDO', id),
    title: fields.title,
    body: fields.body ?? null,
    user,
    labels: [...new Set(fields.labels ?? [])],
    state: 'open',
    stateReason: null,
    locked: false,
    createdAt: now,
    updatedAt: now,
    closedAt: null
  }
  if (fields.pull) {
    const pullId = nextId(state)
    issue.pull = { ...fields.pull, id: pullId, nodeId: nodeId('PR_kwDO', pullId) }
  }
  state.issues.set(issue.number, issue)
  return issue
}

/** Adds a comment to an issue or pull request and returns it. */
export function insertComment(
  state: FakeGitHubState,
  now: string,
  issueNumber: number,
  body: string,
  user?: string
) {
  const id = nextId(state)
  const comment: CommentRecord = {
    id,
    nodeId: nodeId('IC_kwDO', id),
    issueNumber,
    body,
    user: ensureUser(state, user ?? state.actor).login,
    createdAt: now,
    updatedAt: now
  }
  state.comments.set(id, comment)
  return comment
}

/** The repository label `name`, created as GitHub does when an unknown label is added to an issue. */
export function ensureLabel(state: FakeGitHubState, name: string): LabelRecord {
  const key = name.toLowerCase()
  return state.labels.get(key) ?? insertLabel(state, { name })
}

/** A label defined on purpose; GitHub gives a label created without a colour the same grey. */
export function insertLabel(
  state: FakeGitHubState,
  fields: { name: string; color?: string; description?: string | null }
): LabelRecord {
  const id = nextId(state)
  const label: LabelRecord = {
    id,
    nodeId: nodeId('LA_kwDO', id),
    name: fields.name,
    color: fields.color ?? 'ededed',
    description: fields.description ?? null
  }
  state.labels.set(fields.name.toLowerCase(), label)
  return label
}

/** The comments on one issue, oldest first. */
export function commentsOf(state: FakeGitHubState, issueNumber: number): CommentRecord[] {
  return [...state.comments.values()].filter(c => c.issueNumber === issueNumber).sort((a, b) => a.id - b.id)
}

/** How GitHub labels the author's relation to the repository in `author_association`. */
export function authorAssociation(state: FakeGitHubState, login: string): string {
  if (login === state.owner) return 'OWNER'
  const permission = state.permissions.get(login)
  return permission && permission !== 'none' && permission !== 'read' ? 'COLLABORATOR' : 'NONE'
}
