import { z } from 'zod'
import { AgentTeamError } from '../util/errors.js'
import type { ModelRequest, ModelResponse } from './model.js'

/**
 * A transcript: the model calls of one run, written by the recording model and replayed by the scripted
 * model. Each exchange is filed under a key that says which conversation it belongs to (the forced tool,
 * the task, the turn) rather than under its position in the run, because tasks run in parallel and their
 * calls interleave differently every time.
 */

/** The layout version this code writes and reads. */
export const TRANSCRIPT_VERSION = 1

/** Which conversation a call belongs to, and how far into it. */
export interface ExchangeKey {
  /** The tool the request forces (`submit_plan`, `answer_blocker`), or the tool choice type (`auto`). */
  tool: string
  /** The task the conversation is about, read from its first user message; null for the plan. */
  task: string | null
  /** Assistant replies already in the conversation: 0 for its first call. */
  turn: number
}

/** One call and what came of it: the reply, or the error the call ended with. */
export type Exchange = {
  key: ExchangeKey
  /** The model id the call went to. */
  model: string
  /** The start of the last user message, for a person reading the file; never used to match. */
  asked: string
} & ({ response: ModelResponse } | { error: string })

export interface Transcript {
  version: typeof TRANSCRIPT_VERSION
  exchanges: Exchange[]
}

// Task ids as the engine writes them at the top of a session's first message, or in a manager question.
const TASK_PATTERNS = [/^# [^\n]*?(?:task:|merging) ([A-Za-z][\w.-]*) —/, /<task id="([^"]+)"/]
const ASKED_LENGTH = 300

/** The key a request is filed under. */
export function exchangeKeyOf(request: Pick<ModelRequest, 'messages' | 'toolChoice'>): ExchangeKey {
  const choice = request.toolChoice
  const tool = choice === undefined ? 'auto' : choice.type === 'tool' ? choice.name : choice.type
  const opening = textOf(request.messages.find(message => message.role === 'user'))
  let task: string | null = null
  for (const pattern of TASK_PATTERNS) {
    const match = pattern.exec(opening)
    if (match) {
      task = match[1]!
      break
    }
  }
  const turn = request.messages.filter(message => message.role === 'assistant').length
  return { tool, task, turn }
}

/** The start of the request's last user message, on one line. */
export function askedOf(request: Pick<ModelRequest, 'messages'>): string {
  const last = [...request.messages].reverse().find(message => message.role === 'user')
  const text = textOf(last).replace(/\s+/g, ' ').trim()
  return text.length > ASKED_LENGTH ? `${text.slice(0, ASKED_LENGTH - 1)}…` : text
}

/** A key in words, for messages: `the submit_plan call`, `turn 2 of task T1 (tool choice auto)`. */
export function describeKey(key: ExchangeKey): string {
  const call = key.tool === 'auto' || key.tool === 'any' ? `tool choice ${key.tool}` : `${key.tool} call`
  const task = key.task === null ? 'no task' : `task ${key.task}`
  return `turn ${key.turn} of ${task} (${call})`
}

/** The same key as a map key. */
export function keyString(key: ExchangeKey): string {
  return JSON.stringify([key.tool, key.task, key.turn])
}

function textOf(message: ModelRequest['messages'][number] | undefined): string {
  if (!message) return ''
  return message.content
    .map(block => (block.type === 'text' ? block.text : block.type === 'tool_result' ? block.content : ''))
    .filter(text => text !== '')
    .join('\n')
}

const usageSchema = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cacheCreationInputTokens: z.number().int().nonnegative(),
  cacheReadInputTokens: z.number().int().nonnegative()
})

const blockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({
    type: z.literal('tool_use'),
    id: z.string(),
    name: z.string(),
    input: z.record(z.string(), z.unknown()),
    malformed_input: z.string().optional()
  }),
  z.object({
    type: z.literal('tool_result'),
    tool_use_id: z.string(),
    content: z.string(),
    is_error: z.boolean().optional()
  })
])

const keySchema = z.object({
  tool: z.string().min(1),
  task: z.string().nullable(),
  turn: z.number().int().nonnegative()
})

const responseSchema = z.object({
  content: z.array(blockSchema),
  stopReason: z.enum(['end_turn', 'tool_use', 'max_tokens', 'stop_sequence', 'refusal', 'pause_turn']),
  usage: usageSchema,
  model: z.string()
})

const exchangeSchema = z.union([
  z.object({ key: keySchema, model: z.string(), asked: z.string(), response: responseSchema }),
  z.object({ key: keySchema, model: z.string(), asked: z.string(), error: z.string() })
])

const transcriptSchema = z.object({
  version: z.literal(TRANSCRIPT_VERSION),
  exchanges: z.array(exchangeSchema)
})

/** The transcript in `text`, checked; `source` names the file in the error a bad one gets. */
export function parseTranscript(text: string, source: string): Transcript {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new AgentTeamError(
      `${source} is not JSON (${error instanceof Error ? error.message : String(error)}); give a file written by --record.`
    )
  }
  const result = transcriptSchema.safeParse(value)
  if (!result.success) {
    const problems = result.error.issues
      .slice(0, 5)
      .map(issue => `- ${issue.path.join('.') || '(top)'}: ${issue.message}`)
    throw new AgentTeamError(
      `${source} is not an agent-team transcript (version ${TRANSCRIPT_VERSION}):\n${problems.join('\n')}\nRecord one with --record FILE.`
    )
  }
  return result.data
}

/** The transcript as the file stores it: two-space indent and a trailing newline. */
export function serializeTranscript(transcript: Transcript): string {
  return `${JSON.stringify(transcript, null, 2)}\n`
}
