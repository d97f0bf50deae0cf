import { posix } from 'node:path'
import { ConfigError } from '../util/errors.js'
import { checkShape } from './check-shape.js'
import {
  orchestratorFileSchema,
  teamFileSchema,
  type OrchestratorFile,
  type TeamFile
} from './config-schema.js'
import { defaultChecks } from './default-checks.js'
import { builtInManager, builtInTeam, MANAGER_ROLE } from './default-team.js'
import {
  BUILT_IN_SOURCE,
  DEFAULT_COORDINATION,
  DEFAULT_LIMITS,
  DEFAULT_SANDBOX_LIMITS,
  ORCHESTRATOR_JSON_NAME
} from './defaults.js'
import { defaultSetup } from './default-setup.js'
import { readCapped, resolveRepoFile } from './repo-files.js'
import { resolveRole, roleNameProblem } from './resolve-role.js'
import { assertNoSecrets } from './secrets.js'
import { configErrorAt, parseJsonSource, parseYamlSource, type SourceFile } from './source-map.js'
import type { Coordination, Limits, RoleConfig, SandboxSettings, TeamConfig } from './team-config.js'

export interface LoadConfigOptions {
  /** The repository checkout; every path in the configuration is relative to it and must stay inside it. */
  repoDir: string
  /** The YAML file, relative to repoDir (input `config`, default `.ai-agents/config.yml`). */
  path: string
  /** The user named the path: a missing file is then an error instead of a reason to use the built-in team. */
  explicit: boolean
}

type Layer<T> = Partial<T> | undefined

const MAX_FILE_BYTES = 1024 * 1024

/**
 * The team configuration of a repository, checked and with every default filled in.
 *
 * - No YAML at the default path: the built-in team (`source: '(built-in)'`). No YAML at a path the user
 *   named: a ConfigError.
 * - `orchestrator-config.json` beside the YAML, when there is one, adds its `coordination.max_iterations`,
 *   `coordination.auto_merge` and `limits.*`; the YAML wins for every key both set.
 * - `agents:` replaces the built-in team. The role named `manager`, or the one with `base: manager`, plans; a
 *   team that defines none is planned by the built-in manager, so a repo can list only its workers.
 * - Defaults are in defaults.ts; `checks` defaults to the repository's test script (default-checks.ts),
 *   `sandbox.setup` to `npm ci` when there is a package-lock.json (default-setup.ts).
 *
 * Every problem is a ConfigError at `file:line:column` that says what was expected: syntax, types, unknown
 * keys (with a suggestion for typos), secrets, and files that are missing or outside the repository.
 */
export async function loadTeamConfig(options: LoadConfigOptions): Promise<TeamConfig> {
  const { repoDir, explicit } = options
  const yamlPath = tidy(options.path)
  const jsonPath = posix.join(posix.dirname(yamlPath), ORCHESTRATOR_JSON_NAME)

  const yamlText = await readConfigText(repoDir, yamlPath, explicit)
  const file = yamlText === undefined ? undefined : parseYamlSource(yamlPath, yamlText)
  let settings: TeamFile = {}
  if (file) {
    assertNoSecrets(file)
    settings = checkShape(teamFileSchema, file)
  }
  const jsonText = await readConfigText(repoDir, jsonPath, false)
  const json = jsonText === undefined ? undefined : readOrchestratorFile(jsonPath, jsonText)
  const team =
    file && settings.agents !== undefined ? await resolveTeam(settings.agents, file, repoDir) : builtInTeam()

  return {
    source: yamlText !== undefined ? yamlPath : jsonText !== undefined ? jsonPath : BUILT_IN_SOURCE,
    manager: team.manager,
    roles: team.roles,
    protectedPaths: settings.protected_paths ?? [],
    allowWorkflowEdits: settings.allow_workflow_edits ?? false,
    checks: settings.checks ?? (await defaultChecks(repoDir)),
    limits: mergeLimits(settings.limits, json?.limits),
    coordination: mergeCoordination(settings.coordination, json?.coordination),
    sandbox: await sandboxSettings(settings.sandbox, repoDir)
  }
}

async function sandboxSettings(file: TeamFile['sandbox'], repoDir: string): Promise<SandboxSettings> {
  return {
    setup: file?.setup ?? (await defaultSetup(repoDir)),
    readOnlyPaths: file?.read_only_paths ?? [],
    env: file?.env ?? {},
    memoryMb: file?.memory_mb ?? DEFAULT_SANDBOX_LIMITS.memoryMb,
    maxProcesses: file?.max_processes ?? DEFAULT_SANDBOX_LIMITS.maxProcesses
  }
}

