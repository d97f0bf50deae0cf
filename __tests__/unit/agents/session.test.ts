import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import {
  answerBlocker,
  runSession,
  type SessionOptions,
  type SessionResult,
  type SessionToolOutcome,
  type SessionTools
} from '../../../src/agents/session.js'
import type {
  ContentBlock,
  Message,
  ModelRequest,
  ModelResponse,
  ToolResultBlock,
  ToolSpec,
  ToolUseBlock,
  Usage
} from '../../../src/models/model.js'
import { BudgetExceeded } from '../../../src/util/errors.js'
import { fakeModel, reply, textReply, toolUseReply, type ScriptedReply } from '../../harness/fake-model.js'
import { tempDir, type TempDir } from './temp-repo.js'

const TASK: Message = { role: 'user', content: [{ type: 'text', text: 'TASK-1: add a greeting module.' }] }
const SYSTEM = [{ type: 'text' as const, text: 'You are the developer.' }]
const KEEP_WORKING = 'Keep working with the tools.'
const NOT_PROGRESSING = 'You are not making progress'

interface Recorded {
  name: string
  input: unknown
}

/**
 * The tools of a session over a real temp dir: read_file and write_file touch files, run_command answers
 * from `commandOutput` (and throws for `crash`), report_blocker and finish_task end the session.
 */
function workspaceTools(dir: string) {
  const calls: Recorded[] = []
  const names = ['read_file', 'write_file', 'run_command', 'report_blocker', 'finish_task']
  const specs: ToolSpec[] = names.map(name => ({
    name,
    description: `The ${name} tool.`,
    input_schema: { type: 'object' }
  }))
  const tools: SessionTools = {
    specs,
    async execute(name, input): Promise<SessionToolOutcome> {
      calls.push({ name, input: structuredClone(input) })
      const args = input as Record<string, unknown>
      const text = (key: string) => String(args[key])
      const list = (key: string) => args[key] as string[]
      switch (name) {
        case 'read_file': {
          const file = path.join(dir, text('path'))
          if (!fs.existsSync(file)) return { content: `No file \`${text('path')}\`.`, isError: true }
          return { content: fs.readFileSync(file, 'utf8'), isError: false }
        }
        case 'write_file':
          fs.mkdirSync(path.dirname(path.join(dir, text('path'))), { recursive: true })
          fs.writeFileSync(path.join(dir, text('path')), text('content'))
          return { content: `Wrote \`${text('path')}\`.`, isError: false, changedFiles: [text('path')] }
        case 'run_command':
          if (text('command') === 'crash') throw new Error('spawn crash ENOENT')
          return { content: `$ ${text('command')}\nok`, isError: false }
        case 'report_blocker':
          return {
            content: 'Blocker reported.',
            isError: false,
            terminal: { kind: 'blocker', question: text('question') }
          }
        case 'finish_task':
          return {
            content: 'Task finished.',
            isError: false,
            terminal: {
              kind: 'finish',
              summary: text('summary'),
              filesChanged: list('files_changed'),
              checksRun: list('checks_run')
            }
          }
        default:
          return { content: `Unknown tool ${name}.`, isError: true }
      }
    }
  }
  return { tools, calls, executed: () => calls.map(call => call.name) }
}

/**
 * What the Anthropic Messages API demands of a request's conversation: it starts with the user, roles
 * alternate, no message is empty, and every tool_use is answered by a tool_result in the very next user
 * message — the results first, one for each call, none for a call that was not made.
 */
function expectValidConversation(messages: Message[]): void {
  expect(messages.length).toBeGreaterThan(0)
  expect(messages[0]!.role).toBe('user')
  expect(messages[messages.length - 1]!.role).toBe('user')
  messages.forEach((message, i) => {
    expect(message.content.length).toBeGreaterThan(0)
    if (i > 0) expect(message.role).not.toBe(messages[i - 1]!.role)
    const results = message.content.filter(isToolResult)
    if (message.role === 'assistant') {
      expect(results).toEqual([])
      return
    }
    const previous = messages[i - 1]
    const asked = previous ? previous.content.filter(isToolUse).map(call => call.id) : []
    expect(results.map(result => result.tool_use_id).sort()).toEqual([...asked].sort())
    // tool_result blocks lead the user message.
    expect(message.content.slice(0, results.length).every(isToolResult)).toBe(true)
  })
}

