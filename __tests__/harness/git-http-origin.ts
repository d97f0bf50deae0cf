/**
 * A git origin served over git's smart HTTP protocol, authenticated the way github.com authenticates it, so
 * the tests exercise the credentials a push really carries instead of pushing to a bare repository by path.
 *
 * `git http-backend` does the protocol work (it is the CGI program git ships for exactly this); a `node:http`
 * server on 127.0.0.1 in front of it plays GitHub's gate:
 * - two `Authorization` headers → 400 (GitHub refuses them; the second one is how a stray persisted
 *   checkout credential shows up);
 * - no credentials → 401 with `WWW-Authenticate: Basic realm="GitHub"`;
 * - a token it does not know → 401;
 * - otherwise the request goes to http-backend as the authenticated user, which is also what enables pushes
 *   (http-backend only serves receive-pack to a request with `REMOTE_USER`).
 * Every repository is private: reads need a token as much as pushes do.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'

/** The two smart-HTTP services: fetch/clone and push. */
export type GitService = 'git-upload-pack' | 'git-receive-pack'

export interface GitHttpOriginOptions {
  /** Bare repositories by `owner/name`; each is served at `/<owner>/<name>.git` (and `/<owner>/<name>`). */
  repos: Record<string, string>
  /** Tokens the origin accepts, in any of the forms git sends them. Default: none (every request is 401). */
  tokens?: string[]
}

/** One HTTP request the origin answered, in arrival order. */
export interface GitHttpRequestRecord {
  method: string
  /** The request path without the query string. */
  path: string
  /** Which service the request was for, when it was one of the smart-HTTP endpoints. */
  service?: GitService
  /** How many `Authorization` headers arrived (counted in the raw headers: Node keeps only the first). */
  authorizationHeaders: number
  /**
   * The token the single Authorization header carried, decoded, so a test can tell which credential pushed.
   * Kept in memory for assertions only; the harness never prints it.
   */
  token?: string
  /** Whether `token` is one the origin accepts. */
  tokenValid: boolean
  /**
   * A receive-pack POST: the request that updates refs. Before a push larger than `http.postBuffer`, git first
   * POSTs a 4-byte probe (a flush packet), which counts here too.
   */
  push: boolean
  /** The request body's Content-Length; absent for a chunked body (git streams large pushes that way). */
  contentLength?: number
  /** The request body's Content-Encoding: git gzips larger fetch requests. */
  contentEncoding?: string
  /** The HTTP status answered (http-backend's own `Status:` when it ran). */
  status: number
  /** When the request arrived (ms since the epoch), for timelines. */
  receivedAt: number
}

export interface GitHttpOrigin {
  /** Server base, e.g. `http://127.0.0.1:40123`; use it as GITHUB_SERVER_URL. */
  url: string
  /** The clone URL of a served repository: `${url}/<owner>/<name>.git`. */
  repoUrl(name: string): string
  /** Every request answered so far, in order. */
  log: GitHttpRequestRecord[]
  /** Replaces the accepted tokens (e.g. to revoke one mid-test). */
  setTokens(tokens: string[]): void
  /** Stops the server, ends open connections and any running http-backend, removes its temp HOME. */
  close(): Promise<void>
}

// The smart-HTTP endpoints under a repository; the dumb protocol (raw objects/refs) is not served, as on GitHub.
const REPO_PATH = /^\/([^/]+)\/([^/]+?)(?:\.git)?(\/info\/refs|\/git-upload-pack|\/git-receive-pack)$/

