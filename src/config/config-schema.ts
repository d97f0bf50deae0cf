import { z } from 'zod'
import { MAX_TASKS_LIMIT } from './defaults.js'
import { MAX_PARALLEL, MAX_PARALLEL_RULE } from './max-parallel.js'
import { didYouMean } from './suggest.js'
import { PROVIDERS } from './team-config.js'

/**
 * The shapes of `.ai-agents/config.yml` and `orchestrator-config.json`, in their own snake_case keys.
 * Messages say what was expected and what was found; the loader adds `file:line:column` and the key path.
 *
 * Compatibility: repos that already use the `.ai-agents/` layout carry keys for their own tooling. Those
 * keys are listed here and accepted without effect; any other unknown key is an error, with a suggestion
 * when it looks like a typo, so a misspelt setting never goes silently unused.
 */

/** Top-level keys of the layout's config.yml that agent-team does not use. */
export const IGNORED_TOP_KEYS = [
  'project_id',
  'project_name',
  'description',
  'version',
  'agent_library',
  'project',
  'context_files',
  'state_management',
  'notifications',
  'features',
  'state_provider',
  'execution',
  'session',
  'security',
  'visual_verification',
  'regression',
  'mobile_config'
] as const

/** Per-agent keys of the layout that agent-team does not use (skills, memory, reporting lines…). */
export const IGNORED_AGENT_KEYS = [
  'tools',
  'skills',
  'memory',
  'coordination',
  'cache_control',
  'constraints',
  'capabilities',
  'metadata',
  'agent_id',
  'version',
  'type',
  'appflowy'
] as const

/** Keys of the layout's orchestrator-config.json that agent-team does not use. */
export const IGNORED_JSON_KEYS = ['project_dir', 'communication_file', 'agents'] as const

/** `, got "three"`: what the file holds, for the end of a message. */
export function got(value: unknown): string {
  if (value === undefined) return ''
  if (value === null) return ', got nothing'
  if (Array.isArray(value)) return ', got a list'
  if (typeof value === 'object') return ', got a mapping'
  if (typeof value === 'string') {
    return `, got ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`
  }
  return `, got ${String(value)}`
}

/** An error message: what was expected, what was found, and why when that helps. */
const expected =
  (what: string, why = '') =>
  (issue: { input?: unknown }): string =>
    `expected ${what}${got(issue.input)}${why && `: ${why}`}`

function wholeNumber(min: number, max: number, what = `a whole number from ${min} to ${max}`) {
  const error = expected(what)
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error })
}

const bool = z.boolean({ error: expected('true or false') })

const text = z
  .string({ error: expected('text') })
  .trim()
  .min(1, { error: expected('text, not an empty value') })

/** A list; a single value stands for a list of one. */
function list<T extends z.ZodType>(item: T) {
  return z.preprocess(v => (typeof v === 'string' ? [v] : v), z.array(item, { error: expected('a list') }))
}

const SHELL_OPERATORS = /[;&|<>`\n]|\$\(/

/**
 * One command line such as `npm test`: it runs without a shell, so shell operators would not work.
 * Single-quoted text is literal and may hold them. The sandbox parses the line again before it runs.
 */
const commandLine = text.refine(line => !SHELL_OPERATORS.test(line.replace(/'[^']*'/g, '')), {
  error: expected(
    'one command without shell operators (; & | < > ` $( ))',
    'commands run without a shell, so give each one its own item'
  )
})

/**
 * A gitignore-style pattern: without a slash it matches at any depth (`*.pem`), with one it is anchored at
 * the root, and a leading `/` anchors it explicitly (`/config.yml`).
 */
const repoGlob = text.refine(
  glob => !/^(\/\/|\\|[A-Za-z]:)/.test(glob) && !glob.split(/[/\\]/).includes('..'),
  {
    error: expected(
      'a gitignore-style pattern inside the repository (a leading "/" anchors it at the root), without ".." or a drive letter'
    )
  }
)

/** A strict mapping: the `ignored` keys are accepted and left unused, any other unknown key is an error. */
function section<T extends z.ZodRawShape>(shape: T, ignored: readonly string[] = []) {
  const ours = Object.keys(shape)
  const full = { ...Object.fromEntries(ignored.map(key => [key, z.unknown().optional()])), ...shape } as T
  return z.strictObject(full, {
    error: issue => {
      if (issue.code === 'unrecognized_keys') {
        // zod reports unrecognized keys with at least one key.
        const key = issue.keys[0] ?? ''
        const hint = didYouMean(key, [...ours, ...ignored])
        return `unknown key "${key}"${hint || `; expected one of: ${ours.join(', ')}`}`
      }
      if (issue.code === 'invalid_type') return expected('a mapping of settings')(issue)
      return undefined
    }
  })
}

/** A mapping that may be left empty (`limits:` with every line commented out). */
function optionalSection<T extends z.ZodType>(schema: T) {
  return z.preprocess(v => (v === null ? {} : v), schema).optional()
}

const provider = z.enum(PROVIDERS, {
  error: issue =>
    `expected one of ${PROVIDERS.join(', ')}${got(issue.input)}` +
    (typeof issue.input === 'string' ? didYouMean(issue.input, PROVIDERS) : '')
})

