import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Permission } from '../../src/github/forge.js'
import { systemClock, type Clock } from '../../src/util/clock.js'
import { createFaultQueue, type Fault } from './fake-github-faults.js'
import { handleGraphql } from './fake-github-graphql.js'
import { errorResult, routes, type RouteResult } from './fake-github-routes.js'
import {
  commentsOf,
  createState,
  ensureUser,
  insertComment,
  insertIssue,
  timestamp,
  type CommentRecord,
  type FakeGitHubState,
  type IssueRecord,
  type ReactionRecord
} from './fake-github-state.js'
import { createShapes } from './github-shapes.js'
import { checkRequest, checkResponse, type SchemaProblem } from './openapi-validator.js'

export type { FakeGitHubState } from './fake-github-state.js'
export type { Fault } from './fake-github-faults.js'

export interface FakeGitHubOptions {
  /** Default `octo-org` / `widgets`, the repository the e2e runner harness names. */
  owner?: string
  repo?: string
  /** Default `main`; it always exists as a branch. */
  defaultBranch?: string
  /** Default false. Decides what an outsider's permission check answers: `read` (public) or `none` (private). */
  private?: boolean
  /** The login the token belongs to, author of everything the API creates. Default `github-actions[bot]`. */
  actor?: string
  /** When set, a request without `Authorization: token <token>` (or Bearer) is answered 401. */
  token?: string
  /** Asked whether a branch exists when a pull request is opened or retargeted; default: every branch does. */
  branchExists?: (name: string) => boolean
  /** Also check every answer against GitHub's response schemas (slower; the harness's own test turns it on). */
  validateResponses?: boolean
  /** Timestamps come from here. */
  clock?: Clock
}

/** One request as the fake received it. */
export interface RecordedRequest {
  method: string
  path: string
  query: Record<string, string>
  body: unknown
  /** Lower-case names; `authorization` is left out so tokens never reach snapshots. */
  headers: Record<string, string>
  /** `issues/create-comment` and the like; undefined when GitHub has no such operation (and for GraphQL). */
  operationId?: string
  status?: number
}

/** A request GitHub's description does not allow, or (with `validateResponses`) an answer that drifted. */
export interface Violation {
  method: string
  path: string
  operationId?: string
  message: string
  problems: SchemaProblem[]
}

export interface Warning {
  method: string
  path: string
  message: string
}

export interface PullView {
  number: number
  title: string
  body: string | null
  head: string
  base: string
  draft: boolean
  state: 'open' | 'closed'
  nodeId: string
  htmlUrl: string
  labels: string[]
}

export interface FakeGitHub {
  /** Base URL for Octokit's `baseUrl` / GITHUB_API_URL; GraphQL is served at `${url}/graphql`. */
  url: string
  close(): Promise<void>
  /** The live in-memory repository. */
  state: FakeGitHubState
  requests: RecordedRequest[]
  warnings: Warning[]
  violations: Violation[]
  /** Requests that could change something: everything but GET and HEAD (GraphQL counts). */
  writes(): RecordedRequest[]
  addIssue(issue: { title: string; body?: string; user?: string; labels?: string[] }): number
  /** Seeds an open pull request (number shared with issues); returns its number. */
  addPull(pull: {
    head: string
    base?: string
    title: string
    body?: string
    draft?: boolean
    user?: string
  }): number
  /** Seeds a comment by someone (default: the actor); returns its id. */
  addComment(issueNumber: number, comment: { body: string; user?: string }): number
  /** A login never given a permission is an outsider: `read` on a public repository, `none` on a private one. */
  setPermission(login: string, permission: Permission): void
  /** Makes `login` unknown to GitHub: the permission check answers 404, as for a deleted account. */
  forgetUser(login: string): void
  issue(number: number): IssueRecord | undefined
  comments(issueNumber: number): CommentRecord[]
  reactions(commentId: number): ReactionRecord[]
  pulls(): PullView[]
  labels(issueNumber: number): string[]
  failNext(fault: Fault): void
}

