import { baseBranchOf } from '../commands/base-branch.js'
import { issueRunKey } from '../commands/issue-run.js'
import type { RunPorts, RunSettings } from '../ports/run-ports.js'
import { featureOf } from '../state/current-plan.js'
import { createRunKeeper, resumeRun, type RunKeeper } from '../state/run-keeper.js'
import { emptyRunState, type RunState } from '../state/run-state.js'
import { saveMilestones, type StateSaver } from '../state/state-saver.js'
import type { Feature, RunRequest } from '../trigger/request.js'
import { sanitiseText } from '../trigger/sanitise.js'
import { featureBranchName } from '../workspace/branch-names.js'
import type { RunOutcome } from './run-outcome.js'
import { stillAwaitingApproval } from './plan-approval.js'
import { alreadyDone } from './run-ending.js'

/** A run on record: its state, where the state is committed, and whether it carries on from an earlier one. */
export interface OpenRun {
  keeper: RunKeeper
  saver: StateSaver
  feature: Feature
  baseBranch: string
  /** True when the run carries on from a committed state (it keeps its plan). */
  resuming: boolean
}

/**
 * Starts the run's state, or resumes where an earlier run of the same issue left it. `continued` is a state a
 * command or a review already reopened. The feature is sanitised before any model sees it. A finished run
 * or a plan still waiting for approval is not started again: the outcome says where to look instead.
 */
export async function openRun(
  request: RunRequest,
  continued: RunState | undefined,
  settings: RunSettings,
  ports: RunPorts
): Promise<OpenRun | RunOutcome> {
  const { clock, logger } = ports
  const feature = continued ? featureOf(continued) : await readFeature(request, ports)
  const branches = { baseBranch: settings.baseBranch, defaultBranch: request.defaultBranch }
  const baseBranch = continued?.run.base_branch ?? (await baseBranchOf(branches, ports.forge))
  const key = continued?.run.key ?? runKey(request, clock.now())
  const featureBranch = continued?.run.feature_branch ?? featureBranchName(request.issueNumber, feature.title)
  const store = await ports.openStateStore({ featureBranch, baseBranch })
  const previous = continued ?? (await store.load(key))
  // A finished run is not built again: a second label or `/agents run` points to what it made.
  if (!continued && previous?.run.status === 'done') return alreadyDone(previous, ports)
  // A plan waiting for approval is not planned again: `/agents approve` or `revise` moves it.
  if (!continued && previous?.run.status === 'awaiting_approval') {
    return stillAwaitingApproval(previous, settings, ports)
  }
  const resuming = previous !== undefined && (continued !== undefined || isResumable(previous))
  const keeper = createRunKeeper(resuming ? previous : emptyRunState(key), clock.now)
  if (ports.onStateChange) keeper.onChange(state => ports.onStateChange?.(state))
  // Several runners share the run: each save replays this runner's events over what the others committed.
  const shared = settings.scaleOut !== undefined && settings.scaleOut.runners > 1
  const saver = saveMilestones(keeper, store, logger, ports.clock, shared ? { shared } : undefined)
  if (resuming) {
    // A run spread over runners that is still going is not interrupted: its runners are at work, and this
    // job only starts what is ready or has gone quiet (fan-out.ts).
    const goingElsewhere = shared && previous.run.status === 'running'
    if (!continued && !goingElsewhere) resumeRun(keeper)
    const merged = keeper.state.tasks.filter(t => t.merge_sha !== undefined).length
    logger.info(`Resuming ${key}: ${merged} of ${keeper.state.tasks.length} tasks already merged`)
  } else {
    keeper.dispatch({
      type: 'run_started',
      trigger: request.trigger,
      actor: request.actor,
      issueNumber: request.issueNumber,
      feature,
      baseBranch,
      featureBranch
    })
  }
  return { keeper, saver, feature, baseBranch, resuming }
}

async function readFeature(request: RunRequest, ports: RunPorts): Promise<Feature> {
  let feature = request.feature
  if (!feature) {
    // Dispatch with an issue number: the text lives on GitHub.
    const issue = await ports.forge.getIssue(request.issueNumber as number)
    feature = { title: issue.title, body: issue.body }
  }
  return { title: sanitiseText(feature.title), body: sanitiseText(feature.body) }
}

/** Runs of one issue share a key (so a later run finds the state); a dispatch without an issue gets its own. */
function runKey(request: RunRequest, now: number): string {
  return request.issueNumber !== undefined ? issueRunKey(request.issueNumber) : `dispatch-${now.toString(36)}`
}

/** A committed run worth resuming: it has a plan and did not end done. */
function isResumable(state: RunState): boolean {
  return state.run.plan_version > 0 && state.run.status !== 'done' && state.tasks.length > 0
}
