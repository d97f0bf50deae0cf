import picomatch from 'picomatch'
import type { ToolSpec } from '../../models/model.js'
import { toolPrompt } from '../../prompts/index.js'
import { runCommand } from '../../sandbox/command-runner.js'
import { errorOutcome, guarded, onlyFields, optionalString } from './tool-input.js'
import type { ToolContext, ToolExecutor } from './tool-types.js'

/** More names than this are of no use to a model; it should narrow the pattern. */
const MAX_ENTRIES = 500
/** The listing itself may be large in a big repository; only what is shown is capped by the context. */
const LISTING_BYTES = 64 * 1024 * 1024

// The words are in src/prompts/tools/list-files.md; the name and the schema's shape stay here.
const words = toolPrompt('list-files', { max_entries: MAX_ENTRIES })

/** The model-facing contract of list_files. */
export const listFilesSpec: ToolSpec = {
  name: 'list_files',
  description: words.description,
  input_schema: {
    type: 'object',
    properties: {
      pattern: { type: 'string', description: words.field('pattern') }
    },
    additionalProperties: false
  }
}

/** Lists files git knows about (or would add), filtered by a picomatch glob. */
export const executeListFiles: ToolExecutor = guarded('list_files', async (input, context) => {
  onlyFields(input, ['pattern'])
  const pattern = (optionalString(input, 'pattern') ?? '**').replace(/^\.\//, '')
  if (pattern.startsWith('/') || pattern.split('/').includes('..')) {
    return errorOutcome(
      `\`${pattern}\` reaches outside the repository; use a glob relative to its root, e.g. \`src/**/*.ts\`.`
    )
  }

  const [listed, deleted] = await Promise.all([
    gitFiles(['--cached', '--others', '--exclude-standard'], context),
    gitFiles(['--deleted'], context)
  ])
  if (!listed.ok) return errorOutcome(listed.message)
  const gone = new Set(deleted.ok ? deleted.files : [])
  const matches = matcher(pattern)
  const files = [...new Set(listed.files)].filter(file => !gone.has(file) && matches(file)).sort()

  if (files.length === 0) return { content: `No files match \`${pattern}\`.`, isError: false }
  const shown: string[] = []
  let used = 0
  for (const file of files.slice(0, MAX_ENTRIES)) {
    used += Buffer.byteLength(file) + 1
    if (used > context.maxOutputBytes - 200) break
    shown.push(file)
  }
  const rest = files.length - shown.length
  const note = rest > 0 ? `\n[… and ${rest} more of ${files.length}; narrow the pattern.]` : ''
  return { content: shown.join('\n') + note, isError: false }
})

/**
 * A glob without `/` matches the file name anywhere, as in .gitignore; a plain path with no glob
 * characters also matches everything below it, since models ask for directories that way.
 */
function matcher(pattern: string): (file: string) => boolean {
  const options = { dot: true, basename: !pattern.includes('/') }
  const glob = picomatch(pattern, options)
  if (picomatch.scan(pattern).isGlob) return glob
  const below = picomatch(`${pattern.replace(/\/+$/, '')}/**`, { dot: true })
  return file => glob(file) || below(file)
}

type GitFiles = { ok: true; files: string[] } | { ok: false; message: string }

async function gitFiles(flags: string[], context: ToolContext): Promise<GitFiles> {
  const result = await runCommand(['git', 'ls-files', '-z', ...flags], {
    cwd: context.root,
    env: context.env,
    timeoutMs: context.commandTimeoutMs,
    maxOutputBytes: LISTING_BYTES
  })
  if (result.exitCode !== 0) return { ok: false, message: `git ls-files failed: ${result.stderr.trim()}` }
  return { ok: true, files: result.stdout.split('\0').filter(file => file !== '') }
}
