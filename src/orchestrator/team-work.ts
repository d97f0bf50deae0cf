import type { TeamConfig } from '../config/team-config.js'
import type { CommentRef, PullRef } from '../github/forge.js'
import type { Plan } from '../planning/plan.js'
import { createCoalescedComment, type CoalescedComment } from '../publish/coalesced-comment.js'
import { progressMarker } from '../github/markers.js'
import { progressWeightOf, renderProgress } from '../publish/progress.js'
import { publishPlan } from '../publish/publish-plan.js'
import { finishPull, openDraftPull } from '../publish/pull-request.js'
import { sandboxWarnings, type CommandSandbox } from '../sandbox/sandbox.js'
import type { FinishedStatus } from '../state/events.js'
import type { Feature } from '../trigger/request.js'
import { errorMessage } from '../util/errors.js'
import { DEFAULT_IDENTITY } from '../workspace/git-workspace.js'
import { runTrailers } from '../workspace/trailers.js'
import type { CommitRequest, GitIdentity, Workspace } from '../workspace/workspace.js'
import { haltOf } from './halt.js'
import { runQualityGate } from './quality-gate.js'
import { scheduleWithReplans } from './replan-on-failure.js'
import type { RunKeeper } from '../state/run-keeper.js'
import type { RunPorts, RunSettings } from '../ports/run-ports.js'
import { runTask } from './run-task.js'
import { askFirstRepliesAhead } from './ask-ahead.js'
import { prepareDependencies, type PreparedDependencies } from './sandbox-setup.js'
import type { EarlyCheckout } from './early-checkout.js'
import type { ScheduleResult } from './scheduler.js'
import { createTeamContext, type TeamContext } from './team-context.js'

/** What runTeamWork is handed by the run. */
export interface TeamWorkInput {
  keeper: RunKeeper
  team: TeamConfig
  plan: Plan
  feature: Feature
  settings: RunSettings
  ports: RunPorts
  managerPrompt: string
  baseBranch: string
  /** The plan comment, being posted alongside: publishing the start waits for it, the work does not. */
  planComment: Promise<CommentRef | undefined>
  /** Checked to work before the first model call (RunPorts.prepareSandbox). */
  sandbox: CommandSandbox
  /** The feature branch's checkout and dependencies, made while the manager planned (early-checkout.ts). */
  early?: Promise<EarlyCheckout>
}

/** The PR of the run and its one live progress comment. */
export interface Publication {
  pull: PullRef
  progress: CoalescedComment
  render(): string
}

/**
 * The team builds the plan: a feature branch from the base whose first commit records the plan, a draft PR
 * with one live progress comment, every task on its own branch run by the task graph, merges into the
 * feature branch, the QA gate at the end, then the PR leaves draft when everything passed. Whatever
 * happens once the PR is open (a throw, a halt), the run ends recorded, labelled, and with the progress
 * comment showing its last state.
 */
export async function runTeamWork(input: TeamWorkInput): Promise<void> {
  const { keeper, settings } = input
  const author = settings.author ?? DEFAULT_IDENTITY
  const early = await input.early
  const workspace = early?.workspace ?? (await openFeatureWorkspace(input))
  // GitHub's writes (the PR, the plan comment, the progress comment) go alongside the work, not before it:
  // the first agents start while they are sent. A publication that fails stops the work: a run nobody can
  // see or review must not go on spending.
  const publishFailed = new AbortController()
  const signal = settings.signal
    ? AbortSignal.any([settings.signal, publishFailed.signal])
    : publishFailed.signal
  const ctx = createTeamContext({ ...input, settings: { ...settings, signal }, workspace, author })
  let publishing: Promise<Publication>
  try {
    if (early) {
      // The checkout exists already: the first tasks' replies are asked for now, while the plan is committed.
      ctx.featureCheckout = early.checkout
      void askFirstRepliesAhead(ctx)
    }
    await addPlanCommit(input, workspace, author)
    publishing = publishStart(input, workspace)
    publishing.catch(error => publishFailed.abort(error))
  } catch (error) {
    ctx.repliesAhead?.close()
    await early?.dependencies.then(made => made.dispose()).catch(() => undefined)
    throw error
  }
  const ending = await buildPlan(ctx, input.feature, early?.dependencies)
  try {
    // Throws what stopped the publication: the run then ends failed with it (runTeam's endAfterThrow).
    const publication = await publishing
    if (ending === 'halted') {
      // Halted: running tasks go back to the queue with their work committed; a re-run picks them up.
      const halt = haltOf(settings.signal as AbortSignal)
      keeper.dispatch({ type: 'run_interrupted', reason: halt.message, as: halt.status })
    } else {
      keeper.dispatch({
        type: 'run_finished',
        status: ending.status,
        ...(ending.error ? { error: ending.error } : {})
      })
    }
    await finish(input, publication)
  } finally {
    // The last worktrees' removal and the task branches' pushes went on beside the publication.
    await Promise.all(ctx.background)
  }
}

