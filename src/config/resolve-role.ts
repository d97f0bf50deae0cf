import { posix } from 'node:path'
import { allowListEntryProblem } from '../util/commands/allow-list-entry.js'
import { guessProvider } from './model-choice.js'
import type { AgentEntry } from './config-schema.js'
import {
  BASE_DESCRIPTIONS,
  BUILT_IN_BASES,
  BUILT_IN_PLATFORMS,
  builtInBaseOf,
  isBuiltInBase,
  isBuiltInPlatform,
  type BuiltInBase,
  type BuiltInPlatform
} from './default-team.js'
import { DEFAULT_MAX_TOKENS, DEFAULT_MODEL } from './defaults.js'
import { resolveRepoFile } from './repo-files.js'
import { configErrorAt, type ConfigPath, type SourceFile } from './source-map.js'
import { didYouMean } from './suggest.js'
import type { ModelProvider, RoleConfig, RoleModel } from './team-config.js'

/**
 * The classic layout points `base` and `platforms` into its shared prompt library, which is not part of the
 * repository. Those paths stand for the closest bundled prompt; a platform without one adds nothing.
 * A file that does exist at the same path in the repository wins over this table.
 */
const LIBRARY_BASES: Readonly<Record<string, BuiltInBase>> = {
  'base/manager.md': 'manager',
  'base/software-developer.md': 'generic',
  'base/qa-tester.md': 'qa',
  'base/architect.md': 'generic',
  'base/scrum-master.md': 'generic'
}
const LIBRARY_PLATFORMS: Readonly<Record<string, BuiltInPlatform | null>> = {
  'platforms/web/frontend-developer.md': 'web',
  'platforms/web/backend-developer.md': 'node',
  'platforms/mobile/mobile-developer.md': null
}
const FRONTEND_NOTE = 'platforms/web/frontend-developer.md'
const BACKEND_NOTE = 'platforms/web/backend-developer.md'

const ROLE_NAME = /^[a-z][a-z0-9_-]{0,39}$/

interface Context {
  source: SourceFile
  repoDir: string
}

/** Why a role name cannot be used, or undefined when it can. Names become parts of branch names. */
export function roleNameProblem(name: string): string | undefined {
  return ROLE_NAME.test(name)
    ? undefined
    : `a role name is lowercase letters, digits, "-" and "_", starts with a letter and has at most 40 characters, got ${JSON.stringify(name)}`
}

/**
 * One `agents:` entry as a RoleConfig. Every file it names is resolved now, inside the repository, so a
 * missing or refused path is reported at the line that lists it rather than halfway through a run.
 * Leaving things out: `base` defaults to the built-in role of the same name (`backend-dev` → backend) or
 * `generic`; the model to anthropic `claude-sonnet-4-6`; the provider of a bare model name is guessed from
 * it (`gpt-…`, `o3…` → openai, anything else → anthropic).
 */
export async function resolveRole(name: string, entry: AgentEntry, context: Context): Promise<RoleConfig> {
  const at = (...rest: Array<string | number>): ConfigPath => ['agents', name, ...rest]
  const base = await resolveBase(name, entry, context, at('base'))
  const platforms = await resolvePlatforms(entry.platforms ?? [], context, at('platforms'))
  const projectContext: string[] = []
  for (const [index, path] of (entry.project_context ?? []).entries()) {
    const file = await resolveRepoFile(context.repoDir, path)
    if (!file.ok) throw configErrorAt(context.source, at('project_context', index), file.problem)
    if (!projectContext.includes(file.relativePath)) projectContext.push(file.relativePath)
  }
  for (const [index, line] of (entry.commands ?? []).entries()) {
    // Refused when the config loads, not when an agent first tries it: a whole interpreter on the list
    // (`node`, `bash`, `npx`) is a hole in the sandbox, and the maintainer should hear it at once.
    const problem = allowListEntryProblem(line)
    if (problem) throw configErrorAt(context.source, at('commands', index), problem)
  }
  return {
    name,
    description:
      entry.description ??
      (isBuiltInBase(base) ? BASE_DESCRIPTIONS[base] : `The ${name} role, as described in ${base}.`),
    base,
    platforms,
    projectContext,
    model: resolveModel(entry, context, at('model')),
    maxTokens: entry.max_tokens ?? entry.model?.max_tokens ?? DEFAULT_MAX_TOKENS,
    ...(entry.commands === undefined ? {} : { commands: entry.commands }),
    ...(entry.env === undefined ? {} : { env: entry.env })
  }
}