/** Starts the origin on a random port of 127.0.0.1; resolves once it is listening. */
export async function startGitHttpOrigin(options: GitHttpOriginOptions): Promise<GitHttpOrigin> {
  let tokens = new Set(options.tokens ?? [])
  const log: GitHttpRequestRecord[] = []
  const children = new Set<ChildProcess>()
  // http-backend gets a HOME of its own: the machine's ~/.gitconfig must not change what the origin accepts.
  const home = await mkdtemp(join(tmpdir(), 'agent-team-git-http-'))

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://origin.invalid')
    const match = REPO_PATH.exec(url.pathname)
    const service = match ? serviceOf(match[3]!, url.searchParams.get('service')) : undefined
    const auth = readAuthorization(req)
    const record: GitHttpRequestRecord = {
      method: req.method ?? 'GET',
      path: url.pathname,
      ...(service ? { service } : {}),
      authorizationHeaders: auth.count,
      ...(auth.token !== undefined ? { token: auth.token } : {}),
      tokenValid: auth.token !== undefined && tokens.has(auth.token),
      push: req.method === 'POST' && service === 'git-receive-pack',
      ...(req.headers['content-length'] ? { contentLength: Number(req.headers['content-length']) } : {}),
      ...(req.headers['content-encoding'] ? { contentEncoding: req.headers['content-encoding'] } : {}),
      status: 0,
      receivedAt: Date.now()
    }
    log.push(record)
    const answer = (status: number, message: string, headers: Record<string, string> = {}): void => {
      record.status = status
      req.resume() // drain the body so the connection can be reused
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers })
      res.end(`${message}\n`)
    }

    // Duplicate headers are refused before anything else is looked at, as GitHub does.
    if (auth.count > 1) return answer(400, 'Duplicate header: "Authorization"')
    if (auth.count === 0) {
      return answer(401, 'Authentication required', { 'WWW-Authenticate': 'Basic realm="GitHub"' })
    }
    if (!record.tokenValid) {
      return answer(401, 'Invalid username or token.', { 'WWW-Authenticate': 'Basic realm="GitHub"' })
    }
    const bare = match ? options.repos[`${match[1]}/${match[2]}`] : undefined
    if (!match || !service || !bare) return answer(404, 'Repository not found.')
    runHttpBackend(req, res, { bare, rest: match[3]!, query: url.search.slice(1), home, record, children })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url: base,
    repoUrl: name => `${base}/${name}.git`,
    log,
    setTokens: next => {
      tokens = new Set(next)
    },
    close: async () => {
      for (const child of children) child.kill('SIGKILL')
      server.closeAllConnections()
      await new Promise<void>(resolve => server.close(() => resolve()))
      await rm(home, { recursive: true, force: true })
    }
  }
}

function serviceOf(endpoint: string, queryService: string | null): GitService | undefined {
  const name = endpoint === '/info/refs' ? queryService : endpoint.slice(1)
  return name === 'git-upload-pack' || name === 'git-receive-pack' ? name : undefined
}

/**
 * Counts the Authorization headers and decodes the token of the first one. Git sends `AUTHORIZATION: basic
 * base64(x-access-token:TOKEN)` from an extraheader, `Basic base64(user:TOKEN)` from a credential helper; GitHub
 * also takes `Bearer TOKEN` and `token TOKEN`.
 */
function readAuthorization(req: IncomingMessage): { count: number; token?: string } {
  const values: string[] = []
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]!.toLowerCase() === 'authorization') values.push(req.rawHeaders[i + 1]!)
  }
  if (values.length === 0) return { count: 0 }
  const [scheme, credential = ''] = values[0]!.trim().split(/\s+/, 2)
  let token: string | undefined
  if (/^basic$/i.test(scheme!)) {
    const decoded = Buffer.from(credential, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    // A token given as the user name with an empty password is accepted too.
    token = colon < 0 ? decoded : decoded.slice(colon + 1) || decoded.slice(0, colon)
  } else if (/^(bearer|token)$/i.test(scheme!)) {
    token = credential
  }
  return { count: values.length, ...(token ? { token } : {}) }
}

interface BackendRequest {
  bare: string
  /** The endpoint under the repository, e.g. `/info/refs`. */
  rest: string
  query: string
  home: string
  record: GitHttpRequestRecord
  children: Set<ChildProcess>
}

