import type {
  Message,
  Model,
  ModelRequest,
  ModelResponse,
  TextBlock,
  ToolResultBlock,
  ToolSpec,
  ToolUseBlock,
  Usage
} from '../models/model.js'
import { addUsage, zeroUsage } from '../models/model.js'
import { fillPrompt } from '../prompts/index.js'
import { errorMessage } from '../util/errors.js'
import { createLoopGuard, type LoopGuard, type LoopGuardOptions } from './loop-guard.js'

/** What a tool call returns to the session (the tools room fills it in). */
export interface SessionToolOutcome {
  content: string
  isError: boolean
  changedFiles?: string[]
  terminal?:
    | { kind: 'finish'; summary: string; filesChanged: string[]; checksRun: string[] }
    | { kind: 'blocker'; question: string }
}

export interface SessionTools {
  specs: ToolSpec[]
  execute(name: string, input: unknown): Promise<SessionToolOutcome>
}

export interface SessionOptions {
  model: Model
  system: TextBlock[]
  /** The conversation so far: the task message for a new session, or a resumed transcript. */
  messages: Message[]
  tools: SessionTools
  maxTurns: number
  maxTokens: number
  temperature?: number
  signal?: AbortSignal
  /** Called with each reply's usage before anything else; may throw (a budget stop) to end the session. */
  onUsage?: (usage: Usage) => void
  /** Called after every tool call, for progress views and logs. */
  onToolCall?: (call: ToolUseBlock, outcome: SessionToolOutcome) => void
  guard?: LoopGuardOptions
}

interface SessionEnd {
  messages: Message[]
  turns: number
  usage: Usage
  filesChanged: string[]
}

export type SessionResult =
  | (SessionEnd & { kind: 'finished'; summary: string; checksRun: string[] })
  | (SessionEnd & { kind: 'blocked'; question: string; pending: ToolResultBlock[]; blockerId: string })
  | (SessionEnd & { kind: 'stalled' | 'failed'; reason: string })

/**
 * One agent session: model call → tool calls → results → model call, until the agent calls finish_task or
 * report_blocker, runs out of turns, stalls, or its budget callback stops it. The transcript comes back
 * with every ending, so a blocked session can resume exactly where it stopped.
 */
export async function runSession(options: SessionOptions): Promise<SessionResult> {
  const messages = [...options.messages]
  const guard = createLoopGuard(options.guard)
  const changed = new Set<string>()
  let usage = zeroUsage
  let turns = 0
  const end = (): SessionEnd => ({ messages, turns, usage, filesChanged: [...changed] })

  while (turns < options.maxTurns) {
    turns++
    let reply: ModelResponse
    try {
      reply = await askModel(options, messages)
      usage = addUsage(usage, reply.usage)
      options.onUsage?.(reply.usage)
    } catch (error) {
      return { ...end(), kind: 'failed', reason: errorMessage(error) }
    }
    messages.push({ role: 'assistant', content: reply.content })

    const calls = reply.content.filter((block): block is ToolUseBlock => block.type === 'tool_use')
    const turn = await runToolCalls(calls, options, guard)
    for (const file of turn.changedFiles) changed.add(file)
    if (turn.finished) return { ...end(), kind: 'finished', ...turn.finished }
    if (turn.blocker) {
      return { ...end(), kind: 'blocked', ...turn.blocker, pending: turn.results }
    }

    const verdict = guard.endTurn(turn.changedFiles.length > 0)
    if (verdict.action === 'stop') return { ...end(), kind: 'stalled', reason: verdict.reason }
    messages.push(nextUserTurn(reply, calls.length, turn.results, verdict))
  }
  return { ...end(), kind: 'failed', reason: `used all ${options.maxTurns} turns without finishing` }
}

function askModel(options: SessionOptions, messages: Message[]): Promise<ModelResponse> {
  return options.model.complete(sessionRequest({ ...options, specs: options.tools.specs }, messages))
}

/**
 * The request a session sends for `messages`: the one builder, so a request made before the session starts
 * (a task's first reply asked ahead) is the very one the session would send.
 */
export function sessionRequest(
  options: Pick<SessionOptions, 'system' | 'maxTokens' | 'temperature' | 'signal'> & { specs: ToolSpec[] },
  messages: Message[]
): ModelRequest {
  return {
    system: options.system,
    tools: withCacheBreakpoint(options.specs),
    messages: withConversationBreakpoint(messages),
    toolChoice: { type: 'auto' },
    maxTokens: options.maxTokens,
    temperature: options.temperature,
    signal: options.signal
  }
}