/**
 * The feature branch, created from the base (or found), with at least one commit of its own: GitHub refuses
 * a pull request whose head has no commit its base lacks ("No commits between"), and people should see the
 * PR from the start, so the branch's first commit records the plan, changing no file. The tasks branch off
 * it here; the push goes with the publication (publishStart).
 */
export async function openFeatureBranch(input: TeamWorkInput, author: GitIdentity): Promise<Workspace> {
  const workspace = await openFeatureWorkspace(input)
  await addPlanCommit(input, workspace, author)
  return workspace
}

/** The run's workspace, with the team's path rules, and its feature branch found or created from the base. */
async function openFeatureWorkspace(input: TeamWorkInput): Promise<Workspace> {
  const workspace = await input.ports.openWorkspace()
  workspace.usePathRules(input.team)
  await workspace.prepareFeatureBranch(input.baseBranch, input.keeper.state.run.feature_branch as string)
  return workspace
}

/** The plan's commit on the feature branch, unless the branch has commits of its own already. */
async function addPlanCommit(input: TeamWorkInput, workspace: Workspace, author: GitIdentity): Promise<void> {
  const { keeper, plan } = input
  const featureBranch = keeper.state.run.feature_branch as string
  if (!(await workspace.isAheadOf(featureBranch, input.baseBranch))) {
    await workspace.commitEmpty(featureBranch, planCommit(keeper.state.run.key, plan, input.feature, author))
  }
}

/**
 * The feature branch pushed, the draft PR, the plan comment pointing to it, and the progress comment that
 * follows every change.
 */
export async function publishStart(input: TeamWorkInput, workspace: Workspace): Promise<Publication> {
  const { keeper, plan, settings, ports } = input
  if (settings.push) await workspace.push(keeper.state.run.feature_branch as string)
  const pull = await openDraftPull(ports, {
    head: keeper.state.run.feature_branch as string,
    base: input.baseBranch,
    feature: input.feature,
    plan,
    issueNumber: keeper.state.run.issue_number,
    runKey: keeper.state.run.key
  })
  keeper.dispatch({
    type: 'pull_request_opened',
    number: pull.number,
    url: pull.htmlUrl,
    ...(pull.draftsUnsupported ? { draft: false } : {})
  })
  const render = (): string => renderProgress(keeper.state, settings, ports, sandboxWarnings(input.sandbox))
  const owned = keeper.state.run.progress_comment
  const progress = createCoalescedComment({
    forge: ports.forge,
    issueNumber: pull.number,
    // A resumed run edits the comment its state names; only a run that lost its state looks for ours, and
    // a PR opened just now has none to find.
    existing: owned
      ? { id: owned.id, htmlUrl: owned.url }
      : pull.created
        ? undefined
        : ((await ports.forge.findComment(pull.number, progressMarker(pull.number))) ?? undefined),
    clock: ports.clock,
    logger: ports.logger,
    minIntervalMs: ports.forge.commentGapMs,
    onCreated: ref =>
      keeper.dispatch({ type: 'comment_owned', kind: 'progress', id: ref.id, url: ref.htmlUrl })
  })
  keeper.onChange((_state, event) => progress.update(render(), progressWeightOf(event)))
  progress.update(render())
  // The plan comment's edit goes last: it waits until 3 s after the comment was made (comment-spacing.ts),
  // and the progress comment need not wait with it.
  await publishPlan(keeper.state, settings, ports, await input.planComment)
  return { pull, progress, render }
}

