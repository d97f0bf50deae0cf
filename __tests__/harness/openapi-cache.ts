import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Schemas stay loosely typed: they are data for ajv. */
export type Schema = Record<string, unknown>

export interface Parameter {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required?: boolean
  schema?: Schema
}

export interface MediaTypes {
  content?: Record<string, { schema?: Schema }>
}

/** One operation with its parameter and response references resolved; schemas keep their `$ref`s. */
export interface OperationDetails {
  operationId: string
  parameters: Parameter[]
  requestBody?: { required?: boolean } & MediaTypes
  responses: Record<string, MediaTypes>
}

/** One slice of the description: an operation and every component schema it reaches. */
export interface OperationSlice {
  operation: OperationDetails
  schemas: Record<string, Schema>
}

/** `[method, template, operationId]` for every operation. */
export type OperationIndex = [string, string, string][]

interface RawOperation {
  operationId: string
  parameters?: (Parameter | { $ref: string })[]
  requestBody?: { required?: boolean } & MediaTypes
  responses: Record<string, MediaTypes & { $ref?: string }>
}

interface OpenApiDocument {
  paths: Record<string, Record<string, RawOperation>>
  components: {
    schemas: Record<string, Schema>
    parameters: Record<string, Parameter>
    responses: Record<string, MediaTypes>
  }
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']
const require = createRequire(import.meta.url)
const SPEC_FILE = require.resolve('@octokit/openapi/generated/api.github.com.json')

// Parsing the 13 MB description costs ~0.3 s, paid by every Jest test file (each has its own module
// registry). So the index of operations and each operation's slice are kept in a cache directory,
// keyed by the package version and file size; the full description is parsed only on a miss.
const CACHE_DIR = join(
  tmpdir(),
  `agent-team-openapi-${(require('@octokit/openapi/package.json') as { version: string }).version}-${statSync(SPEC_FILE).size}`
)

let document: OpenApiDocument | undefined

/** Every operation GitHub's REST description defines. */
export function loadIndex(): OperationIndex {
  return cachedJson('index.json', () => {
    const index: OperationIndex = []
    for (const [template, item] of Object.entries(fullDocument().paths))
      for (const method of Object.keys(item).filter(key => METHODS.includes(key)))
        index.push([method, template, item[method]!.operationId])
    return index
  })
}

/** The slice for one operation of the index. */
export function loadSlice(method: string, template: string, operationId: string): OperationSlice {
  return cachedJson(`${operationId.replace(/[^\w.-]/g, '_')}.json`, () => extractSlice(method, template))
}

function cachedJson<T>(name: string, build: () => T): T {
  const file = join(CACHE_DIR, name)
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T
  } catch {
    // Missing or unreadable (say, half-written by a killed run): rebuild it from the description.
  }
  const value = build()
  try {
    mkdirSync(CACHE_DIR, { recursive: true })
    // Write-then-rename, so a parallel Jest worker never reads half a file.
    const temporary = `${file}.${process.pid}.${Date.now()}.tmp`
    writeFileSync(temporary, JSON.stringify(value))
    renameSync(temporary, file)
  } catch {
    // A read-only temp directory only costs speed.
  }
  return value
}

function fullDocument(): OpenApiDocument {
  document ??= JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as OpenApiDocument
  return document
}

function extractSlice(method: string, template: string): OperationSlice {
  const { paths, components } = fullDocument()
  const raw = paths[template]![method]!
  const local = (ref: string): string => ref.slice(ref.lastIndexOf('/') + 1)
  const onlySchemas = (media: MediaTypes): MediaTypes => ({
    content: Object.fromEntries(
      Object.entries(media.content ?? {}).map(([type, { schema }]) => [type, { schema }])
    )
  })
  const operation: OperationDetails = {
    operationId: raw.operationId,
    parameters: (raw.parameters ?? []).map(p => ('$ref' in p ? components.parameters[local(p.$ref)]! : p)),
    ...(raw.requestBody
      ? { requestBody: { required: raw.requestBody.required, ...onlySchemas(raw.requestBody) } }
      : {}),
    responses: Object.fromEntries(
      Object.entries(raw.responses).map(([status, response]) => [
        status,
        onlySchemas(response.$ref ? components.responses[local(response.$ref)]! : response)
      ])
    )
  }
  const schemas: Record<string, Schema> = {}
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit)
    if (value === null || typeof value !== 'object') return
    const ref = (value as { $ref?: unknown }).$ref
    if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
      const name = local(ref)
      if (!(name in schemas)) {
        schemas[name] = components.schemas[name]!
        visit(schemas[name])
      }
    }
    Object.values(value).forEach(visit)
  }
  visit(operation)
  return { operation, schemas }
}
