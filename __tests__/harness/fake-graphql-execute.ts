import type { GraphqlError } from './fake-github-graphql.js'
import { keyOf, type Field } from './fake-graphql-parse.js'

/**
 * A GraphQL object as the fake serves it: each field a function of its arguments. A field answers a
 * scalar, null, another object, or a list of either.
 */
export type GraphqlObject = { [field: string]: (args: Record<string, unknown>) => unknown }

/** A field that fails as GitHub's resolvers fail: the field is null and an error names its path. */
export class FieldError extends Error {
  constructor(
    readonly type: string,
    message: string
  ) {
    super(message)
  }
}

export interface Execution {
  data: Record<string, unknown>
  errors: GraphqlError[]
  /** Fields the fake does not model, answered null; the test should hear of them. */
  unmodelled: string[]
}

/** Answers `selections` from `root`, collecting field errors at their paths, as GitHub does. */
export function execute(root: GraphqlObject, selections: Field[]): Execution {
  const errors: GraphqlError[] = []
  const unmodelled: string[] = []

  const project = (value: unknown, fields: Field[], path: (string | number)[]): unknown => {
    if (value === null || value === undefined) return null
    if (Array.isArray(value)) return value.map((item, i) => project(item, fields, [...path, i]))
    if (fields.length === 0 || typeof value !== 'object') return value
    const object = value as GraphqlObject
    const out: Record<string, unknown> = {}
    for (const field of fields) {
      const key = keyOf(field)
      const resolve = Object.hasOwn(object, field.name) ? object[field.name] : undefined
      if (!resolve) {
        unmodelled.push([...path, field.name].join('.'))
        out[key] = null
        continue
      }
      try {
        out[key] = project(resolve(field.args), field.selections, [...path, key])
      } catch (error) {
        if (!(error instanceof FieldError)) throw error
        out[key] = null
        errors.push({ type: error.type, path: [...path, key].map(String), message: error.message })
      }
    }
    return out
  }

  const data = project(root, selections, []) as Record<string, unknown>
  return { data, errors, unmodelled }
}

const MAX_PAGE = 100

/**
 * A connection paged as GitHub pages one: `first` (at most 100) is required (or `last`), `after` takes a
 * cursor this connection gave out; `nodes`, `edges`, `pageInfo` and `totalCount` can be selected.
 */
export function connection<T>(
  name: string,
  items: T[],
  args: Record<string, unknown>,
  toObject: (item: T) => GraphqlObject
): GraphqlObject {
  const first = args.first as number | null | undefined
  const last = args.last as number | null | undefined
  if (first == null && last == null)
    throw new FieldError(
      'MISSING_PAGINATION_BOUNDARIES',
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`
    )
  for (const [bound, count] of [
    ['first', first],
    ['last', last]
  ] as const) {
    if (count != null && count > MAX_PAGE)
      throw new FieldError(
        'EXCESSIVE_PAGINATION',
        `Requesting ${count} records on the \`${name}\` connection exceeds the \`${bound}\` limit of ${MAX_PAGE} records.`
      )
  }
  let start = 0
  if (typeof args.after === 'string') {
    const index = cursorIndex(args.after)
    if (index === undefined)
      throw new FieldError(
        'INVALID_CURSOR_ARGUMENTS',
        `\`${args.after}\` does not appear to be a valid cursor.`
      )
    start = index + 1
  }
  let end = first != null ? Math.min(items.length, start + first) : items.length
  if (last != null) start = Math.max(start, end - last)
  end = Math.max(start, end)
  const page = items.slice(start, end).map((item, i) => ({ item, cursor: cursorOf(start + i) }))
  return {
    nodes: () => page.map(({ item }) => toObject(item)),
    edges: () => page.map(({ item, cursor }) => ({ node: () => toObject(item), cursor: () => cursor })),
    totalCount: () => items.length,
    pageInfo: () => ({
      hasNextPage: () => end < items.length,
      hasPreviousPage: () => start > 0,
      startCursor: () => page[0]?.cursor ?? null,
      endCursor: () => page.at(-1)?.cursor ?? null
    })
  }
}

// GitHub's cursors are opaque base64; these only need to round-trip.
function cursorOf(index: number): string {
  return Buffer.from(`cursor:v2:${index}`).toString('base64')
}

function cursorIndex(cursor: string): number | undefined {
  const match = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'))
  return match ? Number(match[1]) : undefined
}
