import { loadIndex, loadSlice, type OperationDetails, type Schema } from './openapi-cache.js'

export type { OperationDetails, Parameter, Schema } from './openapi-cache.js'

/** A request matched to its operation in GitHub's REST description (api.github.com). */
export interface MatchedOperation {
  method: string
  /** The path as the description writes it, e.g. `/repos/{owner}/{repo}/issues/{issue_number}`. */
  template: string
  operation: OperationDetails
  /** Decoded path parameters, still strings. */
  pathParams: Record<string, string>
}

interface Route {
  template: string
  operationId: string
  pattern: RegExp
  names: string[]
  /** One entry per segment, 1 for a literal: literal segments win over parameters, as on GitHub. */
  rank: number[]
}

let routes: Map<string, Route[]> | undefined
const components = new Map<string, Schema>()
const slices = new Map<string, OperationDetails>()

/** The operation GitHub's description defines for `method` + `path`, or undefined when there is none. */
export function matchOperation(method: string, path: string): MatchedOperation | undefined {
  const lower = method.toLowerCase()
  let best: { route: Route; match: RegExpExecArray } | undefined
  for (const route of routeTable().get(routeKey(lower, path)) ?? []) {
    const match = route.pattern.exec(path)
    if (match && (!best || compareRank(route.rank, best.route.rank) > 0)) best = { route, match }
  }
  if (!best) return undefined
  const { route, match } = best
  const pathParams: Record<string, string> = {}
  route.names.forEach((name, i) => (pathParams[name] = safeDecode(match[i + 1]!)))
  return {
    method: method.toUpperCase(),
    template: route.template,
    operation: details(lower, route),
    pathParams
  }
}

/**
 * The component schema `#/components/schemas/{name}`. Only schemas reachable from an operation already
 * matched are known, which is every schema a validator for that operation can ask for.
 */
export function componentSchema(name: string): Schema {
  const schema = components.get(name)
  if (!schema)
    throw new Error(`OpenAPI component schema ${name} was asked for before any operation reached it`)
  return schema
}

function details(method: string, route: Route): OperationDetails {
  let operation = slices.get(route.operationId)
  if (!operation) {
    const slice = loadSlice(method, route.template, route.operationId)
    for (const [name, schema] of Object.entries(slice.schemas)) components.set(name, schema)
    operation = slice.operation
    slices.set(route.operationId, operation)
  }
  return operation
}

function routeTable(): Map<string, Route[]> {
  if (routes) return routes
  routes = new Map()
  for (const [method, template, operationId] of loadIndex()) {
    const key = routeKey(method, template)
    routes.set(key, [...(routes.get(key) ?? []), compileRoute(template, operationId)])
  }
  return routes
}

/** Routes are bucketed by method and segment count, so a request is tested against a handful of patterns. */
function routeKey(method: string, path: string): string {
  return `${method} ${path.split('/').length}`
}

function compileRoute(template: string, operationId: string): Route {
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
  return { template, operationId, pattern: new RegExp(`^/${source}$`), names, rank }
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!
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
