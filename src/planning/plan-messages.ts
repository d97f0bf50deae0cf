import type { TeamConfig } from '../config/team-config.js'
import type { ContentBlock, Message, ModelResponse, TextBlock, ToolUseBlock } from '../models/model.js'
import { prompt } from '../prompts/index.js'
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
  const roles = Object.entries(input.team.roles)
    .map(([name, role]) => `- \`${name}\`: ${role.description.trim() || '(no description)'}`)
    .join('\n')
  const parts = [
    `<feature>\n# ${input.feature.title.trim()}\n\n${input.feature.body.trim()}\n</feature>`,
    `The team's roles; assign every task to one of these names:\n<roles>\n${roles}\n</roles>`
  ]
  if (input.repoSummary && input.repoSummary.trim() !== '') {
    parts.push(
      `What is known about the repository:\n<repository>\n${input.repoSummary.trim()}\n</repository>`
    )
  }
  parts.push(`Plan this feature for the team and submit the plan with ${PLAN_TOOL_NAME}.`)
  return { role: 'user', content: [{ type: 'text', text: parts.join('\n\n') }] }
}

/**
 * The user turn that sends an invalid attempt back. The API needs a `tool_result` for every `tool_use`
 * of the reply, first in the turn: the first `submit_plan` call gets the problems, any other call is
 * answered as ignored. A reply without a call gets the problems as text.
 */
export function repairMessage(response: ModelResponse, problems: readonly string[]): Message {
  const text =
    `The plan was not accepted. Fix these problems and call ${PLAN_TOOL_NAME} again with the whole corrected plan:\n` +
    problems.map(problem => `- ${problem}`).join('\n')
  const calls = response.content.filter((block): block is ToolUseBlock => block.type === 'tool_use')
  const answered = calls.find(call => call.name === PLAN_TOOL_NAME) ?? calls[0]
  const content: ContentBlock[] = calls.map(call => ({
    type: 'tool_result',
    tool_use_id: call.id,
    is_error: true,
    content:
      call === answered
        ? text
        : `This call was not read; only the first ${PLAN_TOOL_NAME} call of a reply counts.`
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
  const last = messages[messages.length - 1]
  return [...messages.slice(0, -1), { role: 'user', content: [...last.content, ...next.content] }]
}
