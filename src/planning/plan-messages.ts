import type { TeamConfig } from '../config/team-config.js'
import type { ContentBlock, Message, ModelResponse, TextBlock, ToolUseBlock } from '../models/model.js'
import { fillPrompt, prompt } from '../prompts/index.js'
import { PLAN_TOOL_NAME } from './plan-tool.js'

/**
 * The system blocks of a planning call: the manager's role prompt, then the planning instructions. The
 * last block carries the cache breakpoint, so a repair writes tools + system to the cache and the next
 * repair reads them back (the first call is sent single-shot, without breakpoints).
 */
export function planSystem(managerPrompt: string): TextBlock[] {
  const blocks: TextBlock[] = []
  if (managerPrompt.trim() !== '') blocks.push({ type: 'text', text: managerPrompt })
  blocks.push({ type: 'text', text: prompt('manager-plan'), cache_control: { type: 'ephemeral' } })
  return blocks
}

/**
 * The opening user message: the feature (already sanitised by the caller), the roles the tasks may use
 * with what each does, and what is known about the repository. The feature sits in its own tag so the
 * model can tell the user's words from ours.
 */
export function planRequestMessage(input: {
  team: TeamConfig
  feature: { title: string; body: string }
  repoSummary?: string
}): Message {
  const parts = [
    featureText(input.feature),
    fillPrompt('manager/plan-roles', { roles: rolesList(input.team) })
  ]
  if (input.repoSummary && input.repoSummary.trim() !== '') {
    parts.push(fillPrompt('manager/plan-repository', { summary: input.repoSummary.trim() }))
  }
  parts.push(fillPrompt('manager/plan-submit', { tool: PLAN_TOOL_NAME }))
  return { role: 'user', content: [{ type: 'text', text: parts.join('\n\n') }] }
}

/** The feature in its own tag, for the plan request and the revision request alike. */
export function featureText(feature: { title: string; body: string }): string {
  return fillPrompt('manager/feature', { title: feature.title.trim(), body: feature.body.trim() })
}

/** The team's worker roles as a list of names with what each does. */
export function rolesList(team: TeamConfig): string {
  return Object.entries(team.roles)
    .map(
      ([name, role]) =>
        `- \`${name}\`: ${role.description.trim() || fillPrompt('manager/role-no-description')}`
    )
    .join('\n')
}

/**
 * The user turn that sends an invalid attempt back. The API needs a `tool_result` for every `tool_use`
 * of the reply, first in the turn: the first call of `tool` (`submit_plan`, or `revise_plan` for a revision)
 * gets the problems, any other call is answered as ignored. A reply without a call gets the problems as text.
 */
export function repairMessage(
  response: ModelResponse,
  problems: readonly string[],
  tool: string = PLAN_TOOL_NAME
): Message {
  const text = fillPrompt('manager/plan-repair', {
    tool,
    problems: problems.map(problem => `- ${problem}`).join('\n')
  })
  const calls = response.content.filter((block): block is ToolUseBlock => block.type === 'tool_use')
  const answered = calls.find(call => call.name === tool) ?? calls[0]
  const content: ContentBlock[] = calls.map(call => ({
    type: 'tool_result',
    tool_use_id: call.id,
    is_error: true,
    content: call === answered ? text : fillPrompt('manager/plan-unread-call', { tool })
  }))
  if (answered === undefined) content.push({ type: 'text', text })
  return { role: 'user', content }
}

/**
 * Appends one exchange to a conversation without touching the earlier messages. An empty reply cannot
 * be sent back (the API refuses empty turns), so its repair text joins the previous user turn instead.
 */
export function appendExchange(
  messages: readonly Message[],
  reply: ContentBlock[],
  next: Message
): Message[] {
  if (reply.length > 0) return [...messages, { role: 'assistant', content: reply }, next]
  const earlier = messages.at(-1)?.content ?? []
  return [...messages.slice(0, -1), { role: 'user', content: [...earlier, ...next.content] }]
}
