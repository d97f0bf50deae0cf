import type { GraphqlOutcome } from './fake-github-graphql.js'
import type { ReviewCommentRecord, ThreadRecord } from './fake-github-review-state.js'
import { reviewCommentsOf, threadsOf } from './fake-github-review-state.js'
import { ensureUser, type FakeGitHubState, type IssueRecord } from './fake-github-state.js'
import { connection, execute, FieldError, type GraphqlObject } from './fake-graphql-execute.js'
import { GraphqlSyntaxError, parseOperation, type Operation } from './fake-graphql-parse.js'

/** The top-level fields this module answers; any other request is left to the rest of the fake. */
const FIELDS = { query: ['repository'], mutation: ['resolveReviewThread'] } as const

/**
 * Review threads, which only GraphQL knows: `repository { pullRequest { reviewThreads } }` (paged as
 * GitHub pages, `first` at most 100) and `resolveReviewThread`. The query is parsed, not pattern-matched,
 * so nested selections, variables and aliases read as GitHub reads them. Returns undefined for a request
 * this module does not serve.
 */
export function handleReviewGraphql(
  state: FakeGitHubState,
  query: string,
  variables: Record<string, unknown>,
  now: string
): GraphqlOutcome | undefined {
  let operation: Operation
  try {
    operation = parseOperation(query, variables)
  } catch (error) {
    if (!(error instanceof GraphqlSyntaxError)) throw error
    // Only claim the request if it asks for one of our fields; the caller warns about the rest.
    if (!/\b(?:reviewThreads|resolveReviewThread)\b/.test(query)) return undefined
    return { body: { errors: [{ message: error.message }] }, violation: `POST /graphql: ${error.message}` }
  }
  const served: readonly string[] = FIELDS[operation.kind]
  if (!operation.selections.every(field => served.includes(field.name))) return undefined
  const root = operation.kind === 'query' ? queryRoot(state) : mutationRoot(state, now)
  const { data, errors, unmodelled } = execute(root, operation.selections)
  return {
    body: errors.length > 0 ? { data, errors } : { data },
    ...(unmodelled.length > 0
      ? { warning: `POST /graphql: ${unmodelled.join(', ')} not modelled by the fake; answered null` }
      : {})
  }
}

function queryRoot(state: FakeGitHubState): GraphqlObject {
  return {
    repository: ({ owner, name }) => {
      if (`${String(owner)}/${String(name)}`.toLowerCase() !== `${state.owner}/${state.repo}`.toLowerCase())
        throw new FieldError(
          'NOT_FOUND',
          `Could not resolve to a Repository with the name '${String(owner)}/${String(name)}'.`
        )
      const repository: GraphqlObject = {
        id: () => state.repoNodeId,
        nameWithOwner: () => `${state.owner}/${state.repo}`,
        pullRequest: ({ number }) => {
          const pull = state.issues.get(Number(number))
          if (!pull?.pull)
            throw new FieldError(
              'NOT_FOUND',
              `Could not resolve to a PullRequest with the number of ${String(number)}.`
            )
          return pullObject(state, pull)
        }
      }
      return repository
    }
  }
}

function mutationRoot(state: FakeGitHubState, now: string): GraphqlObject {
  return {
    resolveReviewThread: ({ input }) => {
      const { threadId, clientMutationId } = (input ?? {}) as {
        threadId?: unknown
        clientMutationId?: unknown
      }
      if (typeof threadId !== 'string')
        throw new FieldError(
          'INVALID_ARGUMENTS',
          "Argument 'threadId' on InputObject 'ResolveReviewThreadInput' is required. Expected type ID!"
        )
      const thread = state.threads.get(threadId)
      if (!thread)
        throw new FieldError('NOT_FOUND', `Could not resolve to a node with the global id of '${threadId}'`)
      // Resolving a resolved thread changes nothing and is answered like the first time.
      if (!thread.isResolved) {
        thread.isResolved = true
        thread.resolvedBy = state.actor
        const pull = state.issues.get(thread.pullNumber)
        if (pull) pull.updatedAt = now
      }
      return {
        clientMutationId: () => (typeof clientMutationId === 'string' ? clientMutationId : null),
        thread: () => threadObject(state, thread)
      }
    }
  }
}

function pullObject(state: FakeGitHubState, pull: IssueRecord): GraphqlObject {
  const pr = pull.pull!
  return {
    __typename: () => 'PullRequest',
    id: () => pr.nodeId,
    number: () => pull.number,
    title: () => pull.title,
    isDraft: () => pr.draft,
    state: () => (pr.merged ? 'MERGED' : pull.state.toUpperCase()),
    headRefName: () => pr.head,
    baseRefName: () => pr.base,
    reviewThreads: args =>
      connection('reviewThreads', threadsOf(state, pull.number), args, thread => threadObject(state, thread))
  }
}

function threadObject(state: FakeGitHubState, thread: ThreadRecord): GraphqlObject {
  const comments = reviewCommentsOf(state, thread.pullNumber).filter(c => thread.commentIds.includes(c.id))
  const first = comments[0]
  return {
    __typename: () => 'PullRequestReviewThread',
    id: () => thread.id,
    isResolved: () => thread.isResolved,
    isOutdated: () => false,
    // GitHub folds a resolved thread away in the diff.
    isCollapsed: () => thread.isResolved,
    path: () => first?.path ?? null,
    line: () => first?.line ?? null,
    startLine: () => first?.startLine ?? null,
    diffSide: () => first?.side ?? 'RIGHT',
    resolvedBy: () => (thread.resolvedBy ? actorObject(state, thread.resolvedBy) : null),
    comments: args => connection('comments', comments, args, comment => commentObject(state, comment))
  }
}

function commentObject(state: FakeGitHubState, comment: ReviewCommentRecord): GraphqlObject {
  return {
    __typename: () => 'PullRequestReviewComment',
    id: () => comment.nodeId,
    // GraphQL's Int is 32 bits: GitHub answers null for an id past it (see REVIEW_COMMENT_IDS).
    databaseId: () => (comment.id <= 2 ** 31 - 1 ? comment.id : null),
    fullDatabaseId: () => String(comment.id),
    body: () => comment.body,
    path: () => comment.path,
    diffHunk: () => comment.diffHunk,
    createdAt: () => comment.createdAt,
    url: () =>
      `https://github.com/${state.owner}/${state.repo}/pull/${comment.pullNumber}#discussion_r${comment.id}`,
    author: () => actorObject(state, comment.user)
  }
}

function actorObject(state: FakeGitHubState, login: string): GraphqlObject {
  const user = ensureUser(state, login)
  // GraphQL names a bot without REST's `[bot]` suffix on its Bot type.
  const bot = user.type === 'Bot'
  return {
    __typename: () => (bot ? 'Bot' : 'User'),
    login: () => (bot ? login.replace(/\[bot\]$/, '') : login)
  }
}
