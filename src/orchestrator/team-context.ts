import { composeRolePrompt } from '../config/compose-prompt.js'
import type { TeamConfig } from '../config/team-config.js'
import type { CommandSandbox } from '../sandbox/sandbox.js'
import type { Plan } from '../planning/plan.js'
import type { Model, ModelResponse } from '../models/model.js'
import type { GitIdentity, Workspace } from '../workspace/workspace.js'
import { Mutex } from '../workspace/mutex.js'
import { errorMessage } from '../util/errors.js'
import { latestOnly, type LatestOnly } from '../util/latest-only.js'
import { createBudget, tokensOf, type Budget } from './budget.js'
import { WorktreeSweeper } from './worktree-sweeper.js'
import { RepliesAhead } from './replies-ahead.js'
import type { RunKeeper } from '../state/run-keeper.js'
import type { RunnerRef } from '../state/events.js'
import type { RunPorts, RunSettings } from '../ports/run-ports.js'

/** Everything the tasks of one run share. Built once by createTeamContext after the plan exists. */
export interface TeamContext {
  team: TeamConfig
  plan: Plan
  keeper: RunKeeper
  workspace: Workspace
  ports: RunPorts
  budget: Budget
  featureBranch: string
  issueNumber?: number
  /** The manager's composed prompt, for blocker answers and stall guidance. */
  managerPrompt: string
  /** Role prompts, composed once per role. */
  rolePrompt(role: string): Promise<string>
  /** Merges, integration sessions and the QA gate touch the feature branch one at a time. */
  mergeLock: Mutex
  /** The environment of the engine's own git in the agents' tools (search, list_files): every secret removed. */
  commandEnv: Record<string, string>
  /** Where agents' commands and the QA checks run (prepared and checked before the first model call). */
  sandbox: CommandSandbox
  /** The `node_modules` that `sandbox.setup` prepared for every task, when it did. */
  dependencies?: string
  /** Values scrubbed from anything a model sees. */
  secrets: string[]
  author: GitIdentity
  /** Push branches to the remote (off for a local CLI run without --push). */
  push: boolean
  /**
   * Pushes the feature branch's head after merges land, off the merge lock: a wave of merges costs one or
   * two pushes, and the next merge need not wait for the network. Flushed before the run reports its end.
   */
  featurePush: LatestOnly
  /** The newest feature-branch head whose checks ran and passed (on its trial merge), if any. */
  checkedHead?: string
  /** This job, when the run is spread over several runners: tasks it starts are stamped with it. */
  runner?: RunnerRef
  /** Manager interventions (stall guidance, fix rounds) left in this run. */
  iterationsLeft: { count: number }
  signal?: AbortSignal
  /** Clean-up that runs off the critical path (a finished task's worktree removal); awaited before the run ends. */
  background: Promise<unknown>[]
  /** Removes finished tasks' worktrees while later tasks wait for the model. */
  sweeper: WorktreeSweeper
  /** The feature branch's checkout (the integration worktree), once made: new tasks' briefs read it. */
  featureCheckout?: string
  /** Tasks' first replies asked for before the tasks start (ask-ahead.ts); none for a run spread over runners. */
  repliesAhead?: RepliesAhead
}

/** The context of one run's tasks, from the run's settings and what the team work has opened. */
export function createTeamContext(input: {
  team: TeamConfig
  plan: Plan
  keeper: RunKeeper
  workspace: Workspace
  settings: RunSettings
  ports: RunPorts
  managerPrompt: string
  sandbox: CommandSandbox
  author: GitIdentity
}): TeamContext {
  const { team, keeper, settings } = input
  const prompts = new Map<string, Promise<string>>()
  const featureBranch = keeper.state.run.feature_branch as string
  const background: Promise<unknown>[] = []
  // The budget is the whole run's, across resumes: what earlier runs and the planning spent counts.
  const budget = createBudget(team.limits, {
    tokens: tokensOf(keeper.state.usage),
    costUsd: keeper.state.usage.cost_usd
  })
  return {
    team,
    plan: input.plan,
    keeper,
    workspace: input.workspace,
    ports: input.ports,
    budget,
    featureBranch,
    issueNumber: keeper.state.run.issue_number,
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
    author: input.author,
    push: settings.push,
    featurePush: latestOnly(
      async () => {
        await input.workspace.push(featureBranch)
      },
      error => input.ports.logger.warning(`Could not push ${featureBranch}: ${errorMessage(error)}`)
    ),
    ...(settings.scaleOut ? { runner: settings.scaleOut.runner } : {}),
    iterationsLeft: { count: team.coordination.maxIterations },
    signal: settings.signal,
    background,
    sweeper: new WorktreeSweeper(input.workspace, background),
    // Each runner of a spread run does one task: the next tasks are other runners' to ask for.
    ...(settings.scaleOut
      ? {}
      : {
          repliesAhead: new RepliesAhead((taskId, model, reply) =>
            chargeUnusedReply(keeper, budget, taskId, model, reply)
          )
        })
  }
}

/**
 * A reply asked ahead that no session took is spent all the same: charged to the task it was asked for,
 * while the run still records spending.
 */
function chargeUnusedReply(
  keeper: RunKeeper,
  budget: Budget,
  taskId: string,
  model: Model,
  reply: ModelResponse
): void {
  try {
    chargeTaskReply({ keeper, budget }, taskId, model, reply.usage)
  } catch {
    // The run has ended; the budget still counted it.
  }
}

/**
 * Charges one of a task's replies to the run's budget, then records it on the task, so the progress view and
 * the limits see spending as it happens. The budget counts it even when the record cannot be made.
 */
export function chargeTaskReply(
  ctx: Pick<TeamContext, 'keeper' | 'budget'>,
  taskId: string,
  model: Model,
  usage: ModelResponse['usage']
): void {
  const costUsd = ctx.budget.charge(model.id, usage)
  ctx.keeper.dispatch({ type: 'task_usage', taskId, usage, costUsd, provider: model.provider })
}
