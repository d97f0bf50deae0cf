import type { TeamConfig } from '../config/team-config.js'
import type { RunPorts, RunSettings } from '../ports/run-ports.js'
import type { CommandSandbox } from '../sandbox/sandbox.js'
import { errorMessage } from '../util/errors.js'
import type { Logger } from '../util/logger.js'
import type { FeatureBranch, Workspace } from '../workspace/workspace.js'
import { featureCommands } from './agent-session.js'
import { prepareDependencies, type PreparedDependencies } from './sandbox-setup.js'

/**
 * What a fresh run needs before its first task and can make without the plan: the feature branch (from the
 * base), its checkout, and the dependencies `sandbox.setup` installs there. Made while the manager plans, so
 * the first tasks' replies are asked for the moment the plan is accepted, and an install that takes as long
 * as the planning call costs nothing on top of it.
 */
export interface EarlyCheckout {
  workspace: Workspace
  branch: FeatureBranch
  /** The feature branch's integration worktree: the first tasks' briefs read their commands there. */
  checkout: string
  /** `sandbox.setup` in the checkout, started as soon as the checkout existed. */
  dependencies: Promise<PreparedDependencies>
}

/**
 * Whether a run will build right after its plan, so that its checkout is worth making during the planning:
 * a fresh run (a resumed one has its branch and no planning call), building now (not `mode: plan`, not
 * waiting for `approval: plan`), on this runner alone (the tasks of a spread run go to other runners).
 */
export function buildsAfterPlanning(
  run: { resuming: boolean },
  settings: Pick<RunSettings, 'mode' | 'approval' | 'scaleOut'>,
  sandbox: CommandSandbox | undefined
): sandbox is CommandSandbox {
  return (
    !run.resuming &&
    sandbox !== undefined &&
    settings.mode === 'all' &&
    settings.approval !== 'plan' &&
    (settings.scaleOut?.runners ?? 1) <= 1
  )
}

/**
 * Starts making the early checkout. The promise is awaited by the team work, which reports its failure as it
 * reported the same failure made after the plan, or by discardEarlyCheckout when the run does not build.
 */
export function startEarlyCheckout(input: {
  team: TeamConfig
  sandbox: CommandSandbox
  settings: RunSettings
  ports: RunPorts
  baseBranch: string
  featureBranch: string
}): Promise<EarlyCheckout> {
  const { team, sandbox, settings, ports } = input
  const early = (async () => {
    const workspace = await ports.openWorkspace()
    workspace.usePathRules(team)
    const branch = await workspace.prepareFeatureBranch(input.baseBranch, input.featureBranch)
    const checkout = await workspace.integrationWorktree(input.featureBranch)
    // The first tasks' briefs list these commands; read now, they are ready when the plan is.
    featureCommands(workspace, input.featureBranch, checkout).catch(() => undefined)
    const dependencies = prepareDependencies(
      { team, sandbox, ports, secrets: [...settings.secrets] },
      checkout
    )
    dependencies.catch(() => undefined)
    return { workspace, branch, checkout, dependencies }
  })()
  // Handled where it is awaited; until then a failure is no crash.
  early.catch(() => undefined)
  return early
}

/**
 * A run that made its checkout early and then did not build (the plan failed, the run was stopped while
 * planning) leaves nothing behind: the install is waited for and removed, then the checkout, and the feature
 * branch when this run created it and nothing was committed on it.
 */
export async function discardEarlyCheckout(early: Promise<EarlyCheckout>, logger: Logger): Promise<void> {
  const made = await early.catch(() => undefined)
  if (!made) return
  try {
    await (await made.dependencies.catch(() => undefined))?.dispose()
    await made.workspace.discardFeatureBranch(made.branch)
  } catch (error) {
    logger.warning(`Could not remove the unused checkout of ${made.branch.name}: ${errorMessage(error)}`)
  }
}
