import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { RunEvent } from '../ports/run-ports.js'
import { AgentTeamError } from '../util/errors.js'

/** The runner's own variables, read once by the start and handed to the engine. */
export interface RunnerEnv {
  event: RunEvent
  repo: { owner: string; repo: string }
  apiUrl: string
  workspace: string
  runUrl?: string
  runnerTemp?: string
  serverUrl: string
  retryBaseMs?: number
  throttle: boolean
  stopPollMs?: number
  /** This job, `<run id>-<attempt>`; undefined outside a workflow. */
  runnerId?: string
  /** The workflow file this job runs and the branch or tag it is on (GITHUB_WORKFLOW_REF). */
  workflow?: { file: string; ref: string }
}

/** Which event, which repository, where the API and the checkout are. */
export function readRunnerEnv(): RunnerEnv {
  const env = process.env
  const repository = env.GITHUB_REPOSITORY ?? ''
  const [owner, repo] = repository.split('/')
  if (!owner || !repo)
    throw new AgentTeamError('GITHUB_REPOSITORY is not set; run this action inside a GitHub workflow.')
  const eventPath = env.GITHUB_EVENT_PATH
  const payload: unknown = eventPath ? JSON.parse(readFileSync(eventPath, 'utf8')) : {}
  const serverUrl = env.GITHUB_SERVER_URL || 'https://github.com'
  return {
    event: { name: env.GITHUB_EVENT_NAME ?? '', payload },
    repo: { owner, repo },
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    serverUrl,
    runnerTemp: env.RUNNER_TEMP ? join(env.RUNNER_TEMP, 'agent-team-worktrees') : undefined,
    runUrl: env.GITHUB_RUN_ID ? `${serverUrl}/${repository}/actions/runs/${env.GITHUB_RUN_ID}` : undefined,
    // Tests shorten GitHub API back-off; on a runner the default applies.
    retryBaseMs: env.AGENT_TEAM_GITHUB_RETRY_BASE_MS
      ? Number(env.AGENT_TEAM_GITHUB_RETRY_BASE_MS)
      : undefined,
    throttle: env.AGENT_TEAM_GITHUB_THROTTLE !== 'off',
    // Tests look for /agents stop more often than a runner needs to.
    stopPollMs: env.AGENT_TEAM_STOP_POLL_MS ? Number(env.AGENT_TEAM_STOP_POLL_MS) : undefined,
    runnerId: env.GITHUB_RUN_ID ? `${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT || '1'}` : undefined,
    workflow: workflowOf(env.GITHUB_WORKFLOW_REF)
  }
}

/**
 * `octo/widgets/.github/workflows/agents.yml@refs/heads/main` → `{ file: 'agents.yml', ref: 'main' }`: the
 * workflow a runner of a scale-out dispatches again, on the branch or tag this job's file came from.
 */
export function workflowOf(workflowRef: string | undefined): { file: string; ref: string } | undefined {
  const match = /\/\.github\/workflows\/([^/@]+)@(.+)$/.exec(workflowRef ?? '')
  if (!match) return undefined
  return { file: match[1]!, ref: match[2]!.replace(/^refs\/(?:heads|tags)\//, '') }
}

/**
 * Tokens the runner itself puts in the step's environment: cache and artifact access, and OIDC. The action
 * never reads them, but an agent that found one could act as the job, so they are handed over for
 * redaction with the inputs' secrets.
 */
export function runnerTokens(): string[] {
  const env = process.env
  return [env.ACTIONS_RUNTIME_TOKEN, env.ACTIONS_ID_TOKEN_REQUEST_TOKEN].filter(
    (value): value is string => value !== undefined && value !== ''
  )
}
