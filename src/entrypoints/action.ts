import * as core from '@actions/core'
import { createOctokitForge } from '../github/octokit-forge.js'
import { renderJobSummary } from '../report/job-summary.js'
import { runTeam } from '../orchestrator/run.js'
import { readyMatrix } from '../orchestrator/scale-out.js'
import type { RunOutcome } from '../orchestrator/run-outcome.js'
import type { RunSettings } from '../ports/run-ports.js'
import { cloudAccessFrom, roleModels, type KeySource } from '../ports/role-models.js'
import { runViewOf } from '../report/view-of-state.js'
import { openGitWorkspace } from '../workspace/git-workspace.js'
import { removeCheckoutCredentials } from '../workspace/checkout-credentials.js'
import { pushCredentialsEnv } from '../workspace/push-credentials.js'
import { openBranchStateStore } from '../state/branch-state-store.js'
import { createFeatureBranchStateStore } from '../state/feature-branch-state-store.js'
import { systemClock } from '../util/clock.js'
import { errorMessage } from '../util/errors.js'
import type { Logger } from '../util/logger.js'
import type { ActionInputs } from './action-inputs.js'
import { runnerTokens, type RunnerEnv } from './runner-env.js'
import { scrubbedEnv, secretsToHandOver } from '../secrets/environment.js'
import type { SandboxSettings } from '../config/team-config.js'
import { prepareSandbox } from '../sandbox/prepare-sandbox.js'
import { sandboxWarnings, type CommandSandbox } from '../sandbox/sandbox.js'

/**
 * The engine's side of the action, loaded by action-start.ts once the event asks for a run: build the ports
 * from the inputs and the runner's variables the start read, run the team, and turn the outcome into
 * outputs, a job summary and an exit status. Any error ends here as one setFailed line.
 */
export async function run(start: { inputs: ActionInputs; runner: RunnerEnv }): Promise<void> {
  try {
    const { inputs, runner: env } = start
    // The secrets the core redacts, by value: the inputs read as secrets and the runner's own tokens, then
    // (a second line, see secretsToHandOver) whatever else the step's environment names like a credential.
    const known = [inputs.githubToken, inputs.anthropicApiKey, inputs.openaiApiKey, ...runnerTokens()]
    const secrets = secretsToHandOver(known, process.env)
    const commandEnv = scrubbedEnv(process.env, known)
    const logger = actionsLogger()
    // Before the first git command of a run (so before any agent): the credential actions/checkout stored
    // goes, and the engine's git commands (never the agents') authenticate with github_token alone.
    let prepared: Promise<NodeJS.ProcessEnv> | undefined
    const gitEnv = () =>
      (prepared ??= (async () => {
        const removed = await removeCheckoutCredentials(env.workspace, { logger })
        if (removed.length > 0) {
          logger.info(`Removed the credential actions/checkout stored: ${removed.join('; ')}`)
        }
        return pushCredentialsEnv(env.workspace, {
          token: inputs.githubToken,
          serverUrl: env.serverUrl,
          env: process.env
        })
      })())
    const openWorkspace = async () =>
      openGitWorkspace({ repoDir: env.workspace, worktreeRoot: env.runnerTemp, logger, env: await gitEnv() })
    let sandbox: CommandSandbox | undefined
    const modelFor = roleModels({
      access: {
        anthropic: { apiKey: inputs.anthropicApiKey, baseURL: process.env.ANTHROPIC_BASE_URL },
        openai: { apiKey: inputs.openaiApiKey, baseURL: process.env.OPENAI_BASE_URL }
      },
      keys: ACTION_KEYS,
      cloud: cloudAccessFrom(process.env),
      override: 'the model input',
      logger,
      // Tests shorten the model API back-off; on a runner the default applies.
      retryBaseMs: process.env.AGENT_TEAM_MODEL_RETRY_BASE_MS
        ? Number(process.env.AGENT_TEAM_MODEL_RETRY_BASE_MS)
        : undefined
    })
    const ports = {
      // auto: bubblewrap, installed and allowed by AppArmor here if root or sudo can; else fail closed.
      prepareSandbox: async (settings: SandboxSettings) =>
        (sandbox = await prepareSandbox({
          mode: inputs.sandbox,
          onUnavailable: 'fail',
          setUpHost: true,
          env: process.env,
          repoDir: env.workspace,
          readOnlyPaths: settings.readOnlyPaths,
          unsandboxedEnv: commandEnv,
          logger
        })),
      forge: createOctokitForge({
        token: inputs.githubToken,
        repo: env.repo,
        baseUrl: env.apiUrl,
        logger,
        retryBaseMs: env.retryBaseMs,
        throttle: env.throttle
      }),
      modelFor,
      openWorkspace,
      openStateStore: async (run: { featureBranch: string; baseBranch: string }) => {
        if (inputs.state === 'branch')
          return openBranchStateStore({ repoDir: env.workspace, logger, env: await gitEnv() })
        // The classic layout lives on the feature branch, so the branch must exist before the first load.
        const workspace = await openWorkspace()
        await workspace.prepareFeatureBranch(run.baseBranch, run.featureBranch)
        return createFeatureBranchStateStore({
          featureBranch: run.featureBranch,
          worktreeFor: branch => workspace.integrationWorktree(branch),
          push: branch => workspace.push(branch),
          logger
        })
      },
      clock: systemClock,
      logger
    }
    const settings = { ...settingsFrom(inputs, env), secrets, commandEnv, signal: cancellation() }
    const outcome = await runTeam(env.event, settings, ports)
    await report(outcome, env.runUrl, sandbox ? sandboxWarnings(sandbox) : [])
  } catch (error) {
    // Every way out sets `status`, so a later step can always branch on it.
    core.setOutput('status', 'failed')
    core.setFailed(errorMessage(error))
  }
}

