import { createHash, createHmac, randomBytes } from 'node:crypto'
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readBody } from './request-body.js'

/**
 * Claude's cloud endpoints over real HTTP on 127.0.0.1, in front of the fake Anthropic (`anthropicUrl`):
 *
 * - Amazon Bedrock: `POST /model/{model}/invoke`, signed with AWS Signature Version 4. The signature is
 *   computed here again from the request as received, with the secret key, as AWS does: a request signed
 *   with another secret, for another region or service, or with a changed body gets Bedrock's 403.
 *   `/invoke-with-response-stream` answers in AWS's binary event-stream framing, one `chunk` frame per
 *   Messages event, its JSON base64-encoded in `bytes`, as Bedrock does.
 * - Google Vertex AI: `POST /v1/projects/{project}/locations/{region}/publishers/anthropic/models/{model}:rawPredict`
 *   (`:streamRawPredict` streamed), with a bearer token this server issued. The token comes the way workload
 *   identity federation gives it on a GitHub runner: Google's client reads an OIDC token from `/oidc` (the
 *   runner's ID-token endpoint, which wants its request token) and trades it at `/v1/token` (Google's STS).
 *
 * Accepted calls go on to the fake Anthropic with the model put back into the body, so its validation,
 * scripted replies and prompt cache serve all three routes.
 */
export interface FakeCloudClaudeOptions {
  anthropicUrl: string
  aws: { accessKeyId: string; secretAccessKey: string; region: string }
  google: { projectId: string; region: string; oidcRequestToken: string }
}

export interface CloudCall {
  route: 'bedrock' | 'vertex' | 'oidc' | 'sts'
  path: string
  status: number
}

export interface FakeCloudClaude {
  url: string
  /** `ANTHROPIC_BEDROCK_BASE_URL`. */
  bedrockUrl: string
  /** `ANTHROPIC_VERTEX_BASE_URL`. */
  vertexUrl: string
  readonly calls: CloudCall[]
  /** Writes an `external_account` credentials file (what google-github-actions/auth writes) and returns it. */
  googleCredentials(): Record<string, unknown>
  close(): Promise<void>
}

const VERTEX_PATH =
  /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/anthropic\/models\/([^/:]+):(rawPredict|streamRawPredict)$/
const BEDROCK_PATH = /^\/model\/([^/]+)\/(invoke|invoke-with-response-stream)$/
const AUDIENCE =
  '//iam.googleapis.com/projects/123456/locations/global/workloadIdentityPools/github/providers/agent-team'

