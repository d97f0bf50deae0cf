/** A syntax error in a JSON text: where it is (a character offset) and what is wrong. */
export interface JsonSyntaxError {
  offset: number
  message: string
}

class Stop {
  constructor(readonly error: JsonSyntaxError) {}
}

const MAX_DEPTH = 200

/**
 * The first syntax error in a JSON text, or undefined when it is valid JSON. JSON.parse knows the same
 * thing, but whether its message carries a position (and in what words) differs between Node versions,
 * and a config error must always point at its line and column.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let at = 0
  const fail = (message: string, offset = at): never => {
    throw new Stop({ offset, message })
  }
  const found = (): string => (at >= text.length ? 'the end of the file' : JSON.stringify(text[at]))
  const skipSpace = (): void => {
    while (at < text.length && ' \t\n\r'.includes(text[at]!)) at++
  }

  const string = (): void => {
    const start = at++
    while (at < text.length) {
      const char = text[at]!
      if (char === '"') {
        at++
        return
      }
      if (char === '\\') {
        const next = text[at + 1]
        if (next !== undefined && '"\\/bfnrt'.includes(next)) at += 2
        else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) at += 6
        else fail('invalid escape sequence in a string')
      } else if (char < ' ') {
        fail('a line break or control character inside a string; write it as an escape such as \\n')
      } else {
        at++
      }
    }
    fail('a string that is never closed', start)
  }

  const number = (): void => {
    const pattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
    pattern.lastIndex = at
    const match = pattern.exec(text)
    if (!match) return fail('an invalid number')
    at += match[0].length
  }

  const container = (close: '}' | ']', depth: number): void => {
    at++
    skipSpace()
    if (text[at] === close) {
      at++
      return
    }
    for (;;) {
      skipSpace()
      if (close === '}') {
        if (text[at] !== '"') fail(`expected a property name in double quotes, found ${found()}`)
        string()
        skipSpace()
        if (text[at] !== ':') fail(`expected ":" after the property name, found ${found()}`)
        at++
      }
      value(depth + 1)
      skipSpace()
      if (text[at] === close) {
        at++
        return
      }
      if (text[at] !== ',') fail(`expected "," or "${close}", found ${found()}`)
      const comma = at++
      skipSpace()
      if (text[at] === close) fail(`a trailing comma before "${close}" is not allowed in JSON`, comma)
    }
  }

  const value = (depth: number): void => {
    if (depth > MAX_DEPTH) fail('values nested too deeply')
    skipSpace()
    const char = text[at]
    if (char === '{') return container('}', depth)
    if (char === '[') return container(']', depth)
    if (char === '"') return string()
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return number()
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, at)) {
        at += literal.length
        return
      }
    }
    fail(`expected a value, found ${found()}`)
  }

  try {
    value(0)
    skipSpace()
    if (at < text.length) fail(`unexpected ${found()} after the end of the JSON value`)
    return undefined
  } catch (error) {
    if (error instanceof Stop) return error.error
    throw error
  }
}
