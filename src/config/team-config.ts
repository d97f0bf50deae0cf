/**
 * The team configuration after loading and defaults: what the rest of the engine reads. The file format
 * (`.ai-agents/config.yml`, optionally beside `orchestrator-config.json`) is parsed into this by load-config.ts.
 */
/** Model providers a role may name. */
export const PROVIDERS = ['anthropic', 'openai', 'bedrock', 'vertex', 'scripted'] as const

export type ModelProvider = (typeof PROVIDERS)[number]

/** How messages, logs and comments name each provider. */
export const PROVIDER_NAMES: Record<ModelProvider, string> = {
  anthropic: 'Anthropic',
  openai: 'OpenAI',
  bedrock: 'Amazon Bedrock',
  vertex: 'Vertex AI',
  scripted: 'a scripted replay'
}

export interface RoleModel {
  provider: ModelProvider
  modelName: string
  temperature?: number
}

export interface RoleConfig {
  /** The role's key in `agents:` (e.g. `backend-dev`). Plans assign tasks to these names. */
  name: string
  /** One line on what the role does; shown to the manager so it can assign tasks. */
  description: string
  /** A built-in base prompt name (`manager`, `backend`, `frontend`, `qa`, `generic`) or a repo path to a Markdown file. */
  base: string
  /** Platform names or repo paths whose text is added to the prompt (e.g. `web`, `node`, `docs/android.md`). */
  platforms: string[]
  /** Repo files whose text is composed into the role's prompt. */
  projectContext: string[]
  model: RoleModel
  maxTokens: number
  /**
   * Commands this role may run with `run_command`, as argv prefixes written like a shell line
   * (`npm test`, `npx jest`). Undefined means the default: the repository's own test/build/lint scripts.
   */
  commands?: string[]
  /** Variables this role's commands get on top of `sandbox.env`. */
  env?: Record<string, string>
}

export interface Limits {
  /** Tasks that may run at once. */
  maxParallel: number
  /** Model turns one task may take. */
  maxTurns: number
  /** Run-wide token budget (input + output, cache reads included). 0 = no limit. */
  tokenBudget: number
  /** Run-wide cost limit in USD. 0 = no limit. */
  costLimitUsd: number
  /** Seconds one `run_command` may take. */
  commandTimeoutSeconds: number
  /** Tasks one plan may have; a plan with more goes back to the manager to merge tasks. */
  maxTasks: number
}

export interface Coordination {
  /** Re-plans and fix rounds the manager may do in one run. */
  maxIterations: number
  /** Merge finished task branches into the feature branch without waiting for a person. */
  autoMerge: boolean
}

export interface TeamConfig {
  /** Where the configuration came from: a repo path, or `(built-in)`. */
  source: string
  manager: RoleConfig
  /** Worker roles by name; the manager is not among them. */
  roles: Record<string, RoleConfig>
  /** Globs (repo-relative) agents may never write. `.git/` is always protected. */
  protectedPaths: string[]
  /** Allow agents to write under `.github/workflows/`. */
  allowWorkflowEdits: boolean
  /** Commands run on the feature branch after merges and at the end (the QA gate). */
  checks: string[]
  limits: Limits
  coordination: Coordination
  sandbox: SandboxSettings
}

/** `sandbox:`: what agents' commands get inside the OS sandbox besides their worktree. */
export interface SandboxSettings {
  /**
   * Commands run once per run, in the sandbox WITH network (and still no secrets), in the feature branch's
   * worktree before any task starts; their `node_modules` is shown read-only to every task. Default:
   * `npm ci` when the repository has a package-lock.json, else nothing.
   */
  setup: string[]
  /** Runner directories shown read-only (a toolchain outside /usr, e.g. `/opt/hostedtoolcache/Python`). */
  readOnlyPaths: string[]
  /** Variables every command gets (names that look secret are refused). */
  env: Record<string, string>
  /** RLIMIT_DATA per process, in MiB. */
  memoryMb: number
  /** RLIMIT_NPROC: processes and threads at once. */
  maxProcesses: number
}
