import { userInfo } from 'node:os'
import { basename, isAbsolute, join, relative, resolve } from 'node:path'
import { chooseModels } from '../cli/cli-models.js'
import { readCommittedRuns } from '../cli/committed-runs.js'
import { createLiveProgress, type LiveProgress, type Output } from '../cli/live-progress.js'
import {
  assertCleanWorkTree,
  currentBranch,
  localForgeDir,
  openLocalRepo,
  type LocalRepo
} from '../cli/local-repo.js'
import { parseArgs, USAGE, UsageError, type RunCommand, type StatusCommand } from '../cli/parse-args.js'
import { DEFAULT_CONFIG_PATH } from '../config/defaults.js'
import { createLocalForge, LOCAL_FILES, type LocalForge } from '../github/local-forge.js'
import type { RunOutcome } from '../orchestrator/run-outcome.js'
import { runTeam } from '../orchestrator/run.js'
import type { RunPorts, RunSettings } from '../ports/run-ports.js'
import { renderMermaid } from '../report/mermaid.js'
import { renderPlanComment } from '../report/plan-comment.js'
import { renderTerminalView } from '../report/terminal-view.js'
import { openBranchStateStore } from '../state/branch-state-store.js'
import type { RunState } from '../state/run-state.js'
import { runViewOf } from '../report/view-of-state.js'
import { systemClock } from '../util/clock.js'
import { errorMessage } from '../util/errors.js'
import type { Logger } from '../util/logger.js'
import { openGitWorkspace } from '../workspace/git-workspace.js'
import { scrubbedEnv, secretsToHandOver } from '../secrets/environment.js'
import { prepareSandbox } from '../sandbox/prepare-sandbox.js'
import type { Workspace } from '../workspace/workspace.js'
import { DEFAULT_TRIGGER_PHRASE } from '../trigger/parse-command.js'

// Git refuses a remote name with a space, so no repository has this one: the store then commits locally only.
const NO_REMOTE = 'no remote'

/** What the CLI reads and writes: the process's streams and environment, or a test's. */
export interface CliIo {
  /** Results: the plan, the final summary, the status. */
  stdout: Output
  /** Progress and log lines, live on a TTY. */
  stderr: Output
  env: NodeJS.ProcessEnv
  cwd: string
}

