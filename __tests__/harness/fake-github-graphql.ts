import { faultResult } from './fake-github-faults.js'
import { handleReviewGraphql } from './fake-github-graphql-reviews.js'
import type { RouteResult } from './fake-github-http.js'
import { ensureUser, nodeId, type FakeGitHubState } from './fake-github-state.js'

/** One GraphQL error as GitHub sends it. */
export interface GraphqlError {
  type?: string
  message: string
  path?: string[]
}

/** The outcome of one GraphQL request; GitHub answers 200 even when the query fails. */
export interface GraphqlOutcome {
  body: { data?: unknown; errors?: GraphqlError[] }
  /** Set when the request is not a well-formed GraphQL request at all. */
  violation?: string
  /** Set when the request is valid GraphQL the fake does not model. */
  warning?: string
}

/** A GraphQL request that fails: with GraphQL errors in a 200 answer, or with an HTTP status. */
export interface GraphqlFault {
  /** The top-level field it hits, e.g. `markPullRequestReadyForReview` or `viewer`; any request when left out. */
  field?: string
  /** Answer this HTTP status (say 502, a gateway timeout) instead of a GraphQL answer. */
  status?: number
  /**
   * The errors of a 200 answer whose data for the field is null. Default: GitHub's message for an internal
   * failure, "Something went wrong while executing your query…" (octokit/graphql-action#110 quotes one).
   */
  errors?: GraphqlError[]
  /** How many matching requests fail; default 1. */
  times?: number
  /** Perform the request first, then fail: the draft is marked ready although the client hears an error. */
  applyFirst?: boolean
}

/** Queued GraphQL faults, consumed in the order they were added. */
export interface GraphqlFaultQueue {
  add(fault: GraphqlFault): void
  take(request: unknown, requestId: string): { result: RouteResult; applyFirst: boolean } | undefined
}

const MUTATION = 'markPullRequestReadyForReview'

/**
 * The GraphQL the action needs: `markPullRequestReadyForReview(input: { pullRequestId })`, which REST cannot
 * do, and `viewer`, which names an installation token's bot where REST's `GET /user` refuses it, both read
 * with patterns; review threads and resolving them, read with a small parser (fake-github-graphql-reviews.ts).
 * Anything else is refused with a GraphQL error and a warning, so a test notices the action reaching for
 * something the fake lacks.
 */
export function handleGraphql(state: FakeGitHubState, request: unknown, now: string): GraphqlOutcome {
  const { query, variables = {} } = (request ?? {}) as {
    query?: unknown
    variables?: Record<string, unknown>
  }
  if (typeof query !== 'string') {
    const message = 'A query attribute must be specified and must be a string.'
    return { body: { errors: [{ message }] }, violation: message }
  }
  const viewer = /^\s*(?:query\b[^{]*)?\{\s*viewer\s*\{([^{}]*)\}\s*\}\s*$/.exec(query)
  if (viewer) return answerViewer(state, viewer[1]!)
  const call = new RegExp(`^\\s*mutation\\b[^{]*\\{\\s*${MUTATION}\\s*\\(\\s*input\\s*:\\s*([^)]*)\\)`).exec(
    query
  )
  if (!call) {
    const reviews = handleReviewGraphql(state, query, variables, now)
    if (reviews) return reviews
    const message = `the fake GitHub only models the ${MUTATION} and resolveReviewThread mutations and the viewer and reviewThreads queries`
    return { body: { errors: [{ type: 'NOT_SUPPORTED', message }] }, warning: `POST /graphql: ${message}` }
  }
  const id = inputId(call[1]!, variables)
  if (typeof id !== 'string') {
    const message = `Argument 'pullRequestId' on InputObject 'MarkPullRequestReadyForReviewInput' is required.`
    return { body: { errors: [{ message }] }, violation: message }
  }
  const pull = [...state.issues.values()].find(issue => issue.pull?.nodeId === id)
  if (!pull?.pull) {
    return {
      body: {
        data: { [MUTATION]: null },
        errors: [
          {
            type: 'NOT_FOUND',
            path: [MUTATION],
            message: `Could not resolve to a node with the global id of '${id}'`
          }
        ]
      }
    }
  }
  pull.pull.draft = false
  pull.updatedAt = now
  const values: Record<string, unknown> = {
    id: pull.pull.nodeId,
    isDraft: false,
    number: pull.number,
    title: pull.title,
    state: pull.state.toUpperCase(),
    url: `https://github.com/${state.owner}/${state.repo}/pull/${pull.number}`
  }
  const selection = /pullRequest\s*\{([^}]*)\}/.exec(query)?.[1]!.match(/\w+/g) ?? ['id']
  const pullRequest = Object.fromEntries(selection.map(field => [field, values[field] ?? null]))
  return { body: { data: { [MUTATION]: { pullRequest } } } }
}

