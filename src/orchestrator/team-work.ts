import { composeRolePrompt } from '../config/compose-prompt.js'
import type { TeamConfig } from '../config/team-config.js'
import type { CommentRef, PullRef } from '../github/forge.js'
import type { Plan } from '../planning/plan.js'
import { createCoalescedComment, type CoalescedComment } from '../publish/coalesced-comment.js'
import { progressMarker } from '../github/markers.js'
import { renderProgress } from '../publish/progress.js'
import { publishPlan } from '../publish/publish-plan.js'
import { finishPull, openDraftPull } from '../publish/pull-request.js'
import { sandboxWarnings, type CommandSandbox } from '../sandbox/sandbox.js'
import type { FinishedStatus } from '../state/events.js'
import type { Feature } from '../trigger/request.js'
import { errorMessage } from '../util/errors.js'
import { DEFAULT_IDENTITY } from '../workspace/git-workspace.js'
import { Mutex } from '../workspace/mutex.js'
import { runTrailers } from '../workspace/trailers.js'
import type { CommitRequest, GitIdentity } from '../workspace/workspace.js'
import { createBudget, tokensOf } from './budget.js'
import { haltOf } from './halt.js'
import { runQualityGate } from './quality-gate.js'
import { scheduleWithReplans } from './replan-on-failure.js'
import type { RunKeeper } from '../state/run-keeper.js'
import type { RunPorts, RunSettings } from '../ports/run-ports.js'
import { runTask } from './run-task.js'
import { prepareDependencies } from './sandbox-setup.js'
import type { ScheduleResult } from './scheduler.js'
import type { TeamContext } from './team-context.js'

/**
 * The team builds the plan: a feature branch from the base whose first commit records the plan, a draft PR
 * with one live progress comment, every task on its own branch run by the task graph, merges into the
 * feature branch, the QA gate at the end, then the PR leaves draft when everything passed. Whatever
 * happens once the PR is open (a throw, a halt), the run ends recorded, labelled, and with the progress
 * comment showing its last state.
 */
export async function runTeamWork(input: {
  keeper: RunKeeper
  team: TeamConfig
  plan: Plan
  feature: Feature
  settings: RunSettings
  ports: RunPorts
  managerPrompt: string
  baseBranch: string
  planComment?: CommentRef
  /** Checked to work before the first model call (RunPorts.prepareSandbox). */
  sandbox: CommandSandbox
}): Promise<void> {
  const { keeper, team, plan, settings, ports } = input
  const featureBranch = keeper.state.run.feature_branch as string
  const issueNumber = keeper.state.run.issue_number
  const author = settings.author ?? DEFAULT_IDENTITY
  const workspace = await ports.openWorkspace()
  workspace.usePathRules(team)
  await workspace.prepareFeatureBranch(input.baseBranch, featureBranch)
  // GitHub refuses a pull request whose head has no commit its base lacks ("No commits between"), and
  // people should see the PR from the start: the branch's first commit records the plan, changing no file.
  if (!(await workspace.isAheadOf(featureBranch, input.baseBranch))) {
    await workspace.commitEmpty(featureBranch, planCommit(keeper.state.run.key, plan, input.feature, author))
  }
  if (settings.push) await workspace.push(featureBranch)

  const pull = await openDraftPull(ports, {
    head: featureBranch,
    base: input.baseBranch,
    feature: input.feature,
    plan,
    issueNumber,
    runKey: keeper.state.run.key
  })
  keeper.dispatch({
    type: 'pull_request_opened',
    number: pull.number,
    url: pull.htmlUrl,
    ...(pull.draftsUnsupported ? { draft: false } : {})
  })
  await publishPlan(keeper.state, settings, ports, input.planComment)

  const render = (): string => renderProgress(keeper.state, settings, ports, sandboxWarnings(input.sandbox))
  const owned = keeper.state.run.progress_comment
  const progress = createCoalescedComment({
    forge: ports.forge,
    issueNumber: pull.number,
    // A resumed run edits the comment its state names; only a run that lost its state looks for ours.
    existing: owned
      ? { id: owned.id, htmlUrl: owned.url }
      : ((await ports.forge.findComment(pull.number, progressMarker(pull.number))) ?? undefined),
    clock: ports.clock,
    logger: ports.logger,
    onCreated: ref =>
      keeper.dispatch({ type: 'comment_owned', kind: 'progress', id: ref.id, url: ref.htmlUrl })
  })
  keeper.onChange(() => progress.update(render()))
  progress.update(render())

  const prompts = new Map<string, Promise<string>>()
  const ctx: TeamContext = {
    team,
    plan,
    keeper,
    workspace,
    ports,
    // The budget is the whole run's, across resumes: what earlier runs and the planning spent counts.
    budget: createBudget(team.limits, {
      tokens: tokensOf(keeper.state.usage),
      costUsd: keeper.state.usage.cost_usd
    }),
    featureBranch,
    issueNumber,
    managerPrompt: input.managerPrompt,
    rolePrompt: name => {
      if (!prompts.has(name))
        prompts.set(name, composeRolePrompt(team.roles[name] ?? team.manager, settings.repoDir))
      return prompts.get(name) as Promise<string>
    },
    mergeLock: new Mutex(),
    commandEnv: settings.commandEnv,
    sandbox: input.sandbox,
    secrets: [...settings.secrets],
    author,
    push: settings.push,
    iterationsLeft: { count: team.coordination.maxIterations },
    signal: settings.signal
  }

  let status: FinishedStatus
  let error: string | undefined
  const dependencies = await prepareDependencies(ctx, await workspace.integrationWorktree(featureBranch))
  ctx.dependencies = dependencies.path
  try {
    // The task graph, revised by the manager when tasks fail (replan-on-failure.ts).
    const result = await scheduleWithReplans(ctx, {
      feature: input.feature,
      maxParallel: team.limits.maxParallel,
      runTask: task => runTask(ctx, task),
      shouldStop: () => settings.signal?.aborted === true
    })
    if (settings.signal?.aborted) {
      // Halted: running tasks go back to the queue with their work committed; a re-run picks them up.
      const halt = haltOf(settings.signal)
      keeper.dispatch({ type: 'run_interrupted', reason: halt.message, as: halt.status })
      await finish(input, pull, progress, render)
      return
    }
    const gate =
      result.merged.length > 0 && team.checks.length > 0
        ? await runQualityGate(ctx, await workspace.integrationWorktree(featureBranch))
        : { passed: true as const }
    ;({ status, error } = finalStatus(result, gate.passed ? undefined : gate.failure))
  } catch (failure) {
    status = 'failed'
    error = errorMessage(failure)
  } finally {
    await dependencies.dispose()
  }
  keeper.dispatch({ type: 'run_finished', status, ...(error ? { error } : {}) })
  await finish(input, pull, progress, render)
}

