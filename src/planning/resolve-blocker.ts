import type { Model, ToolSpec, ToolUseBlock, Usage } from '../models/model.js'
import { fillPrompt, prompt, toolPrompt } from '../prompts/index.js'
import type { Plan, PlanTask } from './plan.js'

export const ANSWER_TOOL_NAME = 'answer_blocker'

const answerWords = toolPrompt('answer-blocker')

/** The tool the manager answers a blocked agent with. Exported for the tests of its texts. */
export const answerTool: ToolSpec = {
  name: ANSWER_TOOL_NAME,
  description: answerWords.description,
  input_schema: {
    type: 'object',
    properties: {
      can_answer: { type: 'boolean', description: answerWords.field('can_answer') },
      answer: { type: 'string', description: answerWords.field('answer') },
      question_for_humans: { type: 'string', description: answerWords.field('question_for_humans') }
    },
    required: ['can_answer', 'answer'],
    additionalProperties: false
  },
  cache_control: { type: 'ephemeral' }
}

export type BlockerResolution =
  { answered: true; answer: string; usage: Usage } | { answered: false; question: string; usage: Usage }

/**
 * Asks the manager to settle a blocked agent's question. The manager answers from the plan and the
 * decisions when it can; a question about what the people want (scope, product choices) goes to them.
 */
export async function resolveBlocker(options: {
  model: Model
  managerPrompt: string
  plan: Plan
  decisions: string[]
  task: PlanTask
  question: string
  /** Why the question came up: a blocker from the agent, or a session that stalled. */
  kind?: 'blocker' | 'stall'
  signal?: AbortSignal
}): Promise<BlockerResolution> {
  const { plan, task } = options
  const decisions = options.decisions.map(d => `- ${d}`).join('\n')
  const context = [
    fillPrompt('manager/blocker-plan', {
      summary: plan.summary,
      tasks: plan.tasks.map(t => `- ${t.id} (${t.role}): ${t.title}`).join('\n')
    }),
    fillPrompt('manager/blocker-decisions', {
      decisions: decisions || fillPrompt('manager/blocker-no-decisions')
    }),
    fillPrompt('manager/blocker-task', {
      id: task.id,
      role: task.role,
      title: task.title,
      description: task.description
    }),
    options.kind === 'stall'
      ? fillPrompt('manager/blocker-stall', { reason: options.question })
      : fillPrompt('manager/blocker-question', { question: options.question })
  ].join('\n\n')
  const reply = await options.model.complete({
    system: [
      ...(options.managerPrompt.trim() ? [{ type: 'text' as const, text: options.managerPrompt }] : []),
      { type: 'text', text: prompt('manager-blocker'), cache_control: { type: 'ephemeral' } }
    ],
    tools: [answerTool],
    toolChoice: { type: 'tool', name: ANSWER_TOOL_NAME },
    messages: [{ role: 'user', content: [{ type: 'text', text: context }] }],
    maxTokens: 2048,
    signal: options.signal
  })
  const call = reply.content.find(
    (b): b is ToolUseBlock => b.type === 'tool_use' && b.name === ANSWER_TOOL_NAME
  )
  const input = (call?.input ?? {}) as {
    can_answer?: unknown
    answer?: unknown
    question_for_humans?: unknown
  }
  const answer = typeof input.answer === 'string' ? input.answer.trim() : ''
  if (input.can_answer === true && answer) return { answered: true, answer, usage: reply.usage }
  const forHumans = typeof input.question_for_humans === 'string' ? input.question_for_humans.trim() : ''
  return { answered: false, question: forHumans || options.question, usage: reply.usage }
}
