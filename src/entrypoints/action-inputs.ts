import { OVERRIDE_NAMES, readOverrides, type SettingOverrides } from '../config/overrides.js'
import { SANDBOX_MODES, type SandboxMode } from '../sandbox/sandbox.js'
import { AgentTeamError } from '../util/errors.js'
import { DEFAULT_TRIGGER_PHRASE } from '../trigger/parse-command.js'
import { getInput, setSecret } from './workflow-commands.js'

/**
 * Every action input, parsed once. The rest of the code never reads an input. Read through
 * workflow-commands.ts rather than @actions/core: the start reads them before it knows whether to load the
 * engine, and @actions/core would cost most of a skip's start-up.
 */
export interface ActionInputs {
  githubToken: string
  anthropicApiKey: string
  openaiApiKey: string
  label: string
  triggerPhrase: string
  allowedBots: string[]
  config: { path: string; explicit: boolean }
  feature?: string
  issue?: string
  /** `model` and `max_parallel`, checked; the configuration is resolved against them (config/settings.ts). */
  overrides: SettingOverrides
  mode: 'all' | 'plan'
  /** `plan`: a fresh run stops after posting its plan and waits for `/agents approve`. */
  approval: 'none' | 'plan'
  baseBranch?: string
  state: 'branch' | 'feature-branch'
  commitAuthor?: { name: string; email: string }
  timeoutMinutes: number
  /** Where agents' commands run: `auto` (bubblewrap, set up when possible, else fail closed), `bubblewrap`, `none`. */
  sandbox: SandboxMode
}

/**
 * The run's own deadline when `timeout_minutes` is not given: a little under GitHub's default job limit of
 * 360 minutes, so the run drains and records itself before the runner kills the job.
 */
export const DEFAULT_TIMEOUT_MINUTES = 340

const DEFAULT_CONFIG = '.ai-agents/config.yml'

export function readActionInputs(): ActionInputs {
  const githubToken = getInput('github_token')
  const anthropicApiKey = getInput('anthropic_api_key')
  const openaiApiKey = getInput('openai_api_key')
  // Registered before anything can log them: the runner masks these values in every later line.
  for (const secret of [githubToken, anthropicApiKey, openaiApiKey]) if (secret) setSecret(secret)

  const configInput = getInput('config')
  return {
    githubToken,
    anthropicApiKey,
    openaiApiKey,
    label: getInput('label') || 'agent-team',
    triggerPhrase: getInput('trigger_phrase') || DEFAULT_TRIGGER_PHRASE,
    allowedBots: splitList(getInput('allowed_bots')),
    config: {
      path: configInput || DEFAULT_CONFIG,
      explicit: configInput !== '' && configInput !== DEFAULT_CONFIG
    },
    feature: getInput('feature') || undefined,
    issue: getInput('issue') || undefined,
    overrides: readOverrides(
      { model: getInput('model'), maxParallel: getInput('max_parallel') },
      OVERRIDE_NAMES.action
    ),
    mode: oneOf('mode', ['all', 'plan'] as const, 'all'),
    approval: oneOf('approval', ['none', 'plan'] as const, 'none'),
    baseBranch: getInput('base_branch') || undefined,
    state: oneOf('state', ['branch', 'feature-branch'] as const, 'branch'),
    commitAuthor: parseAuthor(getInput('commit_author')),
    timeoutMinutes: positiveMinutes('timeout_minutes', DEFAULT_TIMEOUT_MINUTES),
    sandbox: oneOf('sandbox', SANDBOX_MODES, 'auto')
  }
}

/** Comma- or newline-separated list input. */
export function splitList(value: string): string[] {
  return value
    .split(/[,\n]/)
    .map(item => item.trim())
    .filter(Boolean)
}

/** Minutes, decimals allowed (`0.5` is 30 s); at most a week, the longest a self-hosted job may run. */
function positiveMinutes(name: string, fallback: number): number {
  const raw = getInput(name)
  if (raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0 || value > 7 * 24 * 60) {
    throw new AgentTeamError(
      `Input ${name} must be a number of minutes above 0 (e.g. 60), got "${raw}". Keep it below the job's timeout-minutes.`
    )
  }
  return value
}

function oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const raw = getInput(name)
  if (raw === '') return fallback
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new AgentTeamError(`Input ${name} must be one of ${allowed.join(', ')}, got "${raw}".`)
  }
  return raw as T
}

/** `Name <email>` → identity; empty → undefined (the default bot identity). */
export function parseAuthor(raw: string): { name: string; email: string } | undefined {
  if (raw.trim() === '') return undefined
  const match = /^\s*([^<>]+?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(raw)
  if (!match) {
    throw new AgentTeamError(`Input commit_author must look like "Name <email@example.com>", got "${raw}".`)
  }
  return { name: match[1]!, email: match[2]! }
}
