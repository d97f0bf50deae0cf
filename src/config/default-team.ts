import {
  BUILT_IN_SOURCE,
  DEFAULT_COORDINATION,
  DEFAULT_LIMITS,
  DEFAULT_MAX_TOKENS,
  DEFAULT_MODEL,
  DEFAULT_SANDBOX_LIMITS
} from './defaults.js'
import type { RoleConfig, TeamConfig } from './team-config.js'

/** Base prompts bundled with the action, as `src/prompts/role-<base>.md`. */
export const BUILT_IN_BASES = ['manager', 'backend', 'frontend', 'qa', 'generic'] as const
export type BuiltInBase = (typeof BUILT_IN_BASES)[number]

/** Platform notes bundled with the action, as `src/prompts/platform-<name>.md`. */
export const BUILT_IN_PLATFORMS = ['web', 'node', 'python'] as const
export type BuiltInPlatform = (typeof BUILT_IN_PLATFORMS)[number]

/** The name of the role that plans, in the built-in team and by convention in repo teams. */
export const MANAGER_ROLE = 'manager'

/** What a role on each built-in base does, for roles that give no description of their own. */
export const BASE_DESCRIPTIONS: Readonly<Record<BuiltInBase, string>> = Object.freeze({
  manager:
    'Plans the feature as a task graph, records the decisions every task follows, and answers blockers.',
  backend: 'Builds server-side code: APIs, data models, business logic, persistence, and their tests.',
  frontend:
    'Builds user-facing code: UI components, pages, client state, styling, accessibility, and their tests.',
  qa: 'Tests the feature end to end: writes unit, integration and end-to-end tests and reports defects with evidence.',
  generic: 'A software engineer who carries out any well-defined task in the repository, with tests.'
})

const BUILT_IN_ROLES: ReadonlyArray<readonly [name: string, base: BuiltInBase]> = [
  [MANAGER_ROLE, 'manager'],
  ['backend-dev', 'backend'],
  ['frontend-dev', 'frontend'],
  ['qa-tester', 'qa']
]

export function isBuiltInBase(name: string): name is BuiltInBase {
  return (BUILT_IN_BASES as readonly string[]).includes(name)
}

export function isBuiltInPlatform(name: string): name is BuiltInPlatform {
  return (BUILT_IN_PLATFORMS as readonly string[]).includes(name)
}

/** The base of the built-in role with this name (`backend-dev` → `backend`), if there is one. */
export function builtInBaseOf(roleName: string): BuiltInBase | undefined {
  return BUILT_IN_ROLES.find(([name]) => name === roleName)?.[1]
}

/** A fresh role on a built-in base with the default model: callers may change it freely. */
export function builtInRole(name: string, base: BuiltInBase): RoleConfig {
  return {
    name,
    description: BASE_DESCRIPTIONS[base],
    base,
    platforms: [],
    projectContext: [],
    model: { ...DEFAULT_MODEL },
    maxTokens: DEFAULT_MAX_TOKENS
  }
}

/** The built-in manager; also the planner of a repo team that defines no manager of its own. */
export function builtInManager(): RoleConfig {
  return builtInRole(MANAGER_ROLE, 'manager')
}

/**
 * The team used when the repository has no configuration: a manager plus `backend-dev`, `frontend-dev` and
 * `qa-tester`, stack-neutral (no platform notes), with every limit at its default. `checks` is the caller's
 * to decide because it depends on the repository (see default-checks.ts).
 */
export function builtInTeam(checks: string[] = []): TeamConfig {
  const roles: Record<string, RoleConfig> = {}
  for (const [name, base] of BUILT_IN_ROLES) if (base !== 'manager') roles[name] = builtInRole(name, base)
  return {
    source: BUILT_IN_SOURCE,
    manager: builtInManager(),
    roles,
    protectedPaths: [],
    allowWorkflowEdits: false,
    checks: [...checks],
    limits: { ...DEFAULT_LIMITS },
    coordination: { ...DEFAULT_COORDINATION },
    sandbox: { setup: [], readOnlyPaths: [], env: {}, ...DEFAULT_SANDBOX_LIMITS }
  }
}
