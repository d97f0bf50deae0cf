import * as core from '@actions/core'
import { maxParallelRefusal, parseMaxParallel } from '../config/max-parallel.js'
import { SANDBOX_MODES, type SandboxMode } from '../sandbox/sandbox.js'
import { AgentTeamError } from '../util/errors.js'
import { DEFAULT_TRIGGER_PHRASE } from '../trigger/parse-command.js'

/** Every action input, parsed once. The rest of the code never calls core.getInput. */
export interface ActionInputs {
  githubToken: string
  anthropicApiKey: string
  label: string
  triggerPhrase: string
  allowedBots: string[]
  config: { path: string; explicit: boolean }
  feature?: string
  issue?: string
  model?: string
  maxParallel?: number
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
  const githubToken = core.getInput('github_token')
  const anthropicApiKey = core.getInput('anthropic_api_key')
  // Registered before anything can log them: the runner masks these values in every later line.
  for (const secret of [githubToken, anthropicApiKey]) if (secret) core.setSecret(secret)

  const configInput = core.getInput('config')
  return {
    githubToken,
    anthropicApiKey,
    label: core.getInput('label') || 'agent-team',
    triggerPhrase: core.getInput('trigger_phrase') || DEFAULT_TRIGGER_PHRASE,
    allowedBots: splitList(core.getInput('allowed_bots')),
    config: {
      path: configInput || DEFAULT_CONFIG,
      explicit: configInput !== '' && configInput !== DEFAULT_CONFIG
    },
    feature: core.getInput('feature') || undefined,
    issue: core.getInput('issue') || undefined,
    model: core.getInput('model') || undefined,
    maxParallel: maxParallel(),
    mode: oneOf('mode', ['all', 'plan'] as const, 'all'),
    approval: oneOf('approval', ['none', 'plan'] as const, 'none'),
    baseBranch: core.getInput('base_branch') || undefined,
    state: oneOf('state', ['branch', 'feature-branch'] as const, 'branch'),
    commitAuthor: parseAuthor(core.getInput('commit_author')),
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

function maxParallel(): number | undefined {
  const raw = core.getInput('max_parallel')
  if (raw === '') return undefined
  const value = parseMaxParallel(raw)
  if (value === undefined) throw new AgentTeamError(maxParallelRefusal('Input max_parallel', raw))
  return value
}

/** Minutes, decimals allowed (`0.5` is 30 s); at most a week, the longest a self-hosted job may run. */
function positiveMinutes(name: string, fallback: number): number {
  const raw = core.getInput(name)
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
  const raw = core.getInput(name)
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
  return { name: match[1], email: match[2] }
}
