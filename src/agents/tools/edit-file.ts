import type { ToolSpec } from '../../models/model.js'
import { toolPrompt } from '../../prompts/index.js'
import { loadTextFile } from './text-file.js'
import {
  errorOutcome,
  fileErrorMessage,
  guarded,
  onlyFields,
  optionalBoolean,
  requiredString
} from './tool-input.js'
import type { ToolExecutor, ToolOutcome } from './tool-types.js'
import { replaceContent } from './verified-open.js'

// The words are in src/prompts/tools/edit-file.md; the name and the schema's shape stay here.
const words = toolPrompt('edit-file')

/** The model-facing contract of edit_file. */
export const editFileSpec: ToolSpec = {
  name: 'edit_file',
  description: words.description,
  input_schema: {
    type: 'object',
    properties: {
      path: { type: 'string', description: words.field('path') },
      old_string: { type: 'string', description: words.field('old_string') },
      new_string: { type: 'string', description: words.field('new_string') },
      replace_all: { type: 'boolean', description: words.field('replace_all') }
    },
    required: ['path', 'old_string', 'new_string'],
    additionalProperties: false
  }
}

/** Replaces one exact occurrence (or all, if asked) of a string in a file. */
export const executeEditFile: ToolExecutor = guarded('edit_file', async (input, context) => {
  onlyFields(input, ['path', 'old_string', 'new_string', 'replace_all'])
  const file = requiredString(input, 'path')
  const oldString = requiredString(input, 'old_string')
  const newString = requiredString(input, 'new_string', true)
  const replaceAll = optionalBoolean(input, 'replace_all') ?? false
  if (oldString === newString)
    return errorOutcome('old_string and new_string are the same; nothing to change.')
  const resolved = context.pathPolicy.resolveForWrite(file)
  if (!resolved.ok) return errorOutcome(resolved.reason)

  const loaded = await loadTextFile(resolved.absolute, file, 'update')
  if (!loaded.ok) return loaded.outcome
  try {
    return await edit(loaded.text, file, oldString, newString, replaceAll, async updated => {
      await replaceContent(loaded.handle, updated)
      return resolved.relative
    })
  } finally {
    await loaded.handle.close()
  }
})

/** The edit itself; `save` writes the new text through the handle the file was read from. */
async function edit(
  text: string,
  file: string,
  oldString: string,
  newString: string,
  replaceAll: boolean,
  save: (updated: string) => Promise<string>
): Promise<ToolOutcome> {
  let count = occurrences(text, oldString)
  // Models write `\n`; a file with Windows line endings then never matches. Speak the file's dialect.
  if (count === 0 && text.includes('\r\n') && !oldString.includes('\r')) {
    const crlfOld = oldString.replace(/\n/g, '\r\n')
    count = occurrences(text, crlfOld)
    if (count > 0) {
      oldString = crlfOld
      newString = newString.replace(/\r?\n/g, '\r\n')
    }
  }
  if (count === 0) {
    return errorOutcome(
      `old_string was not found in \`${file}\`. Read the file again with read_file and copy the text exactly, including whitespace and indentation.`
    )
  }
  if (count > 1 && !replaceAll) {
    return errorOutcome(
      `old_string occurs ${count} times in \`${file}\`. Include more surrounding lines so it is unique, or set replace_all to true.`
    )
  }

  const firstAt = text.indexOf(oldString)
  // split/join rather than String.replace: a `$&` or `$1` in new_string must stay literal.
  const updated = replaceAll
    ? text.split(oldString).join(newString)
    : text.slice(0, firstAt) + newString + text.slice(firstAt + oldString.length)
  let relative: string
  try {
    relative = await save(updated)
  } catch (error) {
    return errorOutcome(fileErrorMessage(error, file))
  }
  const line = text.slice(0, firstAt).split('\n').length
  const what = count === 1 ? `1 occurrence at line ${line}` : `${count} occurrences (first at line ${line})`
  return {
    content: `Edited \`${relative}\`: replaced ${what}.`,
    isError: false,
    changedFiles: [relative]
  }
}

function occurrences(text: string, needle: string): number {
  let count = 0
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count++
  return count
}
