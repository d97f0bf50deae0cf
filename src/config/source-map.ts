import { isAlias, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml'
import { ConfigError } from '../util/errors.js'
import { findJsonSyntaxError } from '../util/json-syntax.js'

/** A key path into a configuration value, e.g. `['agents', 'backend-dev', 'platforms', 0]`. */
export type ConfigPath = ReadonlyArray<string | number>

/**
 * A parsed configuration file that can point back into its own text, so every problem found in the
 * plain value can be reported at `file:line:column`.
 */
export interface SourceFile {
  /** The path shown in messages, relative to the repository. */
  file: string
  /** The plain value the schema checks. */
  value: unknown
  doc: Document.Parsed
  lines: LineCounter
}

/**
 * Parses YAML; a syntax error becomes a ConfigError at the place the parser stopped. Merge keys (`<<: *base`)
 * are on, so roles can share settings through an anchor.
 */
export function parseYamlSource(file: string, text: string): SourceFile {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: true })
  const error = doc.errors[0]
  if (error) {
    const { line, col } = lines.linePos(error.pos[0])
    throw new ConfigError(file, line, col, `invalid YAML: ${error.message}`)
  }
  let value: unknown
  try {
    value = doc.toJS({ maxAliasCount: 100 })
  } catch (cause) {
    // Alias bombs end up here: many aliases that each expand into many more.
    throw new ConfigError(file, 1, 1, `invalid YAML: ${(cause as Error).message}`)
  }
  return { file, value, doc, lines }
}

/**
 * Parses JSON strictly (what JSON.parse accepts, no more). Positions come from reading the same text as
 * YAML, of which JSON is a subset.
 */
export function parseJsonSource(file: string, text: string): SourceFile {
  const body = text.replace(/^\uFEFF/, '')
  const syntax = findJsonSyntaxError(body)
  if (syntax) {
    const { line, column } = positionIn(body, syntax.offset)
    throw new ConfigError(file, line, column, `invalid JSON: ${syntax.message}`)
  }
  const source = parseYamlSource(file, body)
  return { ...source, value: JSON.parse(body) }
}

/**
 * A ConfigError at the node a path names: its key (`part: 'key'`, for a key that should not be there) or its
 * value. A path that ends early points at the deepest part that exists. The message leads with the path.
 */
export function configErrorAt(
  source: SourceFile,
  path: ConfigPath,
  problem: string,
  part: 'key' | 'value' = 'value'
): ConfigError {
  const { line, col } = source.lines.linePos(offsetOf(source, path, part))
  return new ConfigError(
    source.file,
    line,
    col,
    path.length === 0 ? problem : `${formatPath(path)}: ${problem}`
  )
}

/** The character offset where a path's key or value starts; 0 when the document is empty. */
export function offsetOf(source: SourceFile, path: ConfigPath, part: 'key' | 'value' = 'value'): number {
  let node: unknown = source.doc.contents
  let keyStart: number | undefined
  let complete = true
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(source.doc)
    if (isMap(node)) {
      const pair = node.items.find(item => keyText(item.key) === String(segment))
      if (!pair) {
        complete = false
        break
      }
      keyStart = isNode(pair.key) ? pair.key.range?.[0] : undefined
      node = pair.value
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      keyStart = undefined
      node = node.items[segment]
    } else {
      complete = false
      break
    }
  }
  const valueStart = isNode(node) && !isEmptyScalar(node) ? node.range?.[0] : undefined
  const preferred = complete && part === 'value' ? (valueStart ?? keyStart) : (keyStart ?? valueStart)
  return preferred ?? 0
}

/** `agents.backend-dev.platforms[0]`. */
export function formatPath(path: ConfigPath): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`
    )
    .join('')
}

/** 1-based line and column of a character offset. */
export function positionIn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const lineStart = before.lastIndexOf('\n') + 1
  return { line: before.split('\n').length, column: offset - lineStart + 1 }
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key)
}

/** `key:` with nothing after it: point at the key rather than at the gap. */
function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null && (node.source === '' || node.source === undefined)
}