/** What the tool calls of one reply did. */
interface ToolTurn {
  results: ToolResultBlock[]
  /** Files the calls changed (a repeated call refused by the guard changes none). */
  changedFiles: string[]
  /** finish_task was called: the session ends here, the calls after it unread. */
  finished?: { summary: string; checksRun: string[] }
  /** report_blocker was called: its tool_result waits for the answer. */
  blocker?: { question: string; blockerId: string }
}

/** The answer to a call whose arguments were not a JSON object: what is wrong, and how the text began. */
function malformedCall(tool: string, text: string): string {
  let problem = 'not an object'
  try {
    JSON.parse(text)
  } catch (error) {
    problem = errorMessage(error)
  }
  const start = text.length > 200 ? `${text.slice(0, 200)}…` : text
  return fillPrompt('agent/malformed-call', { tool, problem, start: JSON.stringify(start) })
}

/** Runs the calls of one reply in order, each through the loop guard, into one tool_result per call. */
async function runToolCalls(
  calls: ToolUseBlock[],
  options: SessionOptions,
  guard: LoopGuard
): Promise<ToolTurn> {
  const turn: ToolTurn = { results: [], changedFiles: [] }
  for (const call of calls) {
    // Broken arguments are answered before the loop guard sees them: the model must learn what to fix.
    const repeat = call.malformed_input === undefined ? guard.checkCall(call.name, call.input) : undefined
    const outcome: SessionToolOutcome =
      call.malformed_input !== undefined
        ? { content: malformedCall(call.name, call.malformed_input), isError: true }
        : repeat
          ? { content: repeat, isError: true }
          : await options.tools.execute(call.name, call.input).catch(error => ({
              content: fillPrompt('agent/tool-failed', { error: errorMessage(error) }),
              isError: true
            }))
    options.onToolCall?.(call, outcome)
    turn.changedFiles.push(...(outcome.changedFiles ?? []))
    // A later call in this same reply (read after edit) may now answer differently.
    if (outcome.changedFiles?.length) guard.noteFileChange()
    if (outcome.terminal?.kind === 'finish') {
      turn.changedFiles.push(...outcome.terminal.filesChanged)
      turn.finished = { summary: outcome.terminal.summary, checksRun: outcome.terminal.checksRun }
      return turn
    }
    if (outcome.terminal?.kind === 'blocker') {
      if (!turn.blocker) {
        turn.blocker = { question: outcome.terminal.question, blockerId: call.id }
        continue
      }
      // Only one question waits for an answer; every other tool_use still needs its tool_result.
      turn.results.push({
        type: 'tool_result',
        tool_use_id: call.id,
        content: fillPrompt('agent/one-question'),
        is_error: true
      })
      continue
    }
    turn.results.push({
      type: 'tool_result',
      tool_use_id: call.id,
      content: outcome.content,
      is_error: outcome.isError
    })
  }
  return turn
}

/** The user turn after a reply: its tool results, a push to use the tools when it made no call, any nudge. */
function nextUserTurn(
  reply: ModelResponse,
  callCount: number,
  results: ToolResultBlock[],
  verdict: ReturnType<LoopGuard['endTurn']>
): Message {
  const content: Message['content'] = [...results]
  if (callCount === 0) {
    content.push({
      type: 'text',
      text:
        reply.stopReason === 'max_tokens'
          ? fillPrompt('agent/reply-cut-off')
          : fillPrompt('agent/keep-working')
    })
  }
  if (verdict.action === 'nudge') content.push({ type: 'text', text: verdict.message })
  return { role: 'user', content }
}

/** The transcript to resume a blocked session with: the blocker's tool call answered with `answer`. */
export function answerBlocker(
  blocked: Extract<SessionResult, { kind: 'blocked' }>,
  answer: string
): Message[] {
  return [
    ...blocked.messages,
    {
      role: 'user',
      content: [
        ...blocked.pending,
        {
          type: 'tool_result',
          tool_use_id: blocked.blockerId,
          content: fillPrompt('agent/blocker-answer', { answer })
        }
      ]
    }
  ]
}

// Tools never change within a session: one breakpoint on the last tool caches them all.
function withCacheBreakpoint(specs: ToolSpec[]): ToolSpec[] {
  return specs.map((spec, i) =>
    i === specs.length - 1 ? { ...spec, cache_control: { type: 'ephemeral' } } : spec
  )
}

// The conversation only grows, so a breakpoint on the newest user block lets the next call read the
// whole earlier exchange from the cache. Copies, so the stored transcript keeps no stale breakpoints.
function withConversationBreakpoint(messages: Message[]): Message[] {
  const last = messages.length - 1
  return messages.map((message, i) => {
    if (i !== last || message.role !== 'user' || message.content.length === 0) return message
    const content = message.content.map((block, j) =>
      j === message.content.length - 1 && block.type !== 'tool_use'
        ? { ...block, cache_control: { type: 'ephemeral' as const } }
        : block
    )
    return { ...message, content }
  })
}
