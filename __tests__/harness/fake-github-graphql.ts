import type { FakeGitHubState } from './fake-github-state.js'

/** The outcome of one GraphQL request; GitHub answers 200 even when the query fails. */
export interface GraphqlOutcome {
  body: { data?: unknown; errors?: { type?: string; message: string; path?: string[] }[] }
  /** Set when the request is not a well-formed GraphQL request at all. */
  violation?: string
  /** Set when the request is valid GraphQL the fake does not model. */
  warning?: string
}

const MUTATION = 'markPullRequestReadyForReview'

/**
 * The one GraphQL operation the action needs: `markPullRequestReadyForReview(input: { pullRequestId })`,
 * which REST cannot do. The query is read with patterns, not a parser; anything else is refused with a
 * GraphQL error and a warning, so a test notices the action reaching for something the fake lacks.
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
  const call = new RegExp(`^\\s*mutation\\b[^{]*\\{\\s*${MUTATION}\\s*\\(\\s*input\\s*:\\s*([^)]*)\\)`).exec(
    query
  )
  if (!call) {
    const message = `the fake GitHub only models the ${MUTATION} mutation`
    return { body: { errors: [{ type: 'NOT_SUPPORTED', message }] }, warning: `POST /graphql: ${message}` }
  }
  const id = inputId(call[1], variables)
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
  const selection = /pullRequest\s*\{([^}]*)\}/.exec(query)?.[1].match(/\w+/g) ?? ['id']
  const pullRequest = Object.fromEntries(selection.map(field => [field, values[field] ?? null]))
  return { body: { data: { [MUTATION]: { pullRequest } } } }
}

/** `pullRequestId` from an inline object (literal or variable) or from a whole `$input` variable. */
function inputId(argument: string, variables: Record<string, unknown>): unknown {
  const whole = /^\s*\$(\w+)\s*$/.exec(argument)
  if (whole) return (variables[whole[1]] as { pullRequestId?: unknown } | undefined)?.pullRequestId
  const field = /pullRequestId\s*:\s*(?:\$(\w+)|"([^"]*)")/.exec(argument)
  if (!field) return undefined
  return field[1] !== undefined ? variables[field[1]] : field[2]
}
