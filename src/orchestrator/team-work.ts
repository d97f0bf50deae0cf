import { scrubbedEnv, secretValues } from '../agents/scrub-env.js'
import { composeRolePrompt } from '../config/compose-prompt.js'
import type { TeamConfig } from '../config/team-config.js'
import type { CommentRef } from '../github/forge.js'
import type { Plan } from '../planning/plan.js'
import { renderProgressComment } from '../report/progress-comment.js'
import type { FinishedStatus } from '../state/events.js'
import { runViewOf } from '../state/view.js'
import type { Feature } from '../trigger/request.js'
import { errorMessage } from '../util/errors.js'
import { Mutex } from '../workspace/mutex.js'
import { DEFAULT_IDENTITY } from '../workspace/git-workspace.js'
import { createBudget } from './budget.js'
import { createCoalescedComment } from './coalesced-comment.js'
import { openDraftPull } from './pull-request.js'
import { publishPlan } from './publish-plan.js'
import { runQualityGate } from './quality-gate.js'
import type { RunKeeper } from './run-keeper.js'
import type { RunPorts, RunSettings } from './run-ports.js'
import { runTask } from './run-task.js'
import { runSchedule, type ScheduleResult } from './scheduler.js'
import type { TeamContext } from './team-context.js'

export const LABELS = { working: 'agent-team:working', done: 'agent-team:done', failed: 'agent-team:failed' }

/**
 * The team builds the plan: a feature branch from the base, a draft PR with one live progress comment,
 * every task on its own branch run by the task graph, merges into the feature branch, the QA gate at the
 * end, then the PR leaves draft when everything passed. The progress comment always shows the last state.
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
}): Promise<void> {
  const { keeper, team, plan, settings, ports } = input
  const featureBranch = keeper.state.run.feature_branch as string
  const issueNumber = keeper.state.run.issue_number
  const workspace = await ports.openWorkspace()
  workspace.usePathRules(team)
  await workspace.prepareFeatureBranch(input.baseBranch, featureBranch)
  if (settings.push) await workspace.push(featureBranch)

  const pull = await openDraftPull(ports, {
    head: featureBranch,
    base: input.baseBranch,
    feature: input.feature,
    plan,
    issueNumber
  })
  keeper.dispatch({ type: 'pull_request_opened', number: pull.number, url: pull.htmlUrl })
  await publishPlan(keeper.state, settings, ports, input.planComment)
  if (issueNumber !== undefined) await setLabel(ports, issueNumber, LABELS.working)

  const marker = `<!-- agent-team:progress pr=${pull.number} -->`
  const render = (): string =>
    renderProgressComment(
      runViewOf(keeper.state, { now: ports.clock.now(), runUrl: settings.runUrl, marker })
    )
  const progress = createCoalescedComment({
    forge: ports.forge,
    issueNumber: pull.number,
    existing: (await ports.forge.findComment(pull.number, marker)) ?? undefined,
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
    budget: createBudget(team.limits, { tokens: 0, costUsd: keeper.state.usage.cost_usd }),
    featureBranch,
    issueNumber,
    managerPrompt: input.managerPrompt,
    rolePrompt: name => {
      if (!prompts.has(name))
        prompts.set(name, composeRolePrompt(team.roles[name] ?? team.manager, settings.repoDir))
      return prompts.get(name) as Promise<string>
    },
    mergeLock: new Mutex(),
    commandEnv: scrubbedEnv(settings.env),
    secrets: secretValues(settings.env),
    author: settings.author ?? DEFAULT_IDENTITY,
    push: settings.push,
    iterationsLeft: { count: team.coordination.maxIterations },
    signal: settings.signal
  }

  let status: FinishedStatus
  let error: string | undefined
  try {
    const result = await runSchedule({
      tasks: plan.tasks,
      maxParallel: settings.maxParallel ?? team.limits.maxParallel,
      alreadyMerged: keeper.state.tasks.filter(t => t.merge_sha !== undefined).map(t => t.id),
      runTask: task => runTask(ctx, task),
      shouldStop: () => settings.signal?.aborted === true
    })
    if (settings.signal?.aborted) {
      // Cancelled: running tasks go back to the queue with their work committed; a re-run picks them up.
      keeper.dispatch({ type: 'run_interrupted', reason: interruptionReason(settings.signal) })
      progress.update(render())
      await progress.flush()
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
  }
  keeper.dispatch({ type: 'run_finished', status, ...(error ? { error } : {}) })

  if (status === 'done') await ports.forge.markReadyForReview(pull)
  if (issueNumber !== undefined) {
    await ports.forge.removeLabel(issueNumber, LABELS.working).catch(() => undefined)
    if (status === 'done' || status === 'failed' || status === 'partial') {
      await setLabel(ports, issueNumber, status === 'done' ? LABELS.done : LABELS.failed)
    }
  }
  progress.update(render())
  await progress.flush()
  await publishPlan(keeper.state, settings, ports, input.planComment)
}

function interruptionReason(signal: AbortSignal): string {
  return signal.reason instanceof Error
    ? signal.reason.message
    : String(signal.reason ?? 'the run was cancelled')
}

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

async function setLabel(ports: RunPorts, issueNumber: number, label: string): Promise<void> {
  await ports.forge
    .addLabels(issueNumber, [label])
    .catch(error => ports.logger.warning(`Could not label #${issueNumber}: ${errorMessage(error)}`))
}