/** The text of a config file, or undefined when it is absent and was not asked for by name. */
async function readConfigText(repoDir: string, path: string, required: boolean): Promise<string | undefined> {
  const file = await resolveRepoFile(repoDir, path)
  if (!file.ok) {
    if (file.reason !== 'missing') throw new ConfigError(path, 1, 1, file.problem)
    if (!required) return undefined
    throw new ConfigError(
      path,
      1,
      1,
      'the configuration file does not exist. This path was set explicitly (the "config" input): create the ' +
        'file, or leave the input unset to use the built-in team'
    )
  }
  const { text, truncated } = await readCapped(file.path, MAX_FILE_BYTES)
  if (truncated)
    throw new ConfigError(path, 1, 1, 'the file is larger than 1 MiB; a configuration is never that big')
  return text
}

function readOrchestratorFile(path: string, text: string): OrchestratorFile {
  const source = parseJsonSource(path, text)
  assertNoSecrets(source)
  return checkShape(orchestratorFileSchema, source)
}

async function resolveTeam(
  agents: NonNullable<TeamFile['agents']>,
  source: SourceFile,
  repoDir: string
): Promise<{ manager: RoleConfig; roles: Record<string, RoleConfig> }> {
  const names = Object.keys(agents)
  if (names.length === 0) {
    throw configErrorAt(
      source,
      ['agents'],
      'expected at least one role; remove "agents:" to use the built-in team',
      'key'
    )
  }
  let manager: RoleConfig | undefined
  const roles: Record<string, RoleConfig> = {}
  for (const [name, entry] of Object.entries(agents)) {
    const nameProblem = roleNameProblem(name)
    if (nameProblem) throw configErrorAt(source, ['agents', name], nameProblem, 'key')
    // The layout switches optional agents off this way; such a role is not part of the team.
    if (entry.enabled === false) continue
    const role = await resolveRole(name, entry, { source, repoDir })
    if (role.name !== MANAGER_ROLE && role.base !== 'manager') {
      roles[name] = role
    } else if (manager) {
      throw configErrorAt(
        source,
        ['agents', name],
        `only one role may plan for the team, and "${manager.name}" already does (a role named "manager" or ` +
          'with base: manager is the planner)',
        'key'
      )
    } else {
      manager = role
    }
  }
  if (Object.keys(roles).length === 0) {
    throw configErrorAt(
      source,
      ['agents'],
      'the team needs at least one enabled role besides the manager to carry out the tasks',
      'key'
    )
  }
  return { manager: manager ?? builtInManager(), roles }
}

/** YAML first, then the JSON, then the default: the first layer that sets a key wins. */
function mergeLimits(yaml: TeamFile['limits'], json: OrchestratorFile['limits']): Limits {
  const layers: Array<Layer<Limits>> = [yaml, json].map(limits =>
    limits === undefined
      ? undefined
      : {
          maxParallel: limits.max_parallel,
          maxTurns: limits.max_turns,
          tokenBudget: limits.token_budget,
          costLimitUsd: limits.cost_limit_usd,
          commandTimeoutSeconds: limits.command_timeout_seconds,
          maxTasks: limits.max_tasks
        }
  )
  return firstDefined(DEFAULT_LIMITS, layers)
}

function mergeCoordination(
  yaml: TeamFile['coordination'],
  json: OrchestratorFile['coordination']
): Coordination {
  const layers: Array<Layer<Coordination>> = [yaml, json].map(coordination =>
    coordination === undefined
      ? undefined
      : { maxIterations: coordination.max_iterations, autoMerge: coordination.auto_merge }
  )
  return firstDefined(DEFAULT_COORDINATION, layers)
}

function firstDefined<T extends object>(defaults: Readonly<T>, layers: Array<Layer<T>>): T {
  const merged = { ...defaults } as T
  for (const key of Object.keys(defaults) as Array<keyof T>) {
    const layer = layers.find(candidate => candidate?.[key] !== undefined)
    if (layer) merged[key] = layer[key] as T[keyof T]
  }
  return merged
}

function tidy(path: string): string {
  return posix.normalize(path.trim().replaceAll('\\', '/')).replace(/^\.\/+/, '')
}
