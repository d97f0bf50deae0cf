import type { z } from 'zod'
import { ConfigError } from '../util/errors.js'
import { got } from './config-schema.js'
import { formatPath, offsetOf, type ConfigPath, type SourceFile } from './source-map.js'

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
  string: 'text',
  boolean: 'true or false',
  number: 'a number'
}

/**
 * The file's value parsed by a schema. When it does not fit, the problem that comes first in the file
 * becomes a ConfigError at its `file:line:column`, led by the key path (`limits.max_parallel: expected …`).
 * One problem at a time: fixing the first often fixes the rest.
 */
export function checkShape<S extends z.ZodType>(schema: S, source: SourceFile): z.output<S> {
  const result = schema.safeParse(source.value, {
    // Only for the rare issue a schema gives no message of its own.
    error: issue =>
      issue.code === 'invalid_type'
        ? `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}${got(issue.input)}`
        : undefined
  })
  if (result.success) return result.data

  const located = result.error.issues.map(issue => {
    const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol')
    // zod reports unrecognized keys with at least one key.
    const [key] = issue.code === 'unrecognized_keys' ? issue.keys : []
    if (key !== undefined) {
      // The key itself is what is wrong, so point at it rather than at its value.
      return place(source, [...path, key], 'key', path, issue.message)
    }
    return place(source, path, 'value', path, issue.message)
  })
  const [first] = located.sort((a, b) => a.offset - b.offset)
  // A failed parse carries at least one issue.
  throw first === undefined ? result.error : first.error
}

function place(
  source: SourceFile,
  at: ConfigPath,
  part: 'key' | 'value',
  shown: ConfigPath,
  message: string
) {
  const offset = offsetOf(source, at, part)
  const { line, col } = source.lines.linePos(offset)
  const problem = shown.length === 0 ? message : `${formatPath(shown)}: ${message}`
  return { offset, error: new ConfigError(source.file, line, col, problem) }
}
