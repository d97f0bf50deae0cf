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
  mode: 'all' | 'plan' | 'task'
  /** Mode `task`: the task this job does and its run (passed on by the job that dispatched it). */
  task?: string
  runKey?: string
  /** How many runners may work on one run at once; 1 (the default) keeps the whole run in this job. */
  runners: number
  /** Minutes without a heartbeat after which a task's runner is taken for dead and the task dispatched again. */
  heartbeatTimeoutMinutes: number
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
  const mode = oneOf('mode', ['all', 'plan', 'task'] as const, 'all')
  const runners = wholeNumber('runners', 1, MAX_RUNNERS)
  const state = oneOf('state', ['branch', 'feature-branch'] as const, 'branch')
  checkScaleOut({ mode, runners, state, task: getInput('task'), runKey: getInput('run_key') })
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
    mode,
    task: getInput('task') || undefined,
    runKey: getInput('run_key') || undefined,
    runners,
    heartbeatTimeoutMinutes: positiveMinutes('heartbeat_timeout_minutes', DEFAULT_HEARTBEAT_TIMEOUT_MINUTES),
    approval: oneOf('approval', ['none', 'plan'] as const, 'none'),
    baseBranch: getInput('base_branch') || undefined,
    state,
    commitAuthor: parseAuthor(getInput('commit_author')),
    timeoutMinutes: positiveMinutes('timeout_minutes', DEFAULT_TIMEOUT_MINUTES),
    sandbox: oneOf('sandbox', SANDBOX_MODES, 'auto')
  }
}

/** A task's runner is taken for dead after this long without a heartbeat, unless heartbeat_timeout_minutes says. */
export const DEFAULT_HEARTBEAT_TIMEOUT_MINUTES = 20

/** GitHub runs at most 256 jobs of one matrix; one run's runners stay well below what a plan's width needs. */
const MAX_RUNNERS = 64

/** The scale-out's inputs agree with one another: a task job names its task and run; state is shared. */
function checkScaleOut(given: {
  mode: string
  runners: number
  state: string
  task: string
  runKey: string
}): void {
  if (given.mode === 'task' && (given.task === '' || given.runKey === '')) {
    throw new AgentTeamError(
      'mode: task needs the inputs task (e.g. T3) and run_key (e.g. issue-12); a workflow gets them from ' +
        'the workflow_dispatch inputs: task: ${{ inputs.task }}, run_key: ${{ inputs.run_key }}.'
    )
  }
  if ((given.mode === 'task' || given.runners > 1) && given.state === 'feature-branch') {
    throw new AgentTeamError(
      'state: feature-branch keeps the state on the feature branch, which several runners cannot share; ' +
        'use state: branch (the default) with runners above 1 or mode: task.'
    )
  }
}

/** A whole number input between 1 and `max`. */
function wholeNumber(name: string, fallback: number, max: number): number {
  const raw = getInput(name)
  if (raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new AgentTeamError(`Input ${name} must be a whole number from 1 to ${max}, got "${raw}".`)
  }
  return value
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