export async function startFakeCloudClaude(options: FakeCloudClaudeOptions): Promise<FakeCloudClaude> {
  const calls: CloudCall[] = []
  const oidcToken = `eyJ.${randomBytes(16).toString('hex')}.sig`
  const accessTokens = new Set<string>()
  let base = ''

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req)
    const url = new URL(req.url ?? '/', 'http://fake')
    const rawPath = (req.url ?? '/').split('?')[0]!
    const done = (
      route: CloudCall['route'],
      status: number,
      body: unknown,
      headers: Record<string, string> = {}
    ) => {
      calls.push({ route, path: url.pathname, status })
      res.writeHead(status, { 'content-type': 'application/json', ...headers })
      res.end(JSON.stringify(body))
    }

    if (req.method === 'GET' && url.pathname === '/oidc') {
      if (req.headers.authorization !== `Bearer ${options.google.oidcRequestToken}`) {
        return done('oidc', 401, { message: 'bad request token' })
      }
      return done('oidc', 200, { value: oidcToken })
    }
    if (req.method === 'POST' && url.pathname === '/v1/token') {
      const form = new URLSearchParams(raw)
      if (
        form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:token-exchange' ||
        form.get('subject_token') !== oidcToken ||
        form.get('audience') !== AUDIENCE
      ) {
        return done('sts', 400, {
          error: 'invalid_grant',
          error_description: 'The subject token is invalid.'
        })
      }
      const token = `ya29.${randomBytes(16).toString('hex')}`
      accessTokens.add(token)
      return done('sts', 200, {
        access_token: token,
        issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        token_type: 'Bearer',
        expires_in: 3600
      })
    }

    const bedrock = BEDROCK_PATH.exec(rawPath)
    if (req.method === 'POST' && bedrock) {
      const problem = sigV4Problem(req, rawPath, raw, options.aws)
      if (problem)
        return done('bedrock', 403, { message: problem.message }, { 'x-amzn-errortype': problem.type })
      const body = JSON.parse(raw) as Record<string, unknown>
      if ('model' in body || 'stream' in body || typeof body.anthropic_version !== 'string') {
        return done(
          'bedrock',
          400,
          {
            message:
              'Malformed input request: the model and streaming go in the path, anthropic_version in the body.'
          },
          { 'x-amzn-errortype': 'ValidationException' }
        )
      }
      const streamed = bedrock[2] === 'invoke-with-response-stream'
      const model = decodeURIComponent(bedrock[1]!)
      return forward(
        'bedrock',
        url.pathname,
        model,
        streamed ? { ...body, stream: true } : body,
        res,
        streamed
      )
    }

    const vertex = VERTEX_PATH.exec(rawPath)
    if (req.method === 'POST' && vertex) {
      const token = req.headers.authorization?.replace(/^Bearer /, '')
      if (!token || !accessTokens.has(token)) {
        return done('vertex', 401, {
          error: {
            code: 401,
            message: 'Request had invalid authentication credentials.',
            status: 'UNAUTHENTICATED'
          }
        })
      }
      const [, project, region, model, method] = vertex
      if (project !== options.google.projectId || region !== options.google.region) {
        return done('vertex', 403, {
          error: {
            code: 403,
            message: `Permission denied on resource project ${project}.`,
            status: 'PERMISSION_DENIED'
          }
        })
      }
      const body = JSON.parse(raw) as Record<string, unknown>
      if (
        'model' in body ||
        typeof body.anthropic_version !== 'string' ||
        (method === 'streamRawPredict') !== (body.stream === true)
      ) {
        return done('vertex', 400, {
          error: {
            code: 400,
            message:
              'Invalid request: model in the path, anthropic_version in the body, stream as the method says.',
            status: 'INVALID_ARGUMENT'
          }
        })
      }
      return forward('vertex', url.pathname, decodeURIComponent(model!), body, res)
    }
    return done('bedrock', 404, { message: `no route for ${req.method} ${rawPath}` })
  }

  /** The accepted call, on to the fake Anthropic as a Messages request, and its answer back as it comes. */
  function forward(
    route: 'bedrock' | 'vertex',
    path: string,
    model: string,
    body: Record<string, unknown>,
    res: ServerResponse,
    eventStream = false
  ): Promise<void> {
    const { anthropic_version: version, ...rest } = body
    const payload = JSON.stringify({ model, ...rest })
    return new Promise((resolve, reject) => {
      const upstream = httpRequest(
        `${options.anthropicUrl}/v1/messages`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
            'x-api-key': `${route}-forwarded`,
            'anthropic-version': String(version)
          }
        },
        answer => {
          calls.push({ route, path, status: answer.statusCode ?? 0 })
          if (eventStream && answer.statusCode === 200) return resolve(reframe(answer, res))
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(res)
          answer.on('end', () => resolve())
        }
      )
      upstream.on('error', reject)
      upstream.end(payload)
    })
  }

  const server = createServer((req, res) => {
    answer(req, res).catch(error => {
      if (!res.headersSent) res.writeHead(500)
      res.end(String(error))
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  let closing: Promise<void> | undefined
  return {
    url: base,
    bedrockUrl: base,
    vertexUrl: `${base}/v1`,
    calls,
    googleCredentials: () => ({
      type: 'external_account',
      audience: AUDIENCE,
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      token_url: `${base}/v1/token`,
      credential_source: {
        url: `${base}/oidc?audience=${encodeURIComponent(AUDIENCE)}`,
        headers: { Authorization: `Bearer ${options.google.oidcRequestToken}` },
        format: { type: 'json', subject_token_field_name: 'value' }
      }
    }),
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close(error => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
      return closing
    }
  }
}

/** The fake Anthropic's server-sent events, as Bedrock sends them: one event-stream `chunk` frame each. */
async function reframe(answer: IncomingMessage, res: ServerResponse): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' })
  let pending = ''
  for await (const chunk of answer) {
    pending += String(chunk)
    let end: number
    while ((end = pending.indexOf('\n\n')) >= 0) {
      const event = pending.slice(0, end)
      pending = pending.slice(end + 2)
      const data = event
        .split('\n')
        .filter(line => line.startsWith('data: '))
        .map(line => line.slice(6))
        .join('\n')
      if (data === '') continue
      const payload = JSON.stringify({ bytes: Buffer.from(data).toString('base64') })
      res.write(
        eventFrame(
          { ':event-type': 'chunk', ':content-type': 'application/json', ':message-type': 'event' },
          payload
        )
      )
    }
  }
  res.end()
}

/**
 * One message of AWS's event-stream encoding: total length and headers length (32-bit, big-endian), their
 * CRC32, the headers (name length, name, type 7 = string, value length, value), the payload, and the CRC32 of
 * everything before it.
 */
function eventFrame(headers: Record<string, string>, payload: string): Buffer {
  const headerBytes = Buffer.concat(
    Object.entries(headers).map(([name, value]) => {
      const nameBytes = Buffer.from(name)
      const valueBytes = Buffer.from(value)
      const head = Buffer.alloc(1 + nameBytes.length + 3)
      head.writeUInt8(nameBytes.length, 0)
      nameBytes.copy(head, 1)
      head.writeUInt8(7, 1 + nameBytes.length)
      head.writeUInt16BE(valueBytes.length, 2 + nameBytes.length)
      return Buffer.concat([head, valueBytes])
    })
  )
  const body = Buffer.from(payload)
  const total = 12 + headerBytes.length + body.length + 4
  const prelude = Buffer.alloc(8)
  prelude.writeUInt32BE(total, 0)
  prelude.writeUInt32BE(headerBytes.length, 4)
  const preludeCrc = Buffer.alloc(4)
  preludeCrc.writeUInt32BE(crc32(prelude), 0)
  const message = Buffer.concat([prelude, preludeCrc, headerBytes, body])
  const messageCrc = Buffer.alloc(4)
  messageCrc.writeUInt32BE(crc32(message), 0)
  return Buffer.concat([message, messageCrc])
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

/** CRC-32 (IEEE), which Node 20's zlib does not offer. */
function crc32(bytes: Buffer): number {
  let crc = 0xffffffff
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

/**
 * What AWS would say of the request's signature, or undefined when it holds. Signature Version 4: the
 * canonical request (method, the path with each segment encoded once more, the query, the signed headers,
 * the body's SHA-256), the string to sign over its hash and the scope, and the HMAC chain from the secret.
 */
function sigV4Problem(
  req: IncomingMessage,
  rawPath: string,
  body: string,
  aws: FakeCloudClaudeOptions['aws']
): { type: string; message: string } | undefined {
  const auth = req.headers.authorization ?? ''
  const parsed =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      auth
    )
  if (!parsed) return { type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' }
  const [, keyId, day, region, service, signedHeaders, signature] = parsed
  if (keyId !== aws.accessKeyId) {
    return {
      type: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.'
    }
  }
  const amzDate = String(req.headers['x-amz-date'] ?? '')
  const at = Date.parse(
    amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z')
  )
  if (Number.isNaN(at) || Math.abs(Date.now() - at) > 15 * 60_000 || !amzDate.startsWith(day!)) {
    return { type: 'InvalidSignatureException', message: 'Signature expired or not yet current.' }
  }
  if (region !== aws.region || service !== 'bedrock') {
    return {
      type: 'InvalidSignatureException',
      message: `Credential should be scoped to a valid region and service 'bedrock' in ${aws.region}.`
    }
  }
  const names = signedHeaders!.split(';')
  const headerLines = names.map(name => {
    const value = req.headers[name]
    return `${name}:${(Array.isArray(value) ? value.join(',') : (value ?? '')).trim().replace(/\s+/g, ' ')}\n`
  })
  const canonicalPath = rawPath
    .split('/')
    .map(segment =>
      encodeURIComponent(segment).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    )
    .join('/')
  const canonical = ['POST', canonicalPath, '', headerLines.join(''), signedHeaders, sha256(body)].join('\n')
  const scope = `${day}/${region}/${service}/aws4_request`
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n')
  let key = hmac(`AWS4${aws.secretAccessKey}`, day!)
  for (const part of [region!, service!, 'aws4_request']) key = hmac(key, part)
  const expected = createHmac('sha256', key).update(toSign).digest('hex')
  if (expected !== signature) {
    return {
      type: 'InvalidSignatureException',
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.'
    }
  }
  return undefined
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

function hmac(key: string | Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text).digest()
}
