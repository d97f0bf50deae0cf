import type { ToolSpec } from '../../models/model.js'
import { toolPrompt } from '../../prompts/index.js'
import { runCommand } from '../../sandbox/command-runner.js'
import {
  errorOutcome,
  guarded,
  onlyFields,
  optionalBoolean,
  optionalString,
  requiredString
} from './tool-input.js'
import type { ToolExecutor } from './tool-types.js'

const MAX_MATCHES = 200
const MAX_LINE_CHARS = 300
/** Raw grep output kept before matches are counted; what the model sees is capped by the context. */
const RAW_OUTPUT_BYTES = 4 * 1024 * 1024

// The words are in src/prompts/tools/search.md; the name and the schema's shape stay here.
const words = toolPrompt('search', { max_matches: MAX_MATCHES })

/** The model-facing contract of search. */
export const searchSpec: ToolSpec = {
  name: 'search',
  description: words.description,
  input_schema: {
    type: 'object',
    properties: {
      pattern: { type: 'string', description: words.field('pattern') },
      regex: { type: 'boolean', description: words.field('regex') },
      case_sensitive: { type: 'boolean', description: words.field('case_sensitive') },
      path: { type: 'string', description: words.field('path') },
      glob: { type: 'string', description: words.field('glob') }
    },
    required: ['pattern'],
    additionalProperties: false
  }
}

/** Runs `git grep` (argv, no shell) and returns numbered matching lines. */
export const executeSearch: ToolExecutor = guarded('search', async (input, context) => {
  onlyFields(input, ['pattern', 'regex', 'case_sensitive', 'path', 'glob'])
  const pattern = requiredString(input, 'pattern')
  const regex = optionalBoolean(input, 'regex') ?? false
  const caseSensitive = optionalBoolean(input, 'case_sensitive') ?? true
  const where = optionalString(input, 'path')
  const glob = optionalString(input, 'glob')

  let base = ''
  if (where !== undefined) {
    const resolved = context.pathPolicy.resolveForRead(where)
    if (!resolved.ok) return errorOutcome(resolved.reason)
    base = resolved.relative === '.' ? '' : resolved.relative
  }
  if (glob !== undefined && (glob.startsWith('/') || glob.split('/').includes('..'))) {
    return errorOutcome(
      `\`${glob}\` reaches outside the repository; use a glob such as \`*.ts\` or \`src/**/*.ts\`.`
    )
  }
  const pathspec: string[] = []
  if (glob !== undefined) {
    const inside = glob.includes('/') ? glob : `**/${glob}`
    pathspec.push(`:(glob)${base ? `${base}/` : ''}${inside}`)
  } else if (base) {
    pathspec.push(`:(literal)${base}`)
  }

  // The pattern goes after `-e` so one that starts with `-` cannot be read as an option.
  const argv = ['git', 'grep', '-n', '-z', '-I', '--untracked', '--no-color', regex ? '-E' : '-F']
  if (!caseSensitive) argv.push('-i')
  argv.push('-e', pattern, '--', ...pathspec)
  const result = await runCommand(argv, {
    cwd: context.root,
    env: context.env,
    timeoutMs: context.commandTimeoutMs,
    maxOutputBytes: RAW_OUTPUT_BYTES
  })
  if (result.timedOut) return errorOutcome('The search timed out; narrow it with `path` or `glob`.')
  if (result.exitCode === 1 && result.stdout === '') {
    return { content: `No matches for \`${pattern}\`.`, isError: false }
  }
  if (result.exitCode !== 0) return errorOutcome(`The search failed: ${result.stderr.trim()}`)

  // -z: `path\0line\0text`, so odd file names need no unquoting.
  const matches = result.stdout
    .split('\n')
    .map(record => record.split('\0'))
    .filter(fields => fields.length >= 3 && /^\d+$/.test(fields[1]!))
    .map(([file, line, ...rest]) => {
      const text = rest.join('\0')
      return `${file}:${line}: ${text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)} …` : text}`
    })
  const shown: string[] = []
  let used = 0
  for (const match of matches.slice(0, MAX_MATCHES)) {
    used += Buffer.byteLength(match) + 1
    if (used > context.maxOutputBytes - 200) break
    shown.push(match)
  }
  const more = matches.length - shown.length
  const note =
    more > 0 || result.truncated
      ? `\n[More matches not shown; narrow the search with \`path\` or \`glob\`.]`
      : ''
  return { content: shown.join('\n') + note, isError: false }
})
