import { createPathPolicy } from '../agents/path-policy.js'
import { runSession, type SessionResult } from '../agents/session.js'
import { agentTools, executeTool } from '../agents/tools/agent-tools.js'
import type { ToolContext } from '../agents/tools/tool-types.js'
import { defaultAllowList } from '../agents/default-allow-list.js'
import type { RoleConfig } from '../config/team-config.js'
import type { Message } from '../models/model.js'
import type { SandboxLimits } from '../sandbox/sandbox.js'
import { AgentTeamError } from '../util/errors.js'
import { chargeTaskReply, type TeamContext } from './team-context.js'
import type { Workspace } from '../workspace/workspace.js'

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
export async function toolContextFor(
  ctx: TeamContext,
  role: RoleConfig,
  root: string,
  allowList?: string[]
): Promise<ToolContext> {
  return {
    root,
    pathPolicy: createPathPolicy({
      root,
      protectedPaths: ctx.team.protectedPaths,
      allowWorkflowEdits: ctx.team.allowWorkflowEdits
    }),
    allowList: allowList ?? (await allowListOf(role, root)),
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

/** The model of `role`'s sessions and what every request of theirs carries besides the conversation. */
export async function sessionSetup(ctx: TeamContext, role: RoleConfig) {
  return {
    model: ctx.ports.modelFor(role),
    system: [
      {
        type: 'text' as const,
        text: await ctx.rolePrompt(role.name),
        cache_control: { type: 'ephemeral' as const }
      }
    ],
    maxTokens: role.maxTokens,
    temperature: role.model.temperature,
    signal: ctx.signal,
    specs: agentTools()
  }
}

/** The commands `role` may run: its own list, or the entry points of the repository checked out at `root`. */
export async function allowListOf(role: RoleConfig, root: string): Promise<string[]> {
  return role.commands ?? (await defaultAllowList(root))
}

const featureLists = new WeakMap<Workspace, { tree: string; list: Promise<string[]> }>()

/**
 * The commands a new task may run when its role names none, read from the feature branch's checkout once per
 * tree: the briefs of a wave (and the replies asked ahead for the next) all read the same files, and a dozen
 * reads each wait their turn on an event loop busy starting git. Keyed by the tree, not the commit, so the
 * list read while the manager planned still serves after the plan's commit, which changes no file.
 */
export async function featureCommands(
  workspace: Workspace,
  featureBranch: string,
  checkout: string
): Promise<string[]> {
  const tree = await workspace.currentTree(`refs/heads/${featureBranch}`)
  let known = featureLists.get(workspace)
  if (known?.tree !== tree) {
    known = { tree, list: defaultAllowList(checkout) }
    featureLists.set(workspace, known)
  }
  return known.list
}

/** The commands a new task of `role` may run: its own list, or those of the feature branch's checkout. */
export async function featureAllowList(
  ctx: TeamContext,
  role: RoleConfig,
  checkout: string
): Promise<string[]> {
  return role.commands ?? featureCommands(ctx.workspace, ctx.featureBranch, checkout)
}

/**
 * Runs one agent session for `taskId` as `role`, charging every reply to the run's budget and recording
 * it on the task, so the progress view and the limits see spending as it happens.
 */
export async function runAgentSession(
  ctx: TeamContext,
  options: {
    taskId: string
    role: RoleConfig
    tools: ToolContext | Promise<ToolContext>
    messages: Message[]
    /** Ends the session early; the run's own signal when not given. */
    signal?: AbortSignal
  }
): Promise<SessionResult> {
  const { model, specs, ...request } = await sessionSetup(ctx, options.role)
  if (options.signal) request.signal = options.signal
  const tools = options.tools
  return runSession({
    ...request,
    // A task's first reply may have been asked for before the task started (replies-ahead.ts).
    model: ctx.repliesAhead?.serve(options.taskId, model) ?? model,
    messages: options.messages,
    // The tools wait for the worktree, which may still be in the making while the first reply is awaited.
    tools: { specs, execute: async (name, input) => executeTool(name, input, await tools) },
    maxTurns: ctx.team.limits.maxTurns,
    onUsage: usage => {
      // Record first, then enforce: what was spent is spent, even by the reply that crossed the limit.
      chargeTaskReply(ctx, options.taskId, model, usage)
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
