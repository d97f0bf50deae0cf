import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

/** The slice of an OpenAPI 3.0 document the fake reads. Schemas stay loosely typed: they are data for ajv. */
export type Schema = Record<string, unknown>

export interface Parameter {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required?: boolean
  schema?: Schema
}

export interface Operation {
  operationId: string
  parameters?: (Parameter | { $ref: string })[]
  requestBody?: { required?: boolean; content: Record<string, { schema?: Schema }> }
  responses: Record<string, { $ref?: string; content?: Record<string, { schema?: Schema }> }>
}

export interface OpenApiDocument {
  info: { version: string }
  paths: Record<string, Record<string, Operation>>
  components: {
    schemas: Record<string, Schema>
    parameters: Record<string, Parameter>
    responses: Record<string, { content?: Record<string, { schema?: Schema }> }>
  }
}

/** A request matched to its operation in GitHub's description. */
export interface MatchedOperation {
  method: string
  /** The path as the description writes it, e.g. `/repos/{owner}/{repo}/issues/{issue_number}`. */
  template: string
  operation: Operation
  /** Decoded path parameters, still strings. */
  pathParams: Record<string, string>
}

interface Route {
  template: string
  pattern: RegExp
  names: string[]
  /** One entry per segment, 1 for a literal: literal segments win over parameters, as on GitHub. */
  rank: number[]
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

// The non-dereferenced description parses several times faster than the 70 MB dereferenced one;
// $refs are resolved by the validator as it compiles each operation.
let loaded: { document: OpenApiDocument; routes: Map<string, Route[]> } | undefined

/** GitHub's published REST description (api.github.com), parsed once per module registry. */
export function githubOpenApi(): OpenApiDocument {
  return load().document
}

/** The operation GitHub's description defines for `method` + `path`, or undefined when there is none. */
export function matchOperation(method: string, path: string): MatchedOperation | undefined {
  const { document, routes } = load()
  const candidates = routes.get(method.toLowerCase()) ?? []
  let best: { route: Route; match: RegExpExecArray } | undefined
  for (const route of candidates) {
    const match = route.pattern.exec(path)
    if (match && (!best || compareRank(route.rank, best.route.rank) > 0)) best = { route, match }
  }
  if (!best) return undefined
  const pathParams: Record<string, string> = {}
  best.route.names.forEach((name, i) => (pathParams[name] = safeDecode(best.match[i + 1])))
  return {
    method: method.toUpperCase(),
    template: best.route.template,
    operation: document.paths[best.route.template][method.toLowerCase()],
    pathParams
  }
}

/** The operation's parameters with `#/components/parameters/...` references resolved. */
export function operationParameters(operation: Operation): Parameter[] {
  const { components } = githubOpenApi()
  return (operation.parameters ?? []).map(parameter =>
    '$ref' in parameter ? components.parameters[refName(parameter.$ref)] : parameter
  )
}

/** The last segment of a local `$ref`. */
export function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1)
}

function load(): { document: OpenApiDocument; routes: Map<string, Route[]> } {
  if (loaded) return loaded
  const require = createRequire(import.meta.url)
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json')
  const document = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument
  const routes = new Map<string, Route[]>()
  for (const [template, item] of Object.entries(document.paths)) {
    for (const method of Object.keys(item).filter(key => METHODS.includes(key))) {
      const route = compileRoute(template)
      routes.set(method, [...(routes.get(method) ?? []), route])
    }
  }
  loaded = { document, routes }
  return loaded
}

function compileRoute(template: string): Route {
  const names: string[] = []
  const rank: number[] = []
  const source = template
    .split('/')
    .slice(1)
    .map(segment => {
      rank.push(segment.includes('{') ? 0 : 1)
      // A segment may mix text and parameters, e.g. `{base}...{head}` in the compare endpoint.
      return segment.replace(/\{([^}]+)\}|[^{]+/g, (part, name?: string) => {
        if (name === undefined) return escapeRegExp(part)
        names.push(name)
        // Octokit percent-encodes a parameter's slashes, so one parameter is always one segment.
        return '([^/]+)'
      })
    })
    .join('/')
  return { template, pattern: new RegExp(`^/${source}$`), names, rank }
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i]
  return a.length - b.length
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