/** Starts the fake GitHub REST (and one-mutation GraphQL) API on 127.0.0.1 at a random port. */
export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const clock = options.clock ?? systemClock
  const now = (): string => timestamp(clock.now())
  const state = createState({
    owner: options.owner ?? 'octo-org',
    repo: options.repo ?? 'widgets',
    defaultBranch: options.defaultBranch ?? 'main',
    private: options.private ?? false,
    actor: options.actor ?? 'github-actions[bot]'
  })
  const requests: RecordedRequest[] = []
  const warnings: Warning[] = []
  const violations: Violation[] = []
  const faults = createFaultQueue()
  let served = 0
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      try {
        handle(req, res, Buffer.concat(chunks).toString('utf8'))
      } catch (error) {
        // A bug in the fake must fail the test that met it (tests assert no violations), not the Jest worker.
        const message = `the fake GitHub failed: ${error instanceof Error ? error.stack : String(error)}`
        violations.push({ method: req.method ?? '', path: req.url ?? '', message, problems: [] })
        if (!res.headersSent) res.writeHead(500).end()
      }
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const shapes = createShapes(state, api)

  function respond(res: ServerResponse, record: RecordedRequest, result: RouteResult): void {
    record.status = result.status
    served++
    res.writeHead(result.status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-api-version-selected': '2022-11-28',
      'x-github-request-id': `FAKE:${String(served).padStart(6, '0')}`,
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(Math.max(0, 5000 - served)),
      'x-ratelimit-used': String(served),
      'x-ratelimit-reset': String(Math.floor(clock.now() / 1000) + 3600),
      'x-ratelimit-resource': 'core',
      ...result.headers
    })
    res.end(result.body === undefined ? '' : JSON.stringify(result.body))
  }

  function handle(req: IncomingMessage, res: ServerResponse, text: string): void {
    const url = new URL(req.url ?? '/', api)
    const method = (req.method ?? 'GET').toUpperCase()
    const path = url.pathname
    const headers = Object.fromEntries(
      Object.entries(req.headers)
        .filter(([name]) => name !== 'authorization')
        .map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)])
    )
    const record: RecordedRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      headers
    }
    requests.push(record)
    const violate = (message: string, problems: SchemaProblem[], status = 422): void => {
      violations.push({ method, path, operationId: record.operationId, message, problems })
      respond(
        res,
        record,
        errorResult(status, status === 400 ? 'Problems parsing JSON' : `Invalid request.\n\n${message}`)
      )
    }
    const warn = (message: string): void => void warnings.push({ method, path, message })

    if (text.length > 0) {
      try {
        record.body = JSON.parse(text)
      } catch {
        record.body = text
        return violate('the body is not JSON', [{ part: 'body', message: 'the body is not JSON' }], 400)
      }
    }
    if (options.token !== undefined) {
      const presented = /^(?:token|bearer)\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]
      if (presented !== options.token) return respond(res, record, errorResult(401, 'Bad credentials'))
    }

    if (method === 'POST' && path === '/graphql') {
      const fault = faults.take(method, path, undefined)
      if (fault) return respond(res, record, fault)
      const outcome = handleGraphql(state, record.body, now())
      if (outcome.violation) violations.push({ method, path, message: outcome.violation, problems: [] })
      if (outcome.warning) warn(outcome.warning)
      return respond(res, record, { status: 200, body: outcome.body })
    }

    const check = checkRequest({ method, path, query: record.query, body: record.body })
    record.operationId = check.match?.operation.operationId
    if (check.problems.length > 0) {
      const message = `${method} ${path}${record.operationId ? ` (${record.operationId})` : ''}: ${check.problems.map(p => p.message).join('; ')}`
      return violate(message, check.problems)
    }
    const match = check.match!
    const fault = faults.take(method, path, match.template)
    if (fault) return respond(res, record, fault)

    const key = `${method} ${match.template}`
    const handler = Object.hasOwn(routes, key) ? routes[key] : undefined
    const { owner, repo } = match.pathParams
    const elsewhere =
      owner !== undefined && `${owner}/${repo}`.toLowerCase() !== `${state.owner}/${state.repo}`.toLowerCase()
    if (!handler || elsewhere) {
      warn(
        handler
          ? `the fake GitHub only serves ${state.owner}/${state.repo}`
          : `${match.operation.operationId} is not implemented by the fake GitHub`
      )
      return respond(res, record, errorResult(404, 'Not Found'))
    }

    const result = handler({
      state,
      shapes,
      api,
      path,
      pathParams: match.pathParams,
      query: record.query,
      body: record.body,
      now: now(),
      branchExists: options.branchExists,
      warn
    })
    if (options.validateResponses) {
      const problems = checkResponse(match, result.status, result.body)
      if (problems.length > 0) {
        const message = `response ${result.status} of ${match.operation.operationId}: ${problems.map(p => p.message).join('; ')}`
        violations.push({ method, path, operationId: record.operationId, message, problems })
      }
    }
    respond(res, record, result)
  }

  let closing: Promise<void> | undefined
  const pullView = (issue: IssueRecord): PullView => ({
    number: issue.number,
    title: issue.title,
    body: issue.body,
    head: issue.pull!.head,
    base: issue.pull!.base,
    draft: issue.pull!.draft,
    state: issue.state,
    nodeId: issue.pull!.nodeId,
    htmlUrl: `https://github.com/${state.owner}/${state.repo}/pull/${issue.number}`,
    labels: [...issue.labels]
  })

  return {
    url: api,
    state,
    requests,
    warnings,
    violations,
    close: () => {
      // Idempotent, so a test may close early and afterEach close again.
      closing ??= new Promise<void>((resolve, reject) => {
        server.close(error => (error ? reject(error) : resolve()))
        // Clients keep connections alive; without this, close() would wait for them to time out.
        server.closeAllConnections()
      })
      return closing
    },
    writes: () => requests.filter(r => r.method !== 'GET' && r.method !== 'HEAD'),
    addIssue: issue => insertIssue(state, now(), issue).number,
    addPull: pull =>
      insertIssue(state, now(), {
        title: pull.title,
        body: pull.body,
        user: pull.user,
        pull: {
          head: pull.head,
          base: pull.base ?? state.defaultBranch,
          draft: pull.draft ?? false,
          merged: false,
          maintainerCanModify: true
        }
      }).number,
    addComment: (issueNumber, comment) => {
      if (!state.issues.has(issueNumber)) throw new Error(`fake GitHub: no issue #${issueNumber}`)
      return insertComment(state, now(), issueNumber, comment.body, comment.user).id
    },
    setPermission: (login, permission) => {
      ensureUser(state, login)
      state.unknownUsers.delete(login)
      state.permissions.set(login, permission)
    },
    forgetUser: login => void state.unknownUsers.add(login),
    issue: number => state.issues.get(number),
    comments: issueNumber => commentsOf(state, issueNumber).map(c => ({ ...c })),
    reactions: commentId => state.reactions.filter(r => r.commentId === commentId).map(r => ({ ...r })),
    pulls: () => [...state.issues.values()].filter(i => i.pull).map(pullView),
    labels: issueNumber => [...(state.issues.get(issueNumber)?.labels ?? [])],
    failNext: fault => faults.add(fault)
  }
}
