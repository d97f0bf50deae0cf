import { createPathPolicy } from '../agents/path-policy.js'
import { runSession, type SessionResult } from '../agents/session.js'
import { agentTools, executeTool } from '../agents/tools/agent-tools.js'
import type { ToolContext } from '../agents/tools/tool-types.js'
import { defaultAllowList } from '../agents/default-allow-list.js'
import type { RoleConfig } from '../config/team-config.js'
import type { Message } from '../models/model.js'
import type { SandboxLimits } from '../sandbox/sandbox.js'
import { AgentTeamError } from '../util/errors.js'
import type { TeamContext } from './team-context.js'

/** Output a single tool call may return to the model; more is cut with a marker. */
const MAX_TOOL_OUTPUT_BYTES = 30_000

/**
 * The team's role for a task. A plan is checked against the team when it is made, but a resumed run reads
 * its plan from the state and the configuration may have dropped the role since.
 */
export function roleOf(ctx: TeamContext, task: { id: string; role: string }): RoleConfig {
  const role = ctx.team.roles[task.role]
  if (role === undefined) {
    throw new AgentTeamError(`Task ${task.id} is for the role "${task.role}", which the team no longer has.`)
  }
  return role
}

/** The sandboxed tools of one session rooted at `root` (a task worktree or the integration worktree). */
export async function toolContextFor(ctx: TeamContext, role: RoleConfig, root: string): Promise<ToolContext> {
  return {
    root,
    pathPolicy: createPathPolicy({
      root,
      protectedPaths: ctx.team.protectedPaths,
      allowWorkflowEdits: ctx.team.allowWorkflowEdits
    }),
    allowList: role.commands ?? (await defaultAllowList(root)),
    commandTimeoutMs: ctx.team.limits.commandTimeoutSeconds * 1000,
    maxOutputBytes: MAX_TOOL_OUTPUT_BYTES,
    env: ctx.commandEnv,
    sandbox: ctx.sandbox,
    sandboxEnv: { ...ctx.team.sandbox.env, ...role.env },
    dependencies: ctx.dependencies,
    sandboxLimits: sandboxLimits(ctx),
    secrets: ctx.secrets
  }
}

/**
 * Runs one agent session for `taskId` as `role`, charging every reply to the run's budget and recording
 * it on the task, so the progress view and the limits see spending as it happens.
 */
export async function runAgentSession(
  ctx: TeamContext,
  options: { taskId: string; role: RoleConfig; tools: ToolContext; messages: Message[] }
): Promise<SessionResult> {
  const model = ctx.ports.modelFor(options.role)
  const system = await ctx.rolePrompt(options.role.name)
  return runSession({
    model,
    system: [{ type: 'text', text: system, cache_control: { type: 'ephemeral' } }],
    messages: options.messages,
    tools: { specs: agentTools(), execute: (name, input) => executeTool(name, input, options.tools) },
    maxTurns: ctx.team.limits.maxTurns,
    maxTokens: options.role.maxTokens,
    temperature: options.role.model.temperature,
    signal: ctx.signal,
    onUsage: usage => {
      // Record first, then enforce: what was spent is spent, even by the reply that crossed the limit.
      const costUsd = ctx.budget.charge(model.id, usage)
      ctx.keeper.dispatch({
        type: 'task_usage',
        taskId: options.taskId,
        usage,
        costUsd,
        provider: model.provider
      })
      ctx.budget.assertWithin()
    },
    onToolCall: (call, outcome) => {
      if (outcome.changedFiles?.length) {
        ctx.keeper.dispatch({
          type: 'agent_update',
          taskId: options.taskId,
          role: options.role.name,
          message: `${call.name}: ${outcome.changedFiles.join(', ')}`
        })
      }
    }
  })
}

/**
 * One session of the task's role on a single brief, with the sandboxed tools rooted at `root`: how the
 * engine asks an agent to resolve a merge's conflicts or fix the checks on a merge.
 */
export async function briefedSession(
  ctx: TeamContext,
  task: { id: string; role: string },
  root: string,
  brief: string
): Promise<SessionResult> {
  const role = roleOf(ctx, task)
  const tools = await toolContextFor(ctx, role, root)
  return runAgentSession(ctx, {
    taskId: task.id,
    role,
    tools,
    messages: [{ role: 'user', content: [{ type: 'text', text: brief }] }]
  })
}

/** The configured limits every sandboxed command of the run gets. */
export function sandboxLimits(ctx: Pick<TeamContext, 'team'>): SandboxLimits {
  return { memoryMb: ctx.team.sandbox.memoryMb, maxProcesses: ctx.team.sandbox.maxProcesses }
}