/**
 * Runs the task graph (revised by the manager when tasks fail, replan-on-failure.ts), then the QA gate on
 * the feature branch. Returns how the run ends, or `halted` when a stop, the deadline or the runner ended
 * it early. A throw ends the run failed with its message.
 */
async function buildPlan(
  ctx: TeamContext,
  feature: Feature,
  installing?: Promise<PreparedDependencies>
): Promise<{ status: FinishedStatus; error?: string } | 'halted'> {
  const { team } = ctx
  ctx.featureCheckout ??= await ctx.workspace.integrationWorktree(ctx.featureBranch)
  // The first tasks' replies are on their way while the dependencies install and the worktrees are made.
  void askFirstRepliesAhead(ctx)
  const dependencies = await (installing ?? prepareDependencies(ctx, ctx.featureCheckout)).catch(error => {
    ctx.repliesAhead?.close()
    throw error
  })
  ctx.dependencies = dependencies.path
  try {
    const result = await scheduleWithReplans(ctx, {
      feature,
      maxParallel: team.limits.maxParallel,
      runTask: task => runTask(ctx, task),
      shouldStop: () => ctx.signal?.aborted === true
    })
    // The merges are on the remote before the run says how it ended; a push that fails fails the run.
    await ctx.featurePush.flush()
    if (ctx.signal?.aborted) return 'halted'
    const gate = (await needsFinalChecks(ctx, result.merged.length))
      ? await runQualityGate(ctx, await ctx.workspace.integrationWorktree(ctx.featureBranch))
      : { passed: true as const }
    return finalStatus(result, gate.passed ? undefined : gate.failure)
  } catch (failure) {
    return { status: 'failed', error: errorMessage(failure) }
  } finally {
    // Replies asked ahead for tasks that will not start now are not waited for.
    ctx.repliesAhead?.close()
    // Logged when it failed; a halted run still pushes what merged.
    await ctx.featurePush.flush().catch(() => undefined)
    // The last worktrees go, and the task branches' pushes end, while the run's end is published (runTeamWork).
    ctx.sweeper.sweepAll()
    await dependencies.dispose()
  }
}

/**
 * The checks run once more on the feature branch at the end, unless nothing merged, there are none, or the
 * branch's head is the very merge they passed on (every merge lands only once checked, so in a run whose
 * state lives elsewhere the last one usually is).
 */
export async function needsFinalChecks(ctx: TeamContext, merged: number): Promise<boolean> {
  if (merged === 0 || ctx.team.checks.length === 0) return false
  const head = await ctx.workspace.currentSha(`refs/heads/${ctx.featureBranch}`)
  if (head !== ctx.checkedHead) return true
  ctx.ports.logger.info(
    `The checks passed on ${ctx.featureBranch} at ${head.slice(0, 7)} when it landed; not run again.`
  )
  return false
}

/** The end of every run that got a PR: the PR leaves draft when done, and both comments show the ending. */
async function finish(input: TeamWorkInput, publication: Publication): Promise<void> {
  const { keeper, settings, ports } = input
  const { pull, progress, render } = publication
  // A PR that cannot leave draft is logged by finishPull: the work is merged and pushed all the same.
  if (keeper.state.run.status === 'done') await finishPull(ports, pull)
  progress.update(render())
  await progress.flush()
  await publishPlan(keeper.state, settings, ports, await input.planComment).catch(failure =>
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
export function finalStatus(
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
