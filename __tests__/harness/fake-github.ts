import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { systemClock } from '../../src/util/clock.js'
import { conditional } from './fake-github-conditional.js'
import { createFaultQueue, type TakenFault } from './fake-github-faults.js'
import { createGraphqlFaultQueue, handleGraphql } from './fake-github-graphql.js'
import { errorResult, type RouteResult } from './fake-github-http.js'
import { refusalOf } from './fake-github-refusals.js'
import { createReviewHelpers } from './fake-github-review-helpers.js'
import { routes } from './fake-github-routes.js'
import {
  commentsOf,
  createState,
  ensureUser,
  insertComment,
  insertIssue,
  insertLabel,
  timestamp,
  type DispatchRecord,
  type IssueRecord
} from './fake-github-state.js'
import type {
  FakeGitHub,
  FakeGitHubOptions,
  PullView,
  RecordedRequest,
  Violation,
  Warning
} from './fake-github-types.js'
import { createShapes } from './github-shapes.js'
import { checkRequest, checkResponse, type SchemaProblem } from './openapi-validator.js'

export type { ActionsPermission, DispatchRecord, FakeGitHubState, TokenKind } from './fake-github-state.js'
export type { Fault } from './fake-github-faults.js'
export type { GraphqlError, GraphqlFault } from './fake-github-graphql.js'
export type * from './fake-github-types.js'
export type * from './fake-github-review-helpers.js'
export type { ReviewCommentInput } from './fake-github-review-state.js'