/** The end of every run that got a PR: the PR leaves draft when done, and both comments show the ending. */
async function finish(
  input: { keeper: RunKeeper; settings: RunSettings; ports: RunPorts; planComment?: CommentRef },
  pull: PullRef,
  progress: CoalescedComment,
  render: () => string
): Promise<void> {
  const { keeper, settings, ports } = input
  // A PR that cannot leave draft is logged by finishPull: the work is merged and pushed all the same.
  if (keeper.state.run.status === 'done') await finishPull(ports, pull)
  progress.update(render())
  await progress.flush()
  await publishPlan(keeper.state, settings, ports, input.planComment).catch(failure =>
    ports.logger.warning(`Could not update the plan comment: ${errorMessage(failure)}`)
  )
}

/** The feature branch's first commit: it changes no file and records what the team is about to build. */
function planCommit(key: string, plan: Plan, feature: Feature, author: GitIdentity): CommitRequest {
  const tasks = plan.tasks.map(task => `- ${task.id} (${task.role}): ${task.title}`).join('\n')
  return {
    message: `Plan: ${feature.title}\n\n${plan.summary}\n\n${tasks}`,
    author,
    trailers: runTrailers(key)
  }
}

/** The result holds the tasks of the plan's last version: tasks a revision dropped are not failures. */
function finalStatus(
  result: ScheduleResult,
  gateFailure: string | undefined
): { status: FinishedStatus; error?: string } {
  const total = result.merged.length + result.failed.length + result.blocked.length + result.notStarted.length
  if (result.merged.length === total && !gateFailure) return { status: 'done' }
  if (result.blocked.length > 0 && result.failed.length === 0) {
    return { status: 'waiting', error: `waiting for answers on ${result.blocked.join(', ')}` }
  }
  const problems = [
    result.failed.length ? `failed: ${result.failed.join(', ')}` : '',
    result.blocked.length ? `blocked: ${result.blocked.join(', ')}` : '',
    result.notStarted.length ? `not started: ${result.notStarted.join(', ')}` : '',
    gateFailure ? `checks failed on the feature branch` : ''
  ].filter(Boolean)
  return { status: result.merged.length > 0 ? 'partial' : 'failed', error: problems.join('; ') }
}