/** Runs `git http-backend` as a CGI for one request: body to its stdin, its output (CGI headers, then body) back. */
function runHttpBackend(req: IncomingMessage, res: ServerResponse, request: BackendRequest): void {
  const header = (name: string): string | undefined => {
    const value = req.headers[name]
    return Array.isArray(value) ? value[0] : value
  }
  const gitProtocol = header('git-protocol')
  const env: NodeJS.ProcessEnv = {
    // A clean environment: nothing inherited (GIT_DIR, GIT_CONFIG_*, a developer's config) can change answers.
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: request.home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    LC_ALL: 'C',
    // Serve the bare repository's parent as the project root, so any directory name works.
    GIT_PROJECT_ROOT: dirname(request.bare),
    GIT_HTTP_EXPORT_ALL: '1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: `/${basename(request.bare)}${request.rest}`,
    QUERY_STRING: request.query,
    REMOTE_ADDR: '127.0.0.1',
    // The authenticated user: http-backend enables receive-pack only when this is set. Never the token.
    REMOTE_USER: 'x-access-token',
    ...(header('content-type') ? { CONTENT_TYPE: header('content-type') } : {}),
    // Absent for a chunked body: http-backend then reads its stdin to the end, which is what we give it.
    ...(header('content-length') ? { CONTENT_LENGTH: header('content-length') } : {}),
    // Git gzips large request bodies; http-backend inflates them when told.
    ...(header('content-encoding') ? { HTTP_CONTENT_ENCODING: header('content-encoding') } : {}),
    // Protocol v2 is negotiated through this header; http-backend reads either variable depending on version.
    ...(gitProtocol ? { GIT_PROTOCOL: gitProtocol, HTTP_GIT_PROTOCOL: gitProtocol } : {})
  }
  const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] })
  request.children.add(child)
  let stderr = ''
  child.stderr.on('data', chunk => (stderr += chunk))
  // A client that goes away mid-request must not leave the CGI running.
  res.on('close', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })
  child.stdin.on('error', () => undefined) // the backend may exit before reading everything (e.g. a 403)
  req.pipe(child.stdin)

  let head: Buffer = Buffer.alloc(0)
  let headersSent = false
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersSent) {
      res.write(chunk)
      return
    }
    head = Buffer.concat([head, chunk])
    const end = findHeaderEnd(head)
    if (!end) return
    const { status, headers } = parseCgiHeaders(head.subarray(0, end.at).toString('latin1'))
    request.record.status = status
    res.writeHead(status, headers)
    headersSent = true
    const rest = head.subarray(end.at + end.length)
    if (rest.length > 0) res.write(rest)
  })
  child.on('error', error => fail(`could not run git http-backend: ${error.message}`))
  child.on('close', code => {
    request.children.delete(child)
    if (!headersSent) fail(`git http-backend exited ${code} without a response: ${stderr.trim()}`)
    else res.end()
  })

  function fail(message: string): void {
    if (res.headersSent) return void res.destroy()
    request.record.status = 500
    res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
    res.end(`${message}\n`)
  }
}

/** Where the CGI header block ends: the first empty line, CRLF or LF. */
function findHeaderEnd(buffer: Buffer): { at: number; length: number } | undefined {
  const crlf = buffer.indexOf('\r\n\r\n')
  const lf = buffer.indexOf('\n\n')
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { at: crlf, length: 4 }
  if (lf >= 0) return { at: lf, length: 2 }
  return undefined
}

/** Parses CGI response headers; `Status: 404 Not Found` becomes the status, the rest pass through. */
function parseCgiHeaders(block: string): { status: number; headers: Record<string, string> } {
  let status = 200
  const headers: Record<string, string> = {}
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const name = line.slice(0, colon).trim()
    const value = line.slice(colon + 1).trim()
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500
    else headers[name] = value
  }
  return { status, headers }
}
