import type { ToolSpec } from '../../models/model.js'
import { toolPrompt } from '../../prompts/index.js'
import { loadTextFile } from './text-file.js'
import { errorOutcome, guarded, onlyFields, optionalInteger, requiredString } from './tool-input.js'
import type { ToolExecutor } from './tool-types.js'

/** Lines longer than this (minified code, data) are cut so one line cannot fill the output. */
const MAX_LINE_CHARS = 2000

// The words are in src/prompts/tools/read-file.md; the name and the schema's shape stay here.
const words = toolPrompt('read-file')

/** The model-facing contract of read_file. */
export const readFileSpec: ToolSpec = {
  name: 'read_file',
  description: words.description,
  input_schema: {
    type: 'object',
    properties: {
      path: { type: 'string', description: words.field('path') },
      start_line: { type: 'integer', minimum: 1, description: words.field('start_line') },
      end_line: { type: 'integer', minimum: 1, description: words.field('end_line') }
    },
    required: ['path'],
    additionalProperties: false
  }
}

/** Shows a file (or a line range of it) with line numbers, within the context's output cap. */
export const executeReadFile: ToolExecutor = guarded('read_file', async (input, context) => {
  onlyFields(input, ['path', 'start_line', 'end_line'])
  const file = requiredString(input, 'path')
  const startLine = optionalInteger(input, 'start_line', 1) ?? 1
  const endLine = optionalInteger(input, 'end_line', 1)
  const resolved = context.pathPolicy.resolveForRead(file)
  if (!resolved.ok) return errorOutcome(resolved.reason)

  const loaded = await loadTextFile(resolved.absolute, file)
  if (!loaded.ok) return loaded.outcome
  if (loaded.text === '') return { content: `\`${file}\` is empty.`, isError: false }

  const lines = loaded.text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  const total = lines.length
  if (startLine > total)
    return errorOutcome(`\`${file}\` has ${total} lines; start_line ${startLine} is past the end.`)
  if (endLine !== undefined && endLine < startLine) {
    return errorOutcome(`end_line (${endLine}) is before start_line (${startLine}).`)
  }
  const last = Math.min(endLine ?? total, total)

  // Leave room for the closing note so the whole result stays within the cap.
  const budget = Math.max(context.maxOutputBytes - 200, 200)
  const shown: string[] = []
  let used = 0
  let lineNo = startLine
  for (const line of lines.slice(startLine - 1, last)) {
    let text = line.replace(/\r$/, '')
    if (text.length > MAX_LINE_CHARS)
      text = `${text.slice(0, MAX_LINE_CHARS)} … [line cut at ${MAX_LINE_CHARS} characters]`
    const rendered = `${lineNo}\t${text}`
    const size = Buffer.byteLength(rendered) + 1
    if (used + size > budget && shown.length > 0) break
    shown.push(rendered)
    used += size
    lineNo++
  }
  const lastShown = lineNo - 1
  let note = ''
  if (lastShown < last) {
    note = `\n[Output cut at line ${lastShown} of ${total}. Call read_file with start_line=${lastShown + 1} to read on.]`
  } else if (startLine > 1 || last < total) {
    note = `\n[Lines ${startLine}–${last} of ${total}.]`
  }
  return { content: shown.join('\n') + note, isError: false }
})