function settingsFrom(inputs: ActionInputs, env: RunnerEnv): Omit<RunSettings, 'secrets' | 'commandEnv'> {
  return {
    mode: inputs.mode,
    approval: inputs.approval,
    author: inputs.commitAuthor,
    baseBranch: inputs.baseBranch,
    push: true,
    repoDir: env.workspace,
    config: inputs.config,
    label: inputs.label,
    triggerPhrase: inputs.triggerPhrase,
    allowedBots: inputs.allowedBots,
    dispatch: { feature: inputs.feature, issue: inputs.issue },
    runUrl: env.runUrl,
    overrides: inputs.overrides,
    timeoutMinutes: inputs.timeoutMinutes,
    stopPollMs: env.stopPollMs,
    ...(inputs.mode === 'task' || inputs.runners > 1
      ? {
          scaleOut: {
            runners: inputs.runners,
            runner: {
              id: env.runnerId ?? `local-${process.pid}`,
              ...(env.runUrl ? { url: env.runUrl } : {})
            },
            workflow: env.workflow,
            task: inputs.task,
            runKey: inputs.runKey,
            staleAfterMs: inputs.heartbeatTimeoutMinutes * 60_000
          }
        }
      : {})
  }
}

async function report(outcome: RunOutcome, runUrl: string | undefined, warnings: string[]): Promise<void> {
  switch (outcome.status) {
    case 'skipped':
      core.setOutput('status', 'skipped')
      // The reason says it was skipped (`skipped: <why>`).
      core.notice(outcome.reason)
      return
    case 'replied':
      core.setOutput('status', 'replied')
      core.notice(`replied: ${outcome.reason}`)
      return
    case 'refused':
      core.setOutput('status', 'refused')
      core.warning(`refused: ${outcome.reason}`)
      await core.summary.addHeading('agent-team: run refused', 3).addRaw(outcome.reason, true).write()
      return
    case 'ran': {
      const { state } = outcome
      const usage = state.usage
      core.setOutput('status', state.run.status)
      core.setOutput('run_key', state.run.key)
      // The tasks that can start now, for a workflow that fans out with a matrix of its own.
      core.setOutput('matrix', readyMatrix(state))
      // Tasks a revision dropped are history, not part of the plan.
      core.setOutput('tasks_total', state.tasks.filter(t => t.state !== 'dropped').length)
      core.setOutput('tasks_done', state.tasks.filter(t => t.state === 'done').length)
      core.setOutput('tasks_failed', state.tasks.filter(t => t.state === 'failed').length)
      core.setOutput('input_tokens', usage.input_tokens)
      core.setOutput('output_tokens', usage.output_tokens)
      core.setOutput('cache_read_tokens', usage.cache_read_input_tokens)
      core.setOutput('cost_usd', usage.cost_usd.toFixed(4))
      if (state.run.feature_branch) core.setOutput('branch', state.run.feature_branch)
      if (state.run.pull_request) core.setOutput('pull_request', state.run.pull_request.number)
      if (outcome.planCommentUrl) core.setOutput('comment_url', outcome.planCommentUrl)
      const view = runViewOf(state, { now: Date.now(), runUrl, marker: '', warnings })
      await core.summary.addRaw(renderJobSummary(view), true).write()
      if (state.run.status === 'failed') core.setFailed(state.run.stop_reason ?? 'The run failed.')
      if (state.run.status === 'stopped') core.notice(`The run was ${state.run.stop_reason ?? 'stopped'}.`)
      if (state.run.status === 'interrupted') {
        core.setFailed(
          `The run was interrupted (${state.run.stop_reason ?? 'cancelled'}); run it again to resume.`
        )
      }
    }
  }
}

/** How long a cancelled run may take to drain before it exits anyway; the runner kills it soon after. */
const DRAIN_MS = 9_000

/**
 * The runner sends SIGTERM (or SIGINT) when a job is cancelled or times out, and kills the process a few
 * seconds later. The signal aborts the run so it can commit its work in progress and record the
 * interruption; a timer makes sure the process is gone before the runner's own kill.
 */
function cancellation(): AbortSignal {
  const controller = new AbortController()
  const onSignal = (name: NodeJS.Signals): void => {
    if (controller.signal.aborted) return
    core.warning(
      `Received ${name}: stopping, committing work in progress and recording the run as interrupted.`
    )
    controller.abort(new Error(`the run was cancelled (${name})`))
    setTimeout(() => {
      core.error('The run did not drain in time; exiting.')
      process.exit(1)
    }, DRAIN_MS).unref()
  }
  process.once('SIGTERM', onSignal)
  process.once('SIGINT', onSignal)
  return controller.signal
}

/** Where a workflow gives each provider its key. */
const ACTION_KEYS: Record<'anthropic' | 'openai', KeySource> = {
  anthropic: {
    name: 'input anthropic_api_key',
    howTo:
      'Add a repository secret ANTHROPIC_API_KEY and pass it: `anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}`.'
  },
  openai: {
    name: 'input openai_api_key',
    howTo:
      'Add a repository secret OPENAI_API_KEY and pass it: `openai_api_key: ${{ secrets.OPENAI_API_KEY }}`.'
  }
}

function actionsLogger(): Logger {
  return {
    info: message => core.info(message),
    warning: message => core.warning(message),
    error: message => core.error(message),
    debug: message => core.debug(message)
  }
}
