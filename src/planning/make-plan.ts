import type { TeamConfig } from '../config/team-config.js'
import {
  addUsage,
  zeroUsage,
  type Model,
  type ModelRequest,
  type ModelResponse,
  type ToolUseBlock,
  type Usage
} from '../models/model.js'
import { PlanError } from './plan-error.js'
import { silentLogger, type Logger } from '../util/logger.js'
import { appendExchange, planRequestMessage, planSystem, repairMessage } from './plan-messages.js'
import type { Plan } from './plan.js'
import { parsePlanInput, planTool, PLAN_TOOL_NAME } from './plan-tool.js'
import { checkPlan, computeWaves } from './task-graph.js'

export interface MakePlanOptions {
  model: Model
  team: TeamConfig
  /** The manager's composed role prompt; the planning instructions are added after it. */
  managerPrompt: string
  /** The feature text, already sanitised by the caller. */
  feature: { title: string; body: string }
  /** What is known about the repository (layout, stack, scripts), when the caller has it. */
  repoSummary?: string
  /** Invalid plans the manager may correct before the run gives up. Default 2. */
  maxRepairs?: number
  signal?: AbortSignal
  logger?: Logger
}

export interface MadePlan {
  plan: Plan
  /** Summed over every call, repairs included. */
  usage: Usage
  calls: number
  repairs: number
}

/**
 * Asks the manager for a plan through one forced `submit_plan` call, and checks it. An invalid plan goes
 * back with its exact problems (a `tool_result` with `is_error`) for at most `maxRepairs` corrections.
 * Resolves with a plan that passed parsePlanInput and checkPlan; otherwise throws PlanError carrying the
 * last attempt's problems and the usage spent.
 */
export async function makePlan(options: MakePlanOptions): Promise<MadePlan> {
  const { model, team, signal } = options
  const logger = options.logger ?? silentLogger
  const maxRepairs = Math.max(0, Math.floor(options.maxRepairs ?? 2))
  const roles = Object.keys(team.roles)
  if (roles.length === 0) {
    // Nothing could pass checkPlan, so do not pay for a call.
    throw new PlanError(
      `The team has no worker roles, so no plan can assign its tasks. Add at least one role under agents: in ${team.source}.`,
      ['The team has no worker roles.'],
      zeroUsage
    )
  }

  const request: Omit<ModelRequest, 'messages'> = {
    system: planSystem(options.managerPrompt),
    // The tool comes first in the cached prefix; its own breakpoint keeps it cached if the system text changes.
    tools: [{ ...planTool(roles, team.limits.maxTasks), cache_control: { type: 'ephemeral' } }],
    toolChoice: { type: 'tool', name: PLAN_TOOL_NAME },
    maxTokens: team.manager.maxTokens,
    ...(team.manager.model.temperature === undefined ? {} : { temperature: team.manager.model.temperature }),
    signal
  }
  let messages = [planRequestMessage(options)]
  let usage = zeroUsage
  let calls = 0
  let problems: string[] = []

  for (let repairs = 0; repairs <= maxRepairs; repairs++) {
    signal?.throwIfAborted()
    logger.info(
      repairs === 0
        ? `Asking ${model.id} for a plan`
        : `Asking ${model.id} to repair the plan (${repairs} of ${maxRepairs})`
    )
    // Most plans pass on the first call, which nothing then continues: writing its prefix to the cache
    // would cost 1.25 times the input for no read. A plan sent back once may be sent back again, so the
    // repairs keep their breakpoints.
    const response = await model.complete({ ...request, messages, singleShot: repairs === 0 })
    calls++
    usage = addUsage(usage, response.usage)

    const attempt = readAttempt(response, roles, request.maxTokens, team.limits.maxTasks)
    if (attempt.plan) {
      const waves = computeWaves(attempt.plan.tasks).length
      logger.info(
        `Plan accepted: ${attempt.plan.tasks.length} tasks in ${waves} waves after ${calls} call(s)`
      )
      return { plan: attempt.plan, usage, calls, repairs }
    }
    problems = attempt.problems
    logger.warning(
      `The plan was not accepted (${problems.length} problem(s)):\n${problems.map(p => `- ${p}`).join('\n')}`
    )
    if (repairs < maxRepairs)
      messages = appendExchange(messages, response.content, repairMessage(response, problems))
  }

  throw new PlanError(
    `The manager did not produce a valid plan in ${calls} attempt(s), so the run stopped here without spending more. ` +
      `Problems in the last attempt:\n${problems.map(p => `- ${p}`).join('\n')}\n` +
      `Make the feature request more specific (or check the roles in ${team.source}) and run again.`,
    problems,
    usage
  )
}

/** The plan a reply carries, or the problems that stop it: no call, a cut-off reply, shape or graph errors. */
function readAttempt(
  response: ModelResponse,
  roles: string[],
  maxTokens: number,
  maxTasks: number
): { plan?: Plan; problems: string[] } {
  if (response.stopReason === 'max_tokens') {
    // A call cut off mid-way has truncated input, even when it happens to parse.
    return {
      problems: [
        `The reply stopped at the output limit of ${maxTokens} tokens before the plan was complete; write shorter descriptions so the whole plan fits.`
      ]
    }
  }
  const uses = response.content.filter((block): block is ToolUseBlock => block.type === 'tool_use')
  const call = uses.find(use => use.name === PLAN_TOOL_NAME)
  if (call === undefined) {
    const others = uses.map(use => `"${use.name}"`).join(', ')
    const detail = others === '' ? '' : ` (it called ${others}, which does not exist here)`
    return {
      problems: [
        `The reply did not call ${PLAN_TOOL_NAME}${detail}; a plan counts only when it is submitted with ${PLAN_TOOL_NAME}.`
      ]
    }
  }
  const parsed = parsePlanInput(call.input)
  if (!parsed.plan) return parsed
  const problems = checkPlan(parsed.plan, roles, maxTasks)
  return problems.length === 0 ? { plan: parsed.plan, problems } : { problems }
}
