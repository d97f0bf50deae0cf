import type { Coordination, Limits, RoleModel, SandboxSettings } from './team-config.js'

/** Where the team configuration lives when the `config` input is not set. */
export const DEFAULT_CONFIG_PATH = '.ai-agents/config.yml'

/** The orchestration settings file that the classic layout keeps beside the YAML. */
export const ORCHESTRATOR_JSON_NAME = 'orchestrator-config.json'

/** `source` of a team that no file configured. */
export const BUILT_IN_SOURCE = '(built-in)'

/**
 * Limits when the files set none:
 * - `max_parallel` 3 tasks at once: enough for a typical backend / frontend / QA split on one runner;
 * - `max_turns` 40 model turns per task;
 * - `token_budget` 0, no token limit: the cost limit already guards spend, and a token count that includes
 *   cheap cache reads says little about money;
 * - `cost_limit_usd` 5 per run;
 * - `command_timeout_seconds` 300 per `run_command`;
 * - `max_tasks` 50 per plan: more is usually a manager splitting too finely, each task costs a session, a
 *   branch and a merge, and the plan tool tells the model this number. A repository with a feature that
 *   needs more raises it, up to MAX_TASKS_LIMIT.
 */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxParallel: 3,
  maxTurns: 40,
  tokenBudget: 0,
  costLimitUsd: 5,
  commandTimeoutSeconds: 300,
  maxTasks: 50
})

/**
 * The largest `limits.max_tasks`: the scale the engine is measured at (state commits that grow linearly, a
 * progress comment under GitHub's size limit, memory). Beyond it nothing is known to hold.
 */
export const MAX_TASKS_LIMIT = 200

/** Coordination when the files set none: 3 re-plan or fix rounds, and finished tasks merge without waiting. */
export const DEFAULT_COORDINATION: Readonly<Coordination> = Object.freeze({
  maxIterations: 3,
  autoMerge: true
})

/** The model of every role that names none. */
export const DEFAULT_MODEL: Readonly<RoleModel> = Object.freeze({
  provider: 'anthropic',
  modelName: 'claude-sonnet-4-6'
})

/** Output tokens per model call when a role sets no `max_tokens`. */
export const DEFAULT_MAX_TOKENS = 8192

/**
 * Sandbox limits when the file sets none: 4 GiB of data per process (a big test suite's heap fits; a runaway
 * allocation stops there instead of taking the runner down) and 1024 processes and threads (room for a test
 * runner's workers, not for a fork bomb).
 */
export const DEFAULT_SANDBOX_LIMITS: Readonly<Pick<SandboxSettings, 'memoryMb' | 'maxProcesses'>> =
  Object.freeze({
    memoryMb: 4096,
    maxProcesses: 1024
  })