/** The process's own streams, environment and directory. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }
}

/**
 * The `agent-team` command: parse the arguments, build the local ports (a forge that writes Markdown
 * under `.git/agent-team/`, git, the chosen models, the terminal) and hand them to the same runTeam the
 * action uses. Resolves to the exit code: 0 when the run did what was asked, 1 when it did not or could
 * not start, 2 for a command line that cannot be run as typed. Every error ends here as one message.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    const command = parseArgs(argv)
    switch (command.command) {
      case 'help':
        io.stdout.write(USAGE)
        return 0
      case 'status':
        return await status(command, io)
      default:
        return await run(command, io)
    }
  } catch (error) {
    io.stderr.write(`agent-team: ${errorMessage(error)}\n`)
    if (io.env.AGENT_TEAM_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`)
    return error instanceof UsageError ? 2 : 1
  }
}

async function run(command: RunCommand, io: CliIo): Promise<number> {
  const { env } = io
  // Checks in the order a person fixes them, each before anything is spent or written.
  const repo = await openLocalRepo(resolve(io.cwd, command.repo ?? '.'), env)
  const progress = createLiveProgress({ out: io.stderr, clock: systemClock })
  const logger = terminalLogger(progress, env)
  // The secrets the CLI reads, by value, then (a second line) whatever the shell names like a credential.
  const known = [env.ANTHROPIC_API_KEY?.trim(), env.OPENAI_API_KEY?.trim()]
  const secrets = secretsToHandOver(known, env)
  const commandEnv = scrubbedEnv(env, known)
  const models = await chooseModels({
    model: command.model,
    record: command.record,
    secrets,
    env,
    cwd: io.cwd,
    logger
  })
  if (command.command === 'run' && !command.allowDirty) await assertCleanWorkTree(repo, env)
  const branch = await currentBranch(repo, env)
  const forge = createLocalForge({
    dir: localForgeDir(repo),
    repo: { owner: 'local', repo: basename(repo.topLevel) },
    defaultBranch: branch
  })

  const settings: RunSettings = {
    repoDir: repo.topLevel,
    config: configOption(command.config, repo, io.cwd),
    label: 'agent-team',
    triggerPhrase: DEFAULT_TRIGGER_PHRASE,
    allowedBots: [],
    dispatch: {},
    overrides: { model: models.modelOverride, maxParallel: command.maxParallel },
    mode: command.command === 'plan' ? 'plan' : 'all',
    push: command.push,
    secrets,
    commandEnv
  }
  let workspace: Workspace | undefined
  const ports: RunPorts = {
    forge,
    modelFor: models.modelFor,
    openWorkspace: async () =>
      (workspace = await openGitWorkspace({
        repoDir: repo.topLevel,
        // The environment the CLI was given decides, not this process's: tests run it in-process.
        worktreeRoot: env.TMPDIR ? join(env.TMPDIR, 'agent-team-worktrees') : undefined,
        localOnly: !command.push,
        logger,
        env
      })),
    // The state branch, like the team's branches, stays in this repository unless --push.
    openStateStore: () =>
      openBranchStateStore({
        repoDir: repo.topLevel,
        remote: command.push ? 'origin' : NO_REMOTE,
        logger,
        env
      }),
    // On a developer's machine `auto` never installs anything: it uses bubblewrap when it works, else
    // says loudly that commands run unsandboxed. `--sandbox bubblewrap` fails instead.
    prepareSandbox: sandbox =>
      prepareSandbox({
        mode: command.sandbox,
        onUnavailable: 'fall-back',
        setUpHost: false,
        env,
        repoDir: repo.topLevel,
        readOnlyPaths: sandbox.readOnlyPaths,
        unsandboxedEnv: commandEnv,
        logger
      }),
    clock: systemClock,
    logger,
    onStateChange: state => progress.update(state)
  }
  logger.info(`${command.command === 'plan' ? 'Planning' : 'Building'} on ${branch} in ${repo.topLevel}`)
  logger.info(`Model: ${models.source}`)

  let outcome: RunOutcome
  try {
    // A CLI event, not a webhook: the classifier's `cli` path reads the feature and the local user.
    const event = { name: 'cli', payload: { feature: command.feature, actor: localUser(env) } }
    outcome = await runTeam(event, settings, ports)
  } finally {
    progress.stop()
    await models.close()
  }
  if (workspace && outcome.status === 'ran') await releaseFeatureBranch(workspace, outcome.state, logger)
  return report(command, outcome, forge, io)
}

/**
 * Removes the worktree the team merged in. On a runner it goes with the machine; here it would keep the
 * feature branch checked out in a temporary folder, and `git switch` to it would be refused.
 */
async function releaseFeatureBranch(workspace: Workspace, state: RunState, logger: Logger): Promise<void> {
  const branch = state.run.feature_branch
  if (!branch) return
  try {
    // A run whose plan failed has removed its new branch and checkout already (early-checkout.ts).
    const exists = await workspace.currentSha(`refs/heads/${branch}`).then(
      () => true,
      () => false
    )
    if (!exists) return
    await workspace.removeWorktree(await workspace.integrationWorktree(branch))
  } catch (error) {
    logger.warning(`Could not remove the merge worktree of ${branch}: ${errorMessage(error)}`)
  }
}

