import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { componentSchema, matchOperation, type MatchedOperation, type Schema } from './openapi-spec.js'

/** One way a request or response departs from GitHub's OpenAPI description. */
export interface SchemaProblem {
  /** Where: `body`, `query`, `path` or `response`. */
  part: 'operation' | 'body' | 'query' | 'path' | 'response'
  message: string
  errors?: ErrorObject[]
}

export interface RequestCheck {
  /** Undefined when the description has no such operation: GitHub would not understand the call. */
  match?: MatchedOperation
  problems: SchemaProblem[]
}

export interface RequestToCheck {
  method: string
  path: string
  query: Record<string, string>
  /** The parsed JSON body; undefined when the request had none. */
  body: unknown
}

const ERROR_BODY: Schema = {
  type: 'object',
  properties: {
    message: { type: 'string' },
    documentation_url: { type: 'string' },
    status: { type: 'string' }
  },
  required: ['message', 'documentation_url']
}

const SCHEMA_BASE = 'https://fake-github.test/schemas/'

/** Two engines: query and path values arrive as text and must be coerced; bodies must not be. */
const strictAjv = createAjv(false)
const coercingAjv = createAjv(true)
const compiled = new Map<string, ValidateFunction>()

/**
 * Checks a request against GitHub's description: the operation exists, path and query parameters are
 * declared and well-typed, and the JSON body fits the operation's request schema. Body objects are
 * closed here (unknown fields are problems) although GitHub ignores them: an unknown field is almost
 * always a misspelt one whose value GitHub would silently drop.
 */
export function checkRequest(request: RequestToCheck): RequestCheck {
  const match = matchOperation(request.method, request.path)
  if (!match) {
    const message = `${request.method} ${request.path} is not an operation of GitHub's REST API`
    return { problems: [{ part: 'operation', message }] }
  }
  const { operation } = match
  const problems: SchemaProblem[] = []
  const { parameters } = operation
  for (const place of ['path', 'query'] as const) {
    const declared = parameters.filter(p => p.in === place)
    const values = place === 'path' ? match.pathParams : request.query
    const validate = cached(`${operation.operationId} ${place}`, coercingAjv, () => ({
      type: 'object',
      properties: Object.fromEntries(declared.map(p => [p.name, p.schema ?? {}])),
      required: declared.filter(p => p.required).map(p => p.name),
      additionalProperties: false
    }))
    const data = splitArrays(values, declared)
    if (!validate(data)) problems.push(problem(place, validate.errors))
  }
  const schema = operation.requestBody?.content?.['application/json']?.schema
  if (request.body === undefined) {
    if (operation.requestBody?.required)
      problems.push({ part: 'body', message: 'the request body is required' })
  } else if (!schema) {
    problems.push({ part: 'body', message: 'the operation takes no JSON body' })
  } else {
    const validate = cached(`${operation.operationId} body`, strictAjv, () => closeObjects(schema))
    if (!validate(request.body)) problems.push(problem('body', validate.errors))
  }
  return { match, problems }
}

/**
 * Checks a response body against the schema the description gives for that status. Statuses the
 * operation does not document are problems too; so is a body for a status documented without one.
 */
export function checkResponse(match: MatchedOperation, status: number, body: unknown): SchemaProblem[] {
  const { operation } = match
  // The description lists few error statuses (no 404 for editing a comment, say) though GitHub sends
  // them everywhere: an undocumented error status must still carry GitHub's error body.
  const fallback = status >= 400 ? { content: { 'application/json': { schema: ERROR_BODY } } } : undefined
  const response = operation.responses[String(status)] ?? fallback
  if (!response)
    return [{ part: 'response', message: `status ${status} is not documented for ${operation.operationId}` }]
  const schema = response.content?.['application/json']?.schema
  if (!schema)
    return body === undefined ? [] : [{ part: 'response', message: `status ${status} has no body` }]
  const validate = cached(`${operation.operationId} ${status}`, strictAjv, () => schema)
  return validate(body) ? [] : [problem('response', validate.errors)]
}

