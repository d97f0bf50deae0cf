import type { Model, ToolSpec, ToolUseBlock, Usage } from '../models/model.js'
import { prompt } from '../prompts/index.js'
import type { Plan, PlanTask } from './plan.js'

export const ANSWER_TOOL_NAME = 'answer_blocker'

const answerTool: ToolSpec = {
  name: ANSWER_TOOL_NAME,
  description:
    "Answer an agent's question from the plan and the team decisions, or say that only a person can answer it.",
  input_schema: {
    type: 'object',
    properties: {
      can_answer: {
        type: 'boolean',
        description: 'True when the plan, the decisions or sound engineering judgement settle the question.'
      },
      answer: {
        type: 'string',
        description:
          'The answer, stated as a decision the whole team can follow. Empty when can_answer is false.'
      },
      question_for_humans: {
        type: 'string',
        description:
          'When can_answer is false: the question to post for the people who asked for the feature.'
      }
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
  const context = [
    `<plan>\n${options.plan.summary}\n\n${options.plan.tasks.map(t => `- ${t.id} (${t.role}): ${t.title}`).join('\n')}\n</plan>`,
    `<decisions>\n${options.decisions.map(d => `- ${d}`).join('\n') || '(none yet)'}\n</decisions>`,
    `<task id="${options.task.id}" role="${options.task.role}">\n${options.task.title}\n\n${options.task.description}\n</task>`,
    options.kind === 'stall'
      ? `The agent on this task stopped making progress: ${options.question}\nGive it concrete guidance to finish the task (what to change, in which files, how to check it).`
      : `<question>\n${options.question}\n</question>`
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