/**
 * `viewer` is the token's account with the login REST uses: an installation token's bot keeps its `[bot]`
 * suffix there (`github-actions[bot]`, `<app>[bot]`), as reported by CatChen/token-who-am-i-action and by
 * projects that moved from `GET /user` to `viewer` for App tokens. The field is typed `User!` in GitHub's
 * schema, so `__typename` is `User` even for a bot; its `id` is the bot's node id.
 */
function answerViewer(state: FakeGitHubState, selection: string): GraphqlOutcome {
  const user = ensureUser(state, state.actor)
  const values: Record<string, unknown> = {
    login: user.login,
    __typename: 'User',
    id: nodeId(user.type === 'Bot' ? 'BOT_kgDO' : 'U_kgDO', user.id),
    databaseId: user.id,
    name: null
  }
  const fields = selection.match(/\w+/g) ?? []
  const unknown = fields.filter(field => !(field in values))
  const viewer = Object.fromEntries(fields.map(field => [field, values[field] ?? null]))
  return {
    body: { data: { viewer } },
    ...(unknown.length > 0
      ? { warning: `POST /graphql: viewer { ${unknown.join(' ')} } is not modelled; answered null` }
      : {})
  }
}

/** The top-level field a query or mutation asks for (after an alias, if any). */
export function topField(request: unknown): string | undefined {
  const query = (request as { query?: unknown } | undefined)?.query
  if (typeof query !== 'string') return undefined
  return /^\s*(?:(?:query|mutation)\b[^{]*)?\{\s*(?:\w+\s*:\s*)?(\w+)/.exec(query)?.[1]
}

/** An empty GraphQL fault queue; a fault hits the first request that asks for its field. */
export function createGraphqlFaultQueue(): GraphqlFaultQueue {
  const faults: (GraphqlFault & { left: number })[] = []
  return {
    add: fault => void faults.push({ ...fault, left: fault.times ?? 1 }),
    take(request, requestId) {
      const field = topField(request)
      const fault = faults.find(f => f.left > 0 && (f.field === undefined || f.field === field))
      if (!fault) return undefined
      fault.left--
      const applyFirst = fault.applyFirst ?? false
      if (fault.status !== undefined) return { result: faultResult({ status: fault.status }), applyFirst }
      const message = `Something went wrong while executing your query. Please include \`${requestId}\` when reporting this issue.`
      const errors = (fault.errors ?? [{ message }]).map(error => ({
        ...(field !== undefined ? { path: [field] } : {}),
        ...error
      }))
      const body = { data: field !== undefined ? { [field]: null } : null, errors }
      return { result: { status: 200, body }, applyFirst }
    }
  }
}

/** `pullRequestId` from an inline object (literal or variable) or from a whole `$input` variable. */
function inputId(argument: string, variables: Record<string, unknown>): unknown {
  const whole = /^\s*\$(\w+)\s*$/.exec(argument)
  if (whole) return (variables[whole[1]!] as { pullRequestId?: unknown } | undefined)?.pullRequestId
  const field = /pullRequestId\s*:\s*(?:\$(\w+)|"([^"]*)")/.exec(argument)
  if (!field) return undefined
  return field[1] !== undefined ? variables[field[1]] : field[2]
}
