import fs from 'node:fs/promises'
import path from 'node:path'
import type { ToolSpec } from '../../models/model.js'
import { toolPrompt } from '../../prompts/index.js'
import { errorOutcome, fileErrorMessage, guarded, onlyFields, requiredString } from './tool-input.js'
import type { ToolExecutor } from './tool-types.js'
import { openVerified, PathChanged, replaceContent } from './verified-open.js'

// The words are in src/prompts/tools/write-file.md; the name and the schema's shape stay here.
const words = toolPrompt('write-file')

/** The model-facing contract of write_file. */
export const writeFileSpec: ToolSpec = {
  name: 'write_file',
  description: words.description,
  input_schema: {
    type: 'object',
    properties: {
      path: { type: 'string', description: words.field('path') },
      content: { type: 'string', description: words.field('content') }
    },
    required: ['path', 'content'],
    additionalProperties: false
  }
}

/** Writes a whole file inside the worktree, creating parent directories. */
export const executeWriteFile: ToolExecutor = guarded('write_file', async (input, context) => {
  onlyFields(input, ['path', 'content'])
  const file = requiredString(input, 'path')
  const content = requiredString(input, 'content', true)
  const resolved = context.pathPolicy.resolveForWrite(file)
  if (!resolved.ok) return errorOutcome(resolved.reason)
  try {
    const existed = await fs
      .lstat(resolved.absolute)
      .then(stat => (stat.isDirectory() ? 'directory' : 'file'))
      .catch(() => undefined)
    if (existed === 'directory') return errorOutcome(fileErrorMessage({ code: 'EISDIR' }, file))
    await fs.mkdir(path.dirname(resolved.absolute), { recursive: true })
    // Through a verified handle (verified-open.ts): a folder swapped for a symlink between the policy's
    // check and the open cannot make us write outside. An existing file is truncated only once verified.
    const handle = await openVerified(resolved.absolute, existed ? 'update' : 'create', file)
    try {
      await replaceContent(handle, content)
    } finally {
      await handle.close()
    }
    const bytes = Buffer.byteLength(content)
    return {
      content: `${existed ? 'Replaced' : 'Created'} \`${resolved.relative}\` (${bytes} bytes).`,
      isError: false,
      changedFiles: [resolved.relative]
    }
  } catch (error) {
    return errorOutcome(error instanceof PathChanged ? error.message : fileErrorMessage(error, file))
  }
})