/** A readable one-line summary of ajv errors, for assertion messages. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 5)
    .map(e => `${e.instancePath || '/'} ${e.message ?? e.keyword}${paramsNote(e)}`)
    .join('; ')
}

function problem(part: SchemaProblem['part'], errors: ErrorObject[] | null | undefined): SchemaProblem {
  return { part, message: `${part}: ${describeErrors(errors)}`, errors: errors ?? [] }
}

function paramsNote(error: ErrorObject): string {
  const { params } = error as { params: Record<string, unknown> }
  if ('additionalProperty' in params) return ` (${String(params.additionalProperty)})`
  if ('allowedValues' in params) return ` (${JSON.stringify(params.allowedValues)})`
  return ''
}

function createAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    coerceTypes: coerce,
    // GitHub's schemas put `properties` beside a missing `type` and the like: legal, but noisy in strict mode.
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    logger: false,
    inlineRefs: false
  })
  addFormats.default(ajv)
  // Formats GitHub names that no standard defines; they describe, they do not constrain.
  for (const name of ['repo.nwo', 'timestamp']) ajv.addFormat(name, true)
  return ajv
}

function cached(key: string, ajv: Ajv, schema: () => Schema): ValidateFunction {
  const cacheKey = `${ajv === coercingAjv ? 'coerce' : 'strict'} ${key}`
  let validate = compiled.get(cacheKey)
  if (!validate) {
    validate = ajv.compile(convert(schema(), ajv))
    compiled.set(cacheKey, validate)
  }
  return validate
}

const registered = new WeakMap<Ajv, Set<string>>()

/**
 * OpenAPI 3.0 schema → JSON Schema: `nullable` becomes a null alternative, annotations ajv does not
 * know are dropped, and `#/components/schemas/X` references point at X registered (once) in `ajv`.
 */
function convert(schema: unknown, ajv: Ajv): Schema {
  if (Array.isArray(schema)) return schema.map(item => convert(item, ajv)) as unknown as Schema
  if (schema === null || typeof schema !== 'object') return schema as Schema
  const source = schema as Schema
  if (typeof source.$ref === 'string')
    return { $ref: register(source.$ref.slice(source.$ref.lastIndexOf('/') + 1), ajv) }
  const out: Schema = {}
  for (const [key, value] of Object.entries(source)) {
    if (key === 'nullable' || key === 'example' || key === 'discriminator' || key.startsWith('x-')) continue
    if (key === 'properties' || key === 'patternProperties') {
      out[key] = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, convert(v, ajv)]))
    } else if (['items', 'additionalProperties', 'not', 'allOf', 'anyOf', 'oneOf'].includes(key)) {
      out[key] = typeof value === 'object' ? convert(value, ajv) : value
    } else {
      out[key] = value
    }
  }
  if (source.nullable !== true) return out
  const plain =
    typeof out.type === 'string' && !('enum' in out) && !Object.keys(out).some(k => k.endsWith('Of'))
  return plain ? { ...out, type: [out.type, 'null'] } : { anyOf: [out, { type: 'null' }] }
}

function register(name: string, ajv: Ajv): string {
  const id = `${SCHEMA_BASE}${encodeURIComponent(name)}`
  const done = registered.get(ajv) ?? new Set<string>()
  registered.set(ajv, done)
  if (!done.has(name)) {
    done.add(name)
    ajv.addSchema({ ...convert(componentSchema(name), ajv), $id: id })
  }
  return id
}

/**
 * Request bodies: an object that lists its properties and says nothing of others takes no others.
 * `allOf` branches stay open, since each would refuse the other's fields.
 */
function closeObjects(schema: Schema): Schema {
  if (schema === null || typeof schema !== 'object' || '$ref' in schema) return schema
  const out: Schema = { ...schema }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false
  if (out.properties) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties as Schema).map(([k, v]) => [k, closeObjects(v as Schema)])
    )
  }
  if (out.items && typeof out.items === 'object') out.items = closeObjects(out.items as Schema)
  for (const key of ['anyOf', 'oneOf'])
    if (Array.isArray(out[key])) out[key] = (out[key] as Schema[]).map(closeObjects)
  return out
}

/** Query values are text; a parameter declared as an array arrives comma-separated. */
function splitArrays(
  values: Record<string, string>,
  declared: { name: string; schema?: Schema }[]
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values }
  for (const p of declared)
    if (p.schema?.type === 'array' && typeof out[p.name] === 'string')
      out[p.name] = String(out[p.name]).split(',')
  return out
}