/** Starts the fake GitHub REST (and a little GraphQL) API on 127.0.0.1 at a random port. */
export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const clock = options.clock ?? systemClock
  const now = (): string => timestamp(clock.now())
  const state = createState({
    owner: options.owner ?? 'octo-org',
    repo: options.repo ?? 'widgets',
    defaultBranch: options.defaultBranch ?? 'main',
    private: options.private ?? false,
    actor: options.actor ?? 'github-actions[bot]',
    tokenKind: options.tokenKind ?? 'installation',
    draftPullRequests: options.draftPullRequests ?? true,
    actionsPermission: options.actionsPermission ?? 'write'
  })
  const requests: RecordedRequest[] = []
  const warnings: Warning[] = []
  const violations: Violation[] = []
  const faults = createFaultQueue()
  const graphqlFaults = createGraphqlFaultQueue()
  const dispatchListeners = new Set<(dispatch: DispatchRecord) => void>()
  let served = 0
  // GitHub does not count a 304 against the rate limit; the request id still counts every answer.
  let used = 0
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      try {
        handle(req, res, Buffer.concat(chunks).toString('utf8'))
      } catch (error) {
        failed(req, res, error)
      }
    })
  })

  /** A bug in the fake must fail the test that met it (tests assert no violations), not the Jest worker. */
  function failed(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    const message = `the fake GitHub failed: ${error instanceof Error ? error.stack : String(error)}`
    violations.push({ method: req.method ?? '', path: req.url ?? '', message, problems: [] })
    if (!res.headersSent) res.writeHead(500).end()
  }
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const shapes = createShapes(state, api)
  const requestId = (n: number): string => `FAKE:${String(n).padStart(6, '0')}`

  /** Sends the answer; `afterSent` runs once it has gone out (a runner picks up a run GitHub accepted). */
  function respond(
    res: ServerResponse,
    record: RecordedRequest,
    result: RouteResult,
    afterSent: (() => void)[] = []
  ): void {
    record.status = result.status
    served++
    if (result.status !== 304) used++
    const bodyless = result.status === 304 || result.status === 204
    res.writeHead(result.status, {
      ...(bodyless ? {} : { 'content-type': 'application/json; charset=utf-8' }),
      'x-github-api-version-selected': '2022-11-28',
      'x-github-request-id': requestId(served),
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(Math.max(0, 5000 - used)),
      'x-ratelimit-used': String(used),
      'x-ratelimit-reset': String(Math.floor(clock.now() / 1000) + 3600),
      'x-ratelimit-resource': 'core',
      ...result.headers
    })
    res.end(bodyless || result.body === undefined ? '' : JSON.stringify(result.body), () => {
      for (const then of afterSent) then()
    })
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
      headers,
      receivedAt: Date.now()
    }
    requests.push(record)
    // Recorded as a violation (our code must never send it), answered as GitHub answers it.
    const violate = (message: string, problems: SchemaProblem[], status = 422): void => {
      violations.push({ method, path, operationId: record.operationId, message, problems })
      const answer =
        status === 400
          ? errorResult(400, 'Problems parsing JSON')
          : (refusalOf(problems) ?? errorResult(status, `Invalid request.\n\n${message}`))
      respond(res, record, answer)
    }
    const warn = (message: string): void => void warnings.push({ method, path, message })
    // What a route asks to happen after its answer is sent; a write that was applied is announced even when
    // a fault replaced the answer, as GitHub starts a run it accepted whatever became of the 204.
    const afterSent: (() => void)[] = []
    const dispatched = (dispatch: DispatchRecord): void =>
      void afterSent.push(() => {
        for (const listener of [...dispatchListeners]) listener(dispatch)
      })
    // A fault answers instead of the work, or (applyFirst) after it, as when GitHub applied a write
    // but the gateway lost the answer.
    const answer = (fault: TakenFault | undefined, work: () => RouteResult | Promise<RouteResult>): void => {
      if (fault && !fault.applyFirst) return respond(res, record, fault.result)
      const settle = (result: RouteResult): void =>
        respond(res, record, fault ? fault.result : result, afterSent)
      const result = work()
      if (result instanceof Promise) result.then(settle, error => failed(req, res, error))
      else settle(result)
    }

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
      const fault =
        faults.take(method, path, undefined) ?? graphqlFaults.take(record.body, requestId(served + 1))
      return answer(fault, () => {
        const outcome = handleGraphql(state, record.body, now())
        if (outcome.violation) violations.push({ method, path, message: outcome.violation, problems: [] })
        if (outcome.warning) warn(outcome.warning)
        return { status: 200, body: outcome.body }
      })
    }

    const check = checkRequest({ method, path, query: record.query, body: record.body })
    record.operationId = check.match?.operation.operationId
    if (check.problems.length > 0) {
      const message = `${method} ${path}${record.operationId ? ` (${record.operationId})` : ''}: ${check.problems.map(p => p.message).join('; ')}`
      return violate(message, check.problems)
    }
    const match = check.match!
    const key = `${method} ${match.template}`
    const handler = Object.hasOwn(routes, key) ? routes[key] : undefined
    const { owner, repo } = match.pathParams
    const elsewhere =
      owner !== undefined && `${owner}/${repo}`.toLowerCase() !== `${state.owner}/${state.repo}`.toLowerCase()
    const fault = faults.take(method, path, match.template)
    if (!handler || elsewhere) {
      if (fault) return respond(res, record, fault.result)
      warn(
        handler
          ? `the fake GitHub only serves ${state.owner}/${state.repo}`
          : `${match.operation.operationId} is not implemented by the fake GitHub`
      )
      return respond(res, record, errorResult(404, 'Not Found'))
    }

    // Response checks and conditional answers, once the route (perhaps asynchronous) has answered.
    const finish = (result: RouteResult): RouteResult => {
      if (options.validateResponses) {
        const problems = checkResponse(match, result.status, result.body)
        if (problems.length > 0) {
          const message = `response ${result.status} of ${match.operation.operationId}: ${problems.map(p => p.message).join('; ')}`
          violations.push({ method, path, operationId: record.operationId, message, problems })
        }
      }
      return conditional(method, headers['if-none-match'], result)
    }
    answer(fault, () => {
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
        commitsAhead: options.commitsAhead,
        readFile: options.readFile,
        refExists: options.refExists,
        warn,
        dispatched
      })
      return result instanceof Promise ? result.then(finish) : finish(result)
    })
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
    notModified: () => requests.filter(r => r.status === 304),
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
          maintainerCanModify: true,
          fork: pull.fork
        }
      }).number,
    addComment: (issueNumber, comment) => {
      if (!state.issues.has(issueNumber)) throw new Error(`fake GitHub: no issue #${issueNumber}`)
      return insertComment(state, now(), issueNumber, comment.body, comment.user).id
    },
    addLabel: label => {
      if (state.labels.has(label.name.toLowerCase()))
        throw new Error(`fake GitHub: label ${label.name} exists`)
      insertLabel(state, label)
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
    repoLabels: () =>
      [...state.labels.values()]
        .sort((a, b) => a.id - b.id)
        .map(({ name, color, description }) => ({ name, color, description })),
    failNext: fault => faults.add(fault),
    failNextGraphql: fault => graphqlFaults.add(fault),
    dispatches: state.dispatches,
    onDispatch: listener => {
      dispatchListeners.add(listener)
      return () => void dispatchListeners.delete(listener)
    },
    ...createReviewHelpers(state, now)
  }
}