async function resolveBase(
  name: string,
  entry: AgentEntry,
  context: Context,
  at: ConfigPath
): Promise<string> {
  const raw = entry.base
  if (raw === undefined) return builtInBaseOf(name) ?? 'generic'
  if (isBuiltInBase(raw)) return raw
  if (!looksLikePath(raw)) {
    throw configErrorAt(
      context.source,
      at,
      `unknown base ${JSON.stringify(raw)}${choices(didYouMean(raw, BUILT_IN_BASES), BUILT_IN_BASES)}`
    )
  }
  const file = await resolveRepoFile(context.repoDir, raw)
  if (file.ok) return file.relativePath
  const library = LIBRARY_BASES[tidy(raw)]
  if (file.reason === 'missing' && library !== undefined) {
    if (library !== 'generic') return library
    // The layout builds developers from one generic base plus a platform note; the note says which.
    const notes = (entry.platforms ?? []).map(tidy)
    if (notes.includes(FRONTEND_NOTE) && !notes.includes(BACKEND_NOTE)) return 'frontend'
    if (notes.includes(BACKEND_NOTE) && !notes.includes(FRONTEND_NOTE)) return 'backend'
    return 'generic'
  }
  const hint = file.reason === 'missing' ? `; or use a built-in base: ${BUILT_IN_BASES.join(', ')}` : ''
  throw configErrorAt(context.source, at, `${file.problem}${hint}`)
}

async function resolvePlatforms(raw: string[], context: Context, at: ConfigPath): Promise<string[]> {
  const platforms: string[] = []
  const add = (platform: string): void => {
    if (!platforms.includes(platform)) platforms.push(platform)
  }
  for (const [index, item] of raw.entries()) {
    if (isBuiltInPlatform(item)) {
      add(item)
      continue
    }
    if (!looksLikePath(item)) {
      throw configErrorAt(
        context.source,
        [...at, index],
        `unknown platform ${JSON.stringify(item)}${choices(didYouMean(item, BUILT_IN_PLATFORMS), BUILT_IN_PLATFORMS)}`
      )
    }
    const file = await resolveRepoFile(context.repoDir, item)
    if (file.ok) {
      add(file.relativePath)
      continue
    }
    const library = LIBRARY_PLATFORMS[tidy(item)]
    if (file.reason === 'missing' && library !== undefined) {
      if (library !== null) add(library)
      continue
    }
    const hint =
      file.reason === 'missing' ? `; or use a built-in platform: ${BUILT_IN_PLATFORMS.join(', ')}` : ''
    throw configErrorAt(context.source, [...at, index], `${file.problem}${hint}`)
  }
  return platforms
}

function resolveModel(entry: AgentEntry, context: Context, at: ConfigPath): RoleModel {
  const given = entry.model ?? {}
  const provider: ModelProvider =
    given.provider ?? (given.model_name === undefined ? 'anthropic' : guessProvider(given.model_name))
  const modelName =
    given.model_name ??
    (provider === 'anthropic' ? DEFAULT_MODEL.modelName : provider === 'scripted' ? 'scripted' : undefined)
  if (modelName === undefined) {
    throw configErrorAt(context.source, at, `model_name is required when the provider is ${provider}`)
  }
  const temperature = given.temperature
  if (provider !== 'openai' && provider !== 'scripted' && temperature !== undefined && temperature > 1) {
    throw configErrorAt(
      context.source,
      [...at, 'temperature'],
      `expected a number from 0 to 1 for a Claude model (${provider}), got ${temperature}`
    )
  }
  return { provider, modelName, ...(temperature === undefined ? {} : { temperature }) }
}

/** `; did you mean "x"? Expected one of …` or `; expected one of …`. */
function choices(hint: string, names: readonly string[]): string {
  const list = `xpected one of ${names.join(', ')}, or the repository path of a Markdown file`
  return hint ? `${hint} E${list}` : `; e${list}`
}

function looksLikePath(value: string): boolean {
  return /[/\\]/.test(value) || /\.md$/i.test(value) || value.startsWith('.')
}

function tidy(path: string): string {
  return posix.normalize(path.replaceAll('\\', '/')).replace(/^\.\/+/, '')
}
