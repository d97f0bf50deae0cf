/**
 * Just enough of GraphQL's grammar to read the fake's queries: one operation (`query`, `mutation` or a
 * bare selection set) with variable definitions, aliases, arguments (variables and literals, lists and
 * input objects) and nested selections. Fragments and directives are not modelled and are refused, so a
 * client reaching for them is noticed instead of answered wrongly.
 */

/** One selected field, its arguments already resolved against the request's variables. */
export interface Field {
  alias?: string
  name: string
  args: Record<string, unknown>
  selections: Field[]
}

export interface Operation {
  kind: 'query' | 'mutation'
  selections: Field[]
}

/** A query the fake cannot read: GitHub would answer a parse error, or the fake lacks the feature. */
export class GraphqlSyntaxError extends Error {}

/** The key a field's value is answered under. */
export const keyOf = (field: Field): string => field.alias ?? field.name

const TOKEN =
  /\s+|,|#[^\n]*|(\.\.\.|[!$():=@[\]{}|])|([_A-Za-z][_0-9A-Za-z]*)|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|("(?:[^"\\\n]|\\.)*")/y

type Token = { kind: 'punct' | 'name' | 'number' | 'string'; text: string }

function tokenize(source: string): Token[] {
  const tokens: Token[] = []
  TOKEN.lastIndex = 0
  while (TOKEN.lastIndex < source.length) {
    const at = TOKEN.lastIndex
    const match = TOKEN.exec(source)
    if (!match) throw new GraphqlSyntaxError(`Parse error on "${source.slice(at, at + 10)}" at offset ${at}`)
    if (match[1]) tokens.push({ kind: 'punct', text: match[1] })
    else if (match[2]) tokens.push({ kind: 'name', text: match[2] })
    else if (match[3]) tokens.push({ kind: 'number', text: match[3] })
    else if (match[4]) tokens.push({ kind: 'string', text: match[4] })
  }
  return tokens
}

/** Parses `query` and binds `variables` (and the defaults the operation declares). */
export function parseOperation(query: string, variables: Record<string, unknown>): Operation {
  const tokens = tokenize(query)
  let at = 0
  const peek = (): Token | undefined => tokens[at]
  const next = (): Token => {
    const token = tokens[at++]
    if (!token) throw new GraphqlSyntaxError('Parse error: unexpected end of document')
    return token
  }
  const expect = (text: string): void => {
    const token = next()
    if (token.text !== text)
      throw new GraphqlSyntaxError(`Parse error on "${token.text}": expected "${text}"`)
  }
  const name = (): string => {
    const token = next()
    if (token.kind !== 'name') throw new GraphqlSyntaxError(`Parse error on "${token.text}": expected a name`)
    return token.text
  }
  const bound: Record<string, unknown> = { ...variables }

  const value = (): unknown => {
    const token = next()
    if (token.text === '$') {
      const variable = name()
      if (!(variable in bound)) throw new GraphqlSyntaxError(`Variable $${variable} is used but not declared`)
      return bound[variable]
    }
    if (token.kind === 'number') return Number(token.text)
    if (token.kind === 'string') return JSON.parse(token.text) as string
    if (token.text === '[') {
      const items: unknown[] = []
      while (peek()?.text !== ']') items.push(value())
      next()
      return items
    }
    if (token.text === '{') {
      const object: Record<string, unknown> = {}
      while (peek()?.text !== '}') {
        const key = name()
        expect(':')
        object[key] = value()
      }
      next()
      return object
    }
    if (token.kind === 'name') {
      // true, false and null are names in the grammar; any other name is an enum value.
      return token.text === 'true'
        ? true
        : token.text === 'false'
          ? false
          : token.text === 'null'
            ? null
            : token.text
    }
    throw new GraphqlSyntaxError(`Parse error on "${token.text}"`)
  }

  const type = (): void => {
    if (peek()?.text === '[') {
      next()
      type()
      expect(']')
    } else name()
    if (peek()?.text === '!') next()
  }

  const selectionSet = (): Field[] => {
    expect('{')
    const fields: Field[] = []
    while (peek()?.text !== '}') {
      if (peek()?.text === '...')
        throw new GraphqlSyntaxError('fragments are not modelled by the fake GitHub')
      const first = name()
      let field: Field = { name: first, args: {}, selections: [] }
      if (peek()?.text === ':') {
        next()
        field = { alias: first, name: name(), args: {}, selections: [] }
      }
      if (peek()?.text === '(') {
        next()
        while (peek()?.text !== ')') {
          const argument = name()
          expect(':')
          field.args[argument] = value()
        }
        next()
      }
      if (peek()?.text === '@') throw new GraphqlSyntaxError('directives are not modelled by the fake GitHub')
      if (peek()?.text === '{') field.selections = selectionSet()
      fields.push(field)
    }
    next()
    return fields
  }

  let kind: Operation['kind'] = 'query'
  if (peek()?.kind === 'name') {
    const keyword = name()
    if (keyword !== 'query' && keyword !== 'mutation')
      throw new GraphqlSyntaxError(`the fake GitHub reads queries and mutations, not ${keyword}`)
    kind = keyword
    if (peek()?.kind === 'name') name()
    if (peek()?.text === '(') {
      next()
      while (peek()?.text !== ')') {
        expect('$')
        const variable = name()
        expect(':')
        type()
        if (peek()?.text === '=') {
          next()
          const fallback = value()
          if (bound[variable] === undefined) bound[variable] = fallback
        }
        // A declared variable the request leaves out is null, as GraphQL reads an absent nullable one.
        if (!(variable in bound)) bound[variable] = null
      }
      next()
    }
  }
  const selections = selectionSet()
  if (at < tokens.length) throw new GraphqlSyntaxError('the fake GitHub reads one operation per document')
  return { kind, selections }
}