/** A reply the model gives only after checking the request is one the API would accept. */
function accepting(response: ModelResponse): ScriptedReply {
  return (request: ModelRequest) => {
    expectValidConversation(request.messages)
    return structuredClone(response)
  }
}

function isToolUse(block: ContentBlock): block is ToolUseBlock {
  return block.type === 'tool_use'
}

function isToolResult(block: ContentBlock): block is ToolResultBlock {
  return block.type === 'tool_result'
}

/** The newest user message's blocks in the request: what this turn told the model. */
function newest(request: ModelRequest): ContentBlock[] {
  return request.messages[request.messages.length - 1]!.content
}

function textOf(blocks: ContentBlock[]): string {
  return blocks.map(block => (block.type === 'text' ? block.text : '')).join('\n')
}

function resultFor(request: ModelRequest, id: string): ToolResultBlock | undefined {
  return newest(request)
    .filter(isToolResult)
    .find(result => result.tool_use_id === id)
}

function toolUseId(response: ModelResponse, index = 0): string {
  return response.content.filter(isToolUse)[index]!.id
}

function expectKind<K extends SessionResult['kind']>(
  result: SessionResult,
  kind: K
): SessionResult & { kind: K } {
  expect(result.kind).toBe(kind)
  return result as SessionResult & { kind: K }
}