/** `model: claude-sonnet-4-5` or `model: { provider, model_name, temperature, max_tokens }`. */
const model = z.preprocess(
  v => (typeof v === 'string' ? { model_name: v } : v),
  section({
    provider: provider.optional(),
    model_name: text.optional(),
    temperature: z
      .number({ error: expected('a number from 0 to 2') })
      .min(0, { error: expected('a number from 0 to 2') })
      .max(2, { error: expected('a number from 0 to 2') })
      .optional(),
    max_tokens: wholeNumber(1, 200_000).optional()
  })
)

/**
 * Variable names a configuration may not set in the sandbox's environment: ones the sandbox sets itself
 * (PATH, HOME, TMPDIR), ones that load code into every process (NODE_OPTIONS, LD_PRELOAD, BASH_ENV), and
 * ones that look like they carry a secret — agents' commands never get secrets, and the config file is
 * committed, so a value written here is public anyway.
 */
const RESERVED_ENV = new Set([
  'PATH',
  'HOME',
  'TMPDIR',
  'LD_PRELOAD',
  'LD_LIBRARY_PATH',
  'NODE_OPTIONS',
  'BASH_ENV',
  'ENV'
])
const SECRET_LIKE_ENV =
  /TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL|AUTH|COOKIE/i

/** Why a variable name may not be set, or undefined when it may. */
export function envNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    return `"${name}" is not a variable name (letters, digits and _, not starting with a digit)`
  }
  if (RESERVED_ENV.has(name.toUpperCase()))
    return `${name} is set by the sandbox itself and cannot be changed here`
  if (SECRET_LIKE_ENV.test(name)) {
    return `${name} looks like it holds a secret, and agents' commands never get secrets (this file is committed, so the value would be public too)`
  }
  return undefined
}

/** `NAME: value` pairs added to the environment agents' commands start with (built from nothing). */
const envVars = z
  .preprocess(
    v => (v === null ? {} : v),
    z.record(
      z.string(),
      z.preprocess(
        v => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v),
        z.string({ error: expected('text (a variable’s value)') })
      ),
      { error: expected('a mapping from variable names to values') }
    )
  )
  .superRefine((vars, ctx) => {
    for (const name of Object.keys(vars)) {
      const problem = envNameProblem(name)
      if (problem) ctx.addIssue({ code: 'custom', path: [name], message: problem })
    }
  })

const absolutePath = text.refine(path => path.startsWith('/') && !path.split('/').includes('..'), {
  error: expected(
    'an absolute path without ".." (a directory of the runner to show read-only in the sandbox)'
  )
})

/** `sandbox:`: what agents' commands get inside the OS sandbox besides the worktree. */
const sandbox = section({
  setup: list(commandLine).optional(),
  read_only_paths: list(absolutePath).optional(),
  env: envVars.optional(),
  memory_mb: wholeNumber(128, 1_048_576, 'a whole number of MiB from 128').optional(),
  max_processes: wholeNumber(16, 1_000_000, 'a whole number from 16').optional()
})

const agent = z.preprocess(
  v => (v === null ? {} : v),
  section(
    {
      base: text.optional(),
      description: text.optional(),
      platforms: list(text).optional(),
      project_context: list(text).optional(),
      model: model.optional(),
      max_tokens: wholeNumber(1, 200_000).optional(),
      commands: list(commandLine).optional(),
      env: envVars.optional(),
      enabled: bool.optional()
    },
    IGNORED_AGENT_KEYS
  )
)

const limits = section({
  max_parallel: wholeNumber(MAX_PARALLEL.min, MAX_PARALLEL.max, MAX_PARALLEL_RULE).optional(),
  max_turns: wholeNumber(1, 1000).optional(),
  token_budget: wholeNumber(
    0,
    Number.MAX_SAFE_INTEGER,
    'a whole number of tokens, 0 for no limit'
  ).optional(),
  cost_limit_usd: z
    .number({ error: expected('an amount in USD, 0 for no limit') })
    .min(0, { error: expected('an amount in USD, 0 for no limit') })
    .optional(),
  command_timeout_seconds: wholeNumber(1, 3600).optional(),
  max_tasks: wholeNumber(1, MAX_TASKS_LIMIT).optional()
})

const coordination = section(
  {
    max_iterations: wholeNumber(0, 100).optional(),
    auto_merge: bool.optional()
  },
  ['check_interval_seconds']
)

/**
 * `.ai-agents/config.yml`. An empty file is an empty mapping. Top-level keys that start with `x-` are free
 * for the repo's own use, typically to hold an anchor that roles merge in (`x-defaults: &defaults`).
 */
export const teamFileSchema = z.preprocess(
  v =>
    v === null || v === undefined
      ? {}
      : typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).filter(([key]) => !key.startsWith('x-')))
        : v,
  section(
    {
      agents: z
        .preprocess(
          v => (v === null ? {} : v),
          z.record(z.string(), agent, { error: expected('a mapping from role names to role settings') })
        )
        .optional(),
      protected_paths: list(repoGlob).optional(),
      allow_workflow_edits: bool.optional(),
      checks: list(commandLine).optional(),
      sandbox: optionalSection(sandbox),
      limits: optionalSection(limits),
      coordination: optionalSection(coordination)
    },
    IGNORED_TOP_KEYS
  )
)

/** `orchestrator-config.json` beside the YAML: only its limits and coordination matter here. */
export const orchestratorFileSchema = section(
  { limits: optionalSection(limits), coordination: optionalSection(coordination) },
  IGNORED_JSON_KEYS
)

export type TeamFile = z.output<typeof teamFileSchema>
export type AgentEntry = NonNullable<TeamFile['agents']>[string]
export type OrchestratorFile = z.output<typeof orchestratorFileSchema>