/** Prints the result on stdout and picks the exit code. */
async function report(
  command: RunCommand,
  outcome: RunOutcome,
  forge: LocalForge,
  io: CliIo
): Promise<number> {
  if (outcome.status !== 'ran') {
    // A skip's reason already starts with `skipped:`.
    const reason = outcome.status === 'skipped' ? outcome.reason : `${outcome.status}: ${outcome.reason}`
    io.stderr.write(`agent-team: ${reason}\n`)
    return 1
  }
  const { state } = outcome
  const view = runViewOf(state, { now: Date.now(), marker: '' })
  const plan = renderPlanComment(view)
  const planPath = await forge.writeDocument(LOCAL_FILES.plan, plan)
  if (command.command === 'plan') {
    io.stdout.write(`${plan}\n`)
    // The comment drops its graph when it must fit GitHub's limit; the terminal has no such limit.
    if (view.tasks.length > 0 && !plan.includes('```mermaid'))
      io.stdout.write(`\n${renderMermaid(view.tasks)}\n`)
    io.stdout.write(`\nThe plan is also in ${planPath}\n`)
    return state.run.status === 'planned' ? 0 : 1
  }
  // On one terminal the live list already shows the final state; a redirected stdout still gets it.
  const shown = io.stdout.isTTY === true && io.stderr.isTTY === true
  io.stdout.write(`${summaryOf(state, forge, command.push, !shown).join('\n')}\n`)
  return state.run.status === 'done' ? 0 : 1
}

function summaryOf(state: RunState, forge: LocalForge, pushed: boolean, withTasks: boolean): string[] {
  const lines = withTasks
    ? [...renderTerminalView(runViewOf(state, { now: Date.now(), marker: '' })), '']
    : []
  const branch = state.run.feature_branch
  if (branch && state.tasks.some(task => task.merge_sha !== undefined)) {
    lines.push(`Feature branch: ${branch}${pushed ? ' (pushed)' : ' (local; --push to publish it)'}`)
  }
  if (state.run.pull_request) lines.push(`Pull request: ${resolve(forge.dir, LOCAL_FILES.pullRequest)}`)
  if (state.run.stop_reason) lines.push(`Stopped: ${state.run.stop_reason}`)
  return lines
}

async function status(command: StatusCommand, io: CliIo): Promise<number> {
  const repo = await openLocalRepo(resolve(io.cwd, command.repo ?? '.'), io.env)
  const logger = terminalLogger(createLiveProgress({ out: io.stderr, clock: systemClock }), io.env)
  const { runs, problems } = await readCommittedRuns(repo, io.env, logger)
  for (const problem of problems) io.stderr.write(`agent-team: ${problem}\n`)
  if (runs.length === 0 && problems.length === 0) {
    io.stdout.write('no runs yet\n')
    return 0
  }
  for (const state of runs) {
    const facts = [
      `run ${state.run.key}`,
      state.run.feature_branch,
      state.run.updated_at && `updated ${state.run.updated_at}`
    ].filter(Boolean)
    const view = runViewOf(state, { now: Date.now(), marker: '' })
    io.stdout.write(`${[facts.join(' · '), ...renderTerminalView(view)].join('\n')}\n\n`)
  }
  return problems.length === 0 ? 0 : 1
}

/** `--config` as the config loader takes it: relative to the repository, and explicit when given. */
function configOption(file: string | undefined, repo: LocalRepo, cwd: string): RunSettings['config'] {
  if (file === undefined) return { path: DEFAULT_CONFIG_PATH, explicit: false }
  const inRepo = relative(repo.topLevel, resolve(cwd, file))
  // Outside the repository stays as given: the loader refuses it with its own message.
  return { path: inRepo.startsWith('..') || isAbsolute(inRepo) ? file : inRepo, explicit: true }
}

/** The person at the terminal, as the run records its actor. */
function localUser(env: NodeJS.ProcessEnv): string {
  try {
    return userInfo().username || env.USER || 'local'
  } catch {
    return env.USER || env.USERNAME || 'local'
  }
}

function terminalLogger(progress: LiveProgress, env: NodeJS.ProcessEnv): Logger {
  return {
    info: message => progress.log(message),
    warning: message => progress.log(`warning: ${message}`),
    error: message => progress.log(`error: ${message}`),
    debug: message => {
      if (env.AGENT_TEAM_DEBUG) progress.log(`debug: ${message}`)
    }
  }
}