describe('runSession', () => {
  let temp: TempDir
  let ws: ReturnType<typeof workspaceTools>
  const options = (replies: readonly ScriptedReply[], extra: Partial<SessionOptions> = {}) => {
    const model = fakeModel(replies)
    return {
      model,
      options: {
        model,
        system: SYSTEM,
        messages: [TASK],
        tools: ws.tools,
        maxTurns: 20,
        maxTokens: 4096,
        ...extra
      } satisfies SessionOptions
    }
  }

  beforeEach(() => {
    temp = tempDir('agent-team-session-')
    ws = workspaceTools(temp.dir)
  })

  afterEach(() => temp.remove())

  describe('finishing', () => {
    it('ends on finish_task with its summary and checks, the files changed and the summed usage', async () => {
      const write = toolUseReply(
        'write_file',
        { path: 'src/greet.ts', content: 'export const greet = () => "hi"\n' },
        { inputTokens: 100, outputTokens: 20, cacheCreationInputTokens: 50 }
      )
      const test = toolUseReply('run_command', { command: 'npm test' }, { inputTokens: 10, outputTokens: 5 })
      const finish = toolUseReply(
        'finish_task',
        {
          summary: 'Added greet().',
          files_changed: ['src/greet.ts', 'src/index.ts'],
          checks_run: ['npm test: passed']
        },
        { inputTokens: 1, outputTokens: 2, cacheReadInputTokens: 300 }
      )
      const seenUsage: Usage[] = []
      const seenCalls: string[] = []
      const { model, options: opts } = options([accepting(write), accepting(test), accepting(finish)], {
        onUsage: u => seenUsage.push(u),
        onToolCall: (call, outcome) => seenCalls.push(`${call.name}:${outcome.isError}`)
      })

      const result = expectKind(await runSession(opts), 'finished')

      expect(result.summary).toBe('Added greet().')
      expect(result.checksRun).toEqual(['npm test: passed'])
      // Files written during the session and the ones finish_task names, each once.
      expect(result.filesChanged.sort()).toEqual(['src/greet.ts', 'src/index.ts'])
      expect(result.turns).toBe(3)
      expect(result.usage).toEqual({
        inputTokens: 111,
        outputTokens: 27,
        cacheCreationInputTokens: 50,
        cacheReadInputTokens: 300
      })
      expect(seenUsage).toEqual([write.usage, test.usage, finish.usage])
      expect(seenCalls).toEqual(['write_file:false', 'run_command:false', 'finish_task:false'])
      expect(ws.executed()).toEqual(['write_file', 'run_command', 'finish_task'])
      expect(fs.readFileSync(path.join(temp.dir, 'src/greet.ts'), 'utf8')).toBe(
        'export const greet = () => "hi"\n'
      )
      expect(model.requests).toHaveLength(3)
      // The model saw each tool's real output as the answer to its call.
      expect(resultFor(model.requests[1]!, toolUseId(write))).toEqual({
        type: 'tool_result',
        tool_use_id: toolUseId(write),
        content: 'Wrote `src/greet.ts`.',
        is_error: false,
        cache_control: { type: 'ephemeral' }
      })
      expect(resultFor(model.requests[2]!, toolUseId(test))?.content).toBe('$ npm test\nok')
      // The transcript: task, then a call and its answer per turn, ending with the finish call.
      expect(result.messages.map(m => m.role)).toEqual([
        'user',
        'assistant',
        'user',
        'assistant',
        'user',
        'assistant'
      ])
      expect(result.messages[0]).toEqual(TASK)
      expect(result.messages[5]!.content).toEqual(finish.content)
    })

    it('answers a call whose arguments were not JSON with an error to fix, without running the tool', async () => {
      const broken = toolUseReply('write_file', {})
      const block = broken.content[0] as ToolUseBlock
      block.malformed_input = '{"path": "src/a.ts", "content": "cut off'
      const finish = toolUseReply('finish_task', { summary: 's', files_changed: [], checks_run: [] })
      const { model, options: opts } = options([accepting(broken), accepting(finish)])

      expectKind(await runSession(opts), 'finished')

      const answer = resultFor(model.requests[1]!, block.id)
      expect(answer?.is_error).toBe(true)
      expect(answer?.content).toContain('Your call of write_file did not reach the tool')
      expect(answer?.content).toContain('Unterminated string')
      expect(answer?.content).toContain('"src/a.ts')
      expect(ws.executed()).toEqual(['finish_task'])
      expect(fs.existsSync(path.join(temp.dir, 'src/a.ts'))).toBe(false)
    })

    it('passes the request settings through and leaves the caller’s transcript and tools untouched', async () => {
      const controller = new AbortController()
      const messages: Message[] = [structuredClone(TASK)]
      const specsBefore = structuredClone(ws.tools.specs)
      const finish = toolUseReply('finish_task', { summary: 's', files_changed: [], checks_run: [] })
      const { model, options: opts } = options([finish], {
        messages,
        signal: controller.signal,
        temperature: 0.2,
        maxTokens: 1234
      })

      const result = await runSession(opts)

      expect(result.kind).toBe('finished')
      expect(model.requests[0]).toMatchObject({
        system: SYSTEM,
        toolChoice: { type: 'auto' },
        maxTokens: 1234,
        temperature: 0.2
      })
      expect(model.requests[0]!.signal).toBe(controller.signal)
      expect(messages).toEqual([TASK])
      expect(ws.tools.specs).toEqual(specsBefore)
    })
  })

  describe('blockers', () => {
    it('ends as blocked with the other results of that turn pending, and resumes from the answer', async () => {
      temp.write('notes.md', 'Dates: undecided.\n')
      const ask = reply(
        [
          { type: 'text', text: 'Reading the notes, writing a draft, and asking about time zones.' },
          { type: 'tool_use', id: 'toolu_read', name: 'read_file', input: { path: 'notes.md' } },
          {
            type: 'tool_use',
            id: 'toolu_ask',
            name: 'report_blocker',
            input: { question: 'UTC or local time?' }
          },
          {
            type: 'tool_use',
            id: 'toolu_draft',
            name: 'write_file',
            input: { path: 'src/date.ts', content: 'draft\n' }
          }
        ],
        'tool_use',
        { inputTokens: 40 }
      )
      const first = options([accepting(ask)])

      const blocked = expectKind(await runSession(first.options), 'blocked')

      expect(blocked.question).toBe('UTC or local time?')
      expect(blocked.blockerId).toBe('toolu_ask')
      expect(blocked.turns).toBe(1)
      expect(blocked.usage.inputTokens).toBe(40)
      expect(blocked.filesChanged).toEqual(['src/date.ts'])
      // The calls around the blocker ran, and their results wait for the answer.
      expect(ws.executed()).toEqual(['read_file', 'report_blocker', 'write_file'])
      expect(blocked.pending).toEqual([
        { type: 'tool_result', tool_use_id: 'toolu_read', content: 'Dates: undecided.\n', is_error: false },
        { type: 'tool_result', tool_use_id: 'toolu_draft', content: 'Wrote `src/date.ts`.', is_error: false }
      ])
      // The transcript stops at the model's turn: nothing answers it yet.
      expect(blocked.messages.at(-1)).toEqual({ role: 'assistant', content: ask.content })

      const resumedMessages = answerBlocker(blocked, 'UTC everywhere.')
      expectValidConversation(resumedMessages)
      expect(resumedMessages.slice(0, -1)).toEqual(blocked.messages)
      expect(resumedMessages.at(-1)).toEqual({
        role: 'user',
        content: [
          ...blocked.pending,
          {
            type: 'tool_result',
            tool_use_id: 'toolu_ask',
            content: 'Answer: UTC everywhere.\nThis is now a team decision; carry on with the task.'
          }
        ]
      })

      const finish = toolUseReply('finish_task', {
        summary: 'Dates in UTC.',
        files_changed: ['src/date.ts'],
        checks_run: []
      })
      const second = options([accepting(finish)], { messages: resumedMessages })
      const finished = expectKind(await runSession(second.options), 'finished')

      expect(finished.summary).toBe('Dates in UTC.')
      expect(finished.messages.slice(0, resumedMessages.length)).toEqual(resumedMessages)
      expect(resultFor(second.model.requests[0]!, 'toolu_ask')?.content).toContain('UTC everywhere.')
    })

    it('answers a second report_blocker of the same turn, so the resumed transcript stays valid', async () => {
      const askTwice = reply(
        [
          {
            type: 'tool_use',
            id: 'toolu_q1',
            name: 'report_blocker',
            input: { question: 'Which database?' }
          },
          { type: 'tool_use', id: 'toolu_q2', name: 'report_blocker', input: { question: 'Which port?' } }
        ],
        'tool_use'
      )
      const blocked = expectKind(await runSession(options([askTwice]).options), 'blocked')

      expect(blocked.question).toBe('Which database?')
      expect(blocked.blockerId).toBe('toolu_q1')
      expect(blocked.pending).toEqual([
        {
          type: 'tool_result',
          tool_use_id: 'toolu_q2',
          content: expect.stringContaining('Only one question can wait for an answer at a time'),
          is_error: true
        }
      ])
      const resumed = answerBlocker(blocked, 'Postgres.')
      expectValidConversation(resumed)

      const ask = toolUseReply('report_blocker', { question: 'Which port?' })
      const again = expectKind(
        await runSession(options([accepting(ask)], { messages: resumed }).options),
        'blocked'
      )
      expect(again.question).toBe('Which port?')
    })
  })

  describe('limits and failures', () => {
    it('fails with the reason after maxTurns turns without finishing', async () => {
      const replies = [1, 2, 3].map(i => accepting(toolUseReply('read_file', { path: `file-${i}.ts` })))
      const { model, options: opts } = options(replies, { maxTurns: 3 })

      const result = expectKind(await runSession(opts), 'failed')

      expect(result.reason).toBe('used all 3 turns without finishing')
      expect(result.turns).toBe(3)
      expect(model.requests).toHaveLength(3)
      expect(ws.executed()).toEqual(['read_file', 'read_file', 'read_file'])
      // The last turn's results are in the transcript too.
      expect(result.messages).toHaveLength(7)
      expectValidConversation(result.messages)
    })

    it('fails with the budget message when onUsage throws, counting the reply that crossed it', async () => {
      const first = toolUseReply('run_command', { command: 'npm test' }, { inputTokens: 500 })
      const second = toolUseReply('write_file', { path: 'a.ts', content: 'x' }, { inputTokens: 700 })
      let spent = 0
      const { options: opts } = options([first, second], {
        onUsage: u => {
          spent += u.inputTokens
          if (spent > 1000) throw new BudgetExceeded(`token budget of 1000 reached (${spent} used)`)
        }
      })

      const result = expectKind(await runSession(opts), 'failed')

      expect(result.reason).toBe('token budget of 1000 reached (1200 used)')
      expect(result.usage.inputTokens).toBe(1200)
      expect(result.turns).toBe(2)
      // The reply past the budget is not acted on.
      expect(ws.executed()).toEqual(['run_command'])
      expect(fs.existsSync(path.join(temp.dir, 'a.ts'))).toBe(false)
    })

    it('fails when the model call throws', async () => {
      const { options: opts } = options([
        toolUseReply('read_file', { path: 'a.ts' }, { outputTokens: 9 }),
        () => {
          throw new Error('529 overloaded')
        }
      ])

      const result = expectKind(await runSession(opts), 'failed')

      expect(result.reason).toBe('529 overloaded')
      expect(result.turns).toBe(2)
      expect(result.usage.outputTokens).toBe(9)
      expectValidConversation(result.messages)
    })

    it('passes the abort signal to the model, which ends the session when it is aborted', async () => {
      const controller = new AbortController()
      const { model, options: opts } = options(
        [
          () => {
            controller.abort()
            return toolUseReply('read_file', { path: 'a.ts' })
          },
          request => {
            if (request.signal?.aborted) throw new Error('Request was aborted.')
            return textReply('not reached')
          }
        ],
        { signal: controller.signal }
      )

      const result = expectKind(await runSession(opts), 'failed')

      expect(result.reason).toBe('Request was aborted.')
      expect(model.requests.map(r => r.signal)).toEqual([controller.signal, controller.signal])
    })

    it('turns a throwing tool into an error result and goes on', async () => {
      const crash = toolUseReply('run_command', { command: 'crash' })
      const finish = toolUseReply('finish_task', { summary: 'done', files_changed: [], checks_run: [] })
      const outcomes: boolean[] = []
      const { model, options: opts } = options([accepting(crash), accepting(finish)], {
        onToolCall: (_call, outcome) => outcomes.push(outcome.isError)
      })

      const result = await runSession(opts)

      expect(result.kind).toBe('finished')
      expect(resultFor(model.requests[1]!, toolUseId(crash))).toMatchObject({
        content: 'The tool failed: spawn crash ENOENT',
        is_error: true
      })
      expect(outcomes).toEqual([true, false])
    })
  })

  describe('the loop guard in the session', () => {
    it('refuses an exact repeat without running it, and allows it again after a file change', async () => {
      const test1 = toolUseReply('run_command', { command: 'npm test', timeout: 60 })
      const test2 = toolUseReply('run_command', { timeout: 60, command: 'npm test' })
      const write = toolUseReply('write_file', { path: 'src/fix.ts', content: 'fixed\n' })
      const test3 = toolUseReply('run_command', { command: 'npm test', timeout: 60 })
      const finish = toolUseReply('finish_task', { summary: 'fixed', files_changed: [], checks_run: [] })
      const { model, options: opts } = options([test1, test2, write, test3, finish].map(accepting))

      const result = expectKind(await runSession(opts), 'finished')

      expect(ws.executed()).toEqual(['run_command', 'write_file', 'run_command', 'finish_task'])
      const refusal = resultFor(model.requests[2]!, toolUseId(test2))
      expect(refusal?.is_error).toBe(true)
      expect(refusal?.content).toContain(
        'You already made this exact run_command call and nothing has changed since'
      )
      expect(resultFor(model.requests[4]!, toolUseId(test3))).toMatchObject({
        content: '$ npm test\nok',
        is_error: false
      })
      expect(result.filesChanged).toEqual(['src/fix.ts'])
    })

    it('runs a call again when an earlier call of the same reply changed a file', async () => {
      temp.write('a.ts', 'old\n')
      const read = toolUseReply('read_file', { path: 'a.ts' })
      const editThenRead = reply(
        [
          { type: 'tool_use', id: 'toolu_w', name: 'write_file', input: { path: 'a.ts', content: 'new\n' } },
          { type: 'tool_use', id: 'toolu_r', name: 'read_file', input: { path: 'a.ts' } }
        ],
        'tool_use'
      )
      const finish = toolUseReply('finish_task', { summary: 's', files_changed: [], checks_run: [] })
      const { model, options: opts } = options([read, editThenRead, finish].map(accepting))

      expect((await runSession(opts)).kind).toBe('finished')
      expect(ws.executed()).toEqual(['read_file', 'write_file', 'read_file', 'finish_task'])
      expect(resultFor(model.requests[2]!, 'toolu_r')).toMatchObject({ content: 'new\n', is_error: false })
    })

    it('nudges a text-only reply to keep working, and a cut-off reply to take smaller steps', async () => {
      const finish = toolUseReply('finish_task', { summary: 's', files_changed: [], checks_run: [] })
      const { model, options: opts } = options([
        accepting(textReply('I think I am done.')),
        accepting(textReply('Here is a very long', {}, 'max_tokens')),
        accepting(finish)
      ])

      const result = await runSession(opts)

      expect(result.kind).toBe('finished')
      expect(newest(model.requests[1]!)).toEqual([
        expect.objectContaining({ type: 'text', text: expect.stringContaining(KEEP_WORKING) })
      ])
      expect(textOf(newest(model.requests[1]!))).toContain('call finish_task')
      expect(textOf(newest(model.requests[2]!))).toBe(
        'Your reply was cut off at the token limit. Continue with smaller steps.'
      )
    })

    it('nudges at the stall threshold, then ends as stalled at the stop threshold', async () => {
      const replies = Array.from({ length: 10 }, (_, i) => accepting(textReply(`Thinking, step ${i + 1}.`)))
      const { model, options: opts } = options(replies, { guard: { nudgeAt: 2, stopAt: 4 } })

      const result = expectKind(await runSession(opts), 'stalled')

      expect(result.reason).toBe('no progress in 4 turns (no file changed and no new tool call)')
      expect(result.turns).toBe(4)
      expect(model.requests).toHaveLength(4)
      // The nudge follows the second idle turn, once, after the keep-working note.
      const nudged = model.requests.map(request => textOf(newest(request)).includes(NOT_PROGRESSING))
      expect(nudged).toEqual([false, false, true, false])
      const nudgeTurn = newest(model.requests[2]!)
      expect(nudgeTurn).toHaveLength(2)
      expect(textOf([nudgeTurn[0]!])).toContain(KEEP_WORKING)
      // The stalled transcript ends with the model's last reply.
      expect(result.messages.at(-1)?.role).toBe('assistant')
    })

    it('stalls on a loop of refused repeats with the default thresholds', async () => {
      const replies = Array.from({ length: 10 }, () =>
        accepting(toolUseReply('run_command', { command: 'npm run lint' }))
      )
      const { model, options: opts } = options(replies)

      const result = expectKind(await runSession(opts), 'stalled')

      // The first call is new; six refused repeats follow before the stop.
      expect(result.turns).toBe(7)
      expect(ws.executed()).toEqual(['run_command'])
      const nudged = model.requests.map(request => textOf(newest(request)).includes(NOT_PROGRESSING))
      expect(nudged).toEqual([false, false, false, false, true, false, false])
    })

    it('tolerates a detour: progress pays the stall counter back', async () => {
      const write = (i: number) =>
        accepting(toolUseReply('write_file', { path: `step-${i}.ts`, content: `${i}\n` }))
      const idle = (i: number) => accepting(textReply(`Considering option ${i}.`))
      const finish = toolUseReply('finish_task', { summary: 's', files_changed: [], checks_run: [] })
      // Six idle turns in all (the stop threshold), but never three in a row.
      const script = [
        idle(1),
        idle(2),
        write(1),
        idle(3),
        idle(4),
        write(2),
        idle(5),
        idle(6),
        accepting(finish)
      ]
      const { model, options: opts } = options(script)

      const result = expectKind(await runSession(opts), 'finished')

      expect(result.turns).toBe(9)
      expect(result.filesChanged.sort()).toEqual(['step-1.ts', 'step-2.ts'])
      expect(model.requests.some(request => textOf(newest(request)).includes(NOT_PROGRESSING))).toBe(false)
    })
  })

  describe('prompt caching', () => {
    it('marks the last tool and the newest user block only, and keeps no marks in the transcript', async () => {
      temp.write('a.ts', 'a\n')
      const script = [
        toolUseReply('read_file', { path: 'a.ts' }),
        textReply('Let me think.'),
        reply(
          [
            { type: 'tool_use', id: 'toolu_c1', name: 'read_file', input: { path: 'b.ts' } },
            { type: 'tool_use', id: 'toolu_c2', name: 'write_file', input: { path: 'b.ts', content: 'b\n' } }
          ],
          'tool_use'
        ),
        toolUseReply('finish_task', { summary: 's', files_changed: [], checks_run: [] })
      ]
      const { model, options: opts } = options(script.map(accepting))

      const result = await runSession(opts)

      expect(result.kind).toBe('finished')
      expect(model.requests).toHaveLength(4)
      for (const request of model.requests) {
        const tools = request.tools ?? []
        expect(tools.map(tool => tool.name)).toEqual(ws.tools.specs.map(spec => spec.name))
        expect(tools.map(tool => tool.cache_control)).toEqual([
          undefined,
          undefined,
          undefined,
          undefined,
          { type: 'ephemeral' }
        ])
        const marked = request.messages.flatMap((message, i) =>
          message.content.flatMap((block, j) =>
            'cache_control' in block && block.cache_control ? [[i, j]] : []
          )
        )
        const last = request.messages.length - 1
        expect(marked).toEqual([[last, request.messages[last]!.content.length - 1]])
        expect(request.messages[last]!.role).toBe('user')
      }
      // The third request ends with the two results: the mark sits on the second.
      expect(newest(model.requests[3]!).map(block => block.type)).toEqual(['tool_result', 'tool_result'])
      expect(JSON.stringify(result.messages)).not.toContain('cache_control')
      expect(JSON.stringify(ws.tools.specs)).not.toContain('cache_control')
    })
  })
})
