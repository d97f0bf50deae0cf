import { describe, expect, it } from '@jest/globals'
import { parseCommand, usage } from '../../../src/trigger/parse-command.js'

const parse = (body: string, phrase = '/agents') => parseCommand(body, phrase)

describe('parseCommand', () => {
  describe('recognising the trigger phrase', () => {
    it('reads a command after the phrase, ignoring leading whitespace', () => {
      expect(parse('  \n\t/agents status')).toEqual({ kind: 'command', command: { name: 'status' } })
    })

    it('matches the phrase and the command word case-insensitively', () => {
      expect(parse('/AGENTS Status')).toEqual({ kind: 'command', command: { name: 'status' } })
    })

    it('ignores comments that do not start with the phrase', () => {
      expect(parse('Please run /agents run')).toEqual({ kind: 'not-addressed' })
      expect(parse('> /agents run')).toEqual({ kind: 'not-addressed' })
      expect(parse('')).toEqual({ kind: 'not-addressed' })
    })

    it('requires whitespace or the end after the phrase', () => {
      expect(parse('/agentsrun')).toEqual({ kind: 'not-addressed' })
      expect(parse('/agents-team run')).toEqual({ kind: 'not-addressed' })
    })

    it('uses a configured phrase, and the default when the configured one is blank', () => {
      expect(parse('@team stop', '@team')).toEqual({ kind: 'command', command: { name: 'stop' } })
      expect(parse('/agents stop', '@team')).toEqual({ kind: 'not-addressed' })
      expect(parse('/agents stop', '   ')).toEqual({ kind: 'command', command: { name: 'stop' } })
      expect(parse('anything at all', '')).toEqual({ kind: 'not-addressed' })
    })
  })

  describe('run', () => {
    it('takes no text when none follows', () => {
      expect(parse('/agents run')).toEqual({ kind: 'command', command: { name: 'run' } })
      expect(parse('/agents run   \n\n  ')).toEqual({ kind: 'command', command: { name: 'run' } })
    })

    it('takes the rest of the line and the lines below as the feature text', () => {
      expect(parse('/agents run Add dark mode\n\nIt should follow the OS setting.')).toEqual({
        kind: 'command',
        command: { name: 'run', text: 'Add dark mode\n\nIt should follow the OS setting.' }
      })
    })

    it('takes text that starts on the next line', () => {
      expect(parse('/agents run\nAdd an export button')).toEqual({
        kind: 'command',
        command: { name: 'run', text: 'Add an export button' }
      })
    })
  })

  describe('retry, answer, status, stop', () => {
    it('reads retry with one task id, as written', () => {
      expect(parse('/agents retry API-2')).toEqual({
        kind: 'command',
        command: { name: 'retry', taskId: 'API-2' }
      })
    })

    it('reads answer with a task id and a multi-line answer', () => {
      expect(parse('/agents answer T3 Use UTC everywhere.\nAnd ISO dates.')).toEqual({
        kind: 'command',
        command: { name: 'answer', taskId: 'T3', text: 'Use UTC everywhere.\nAnd ISO dates.' }
      })
    })

    it('keeps an answer whose words repeat the command or the id', () => {
      expect(parse('/agents answer swer swer answer')).toEqual({
        kind: 'command',
        command: { name: 'answer', taskId: 'swer', text: 'swer answer' }
      })
    })

    it('reads comments written with Windows line endings', () => {
      expect(parse('/agents retry T1\r\n')).toEqual({
        kind: 'command',
        command: { name: 'retry', taskId: 'T1' }
      })
      expect(parse('/agents run\r\nAdd X')).toEqual({
        kind: 'command',
        command: { name: 'run', text: 'Add X' }
      })
    })

    it('ignores lines below a command that takes no text', () => {
      expect(parse('/agents status\nthanks!')).toEqual({ kind: 'command', command: { name: 'status' } })
    })
  })

  describe('approve, revise', () => {
    it('reads approve, which takes no arguments', () => {
      expect(parse('/agents approve')).toEqual({ kind: 'command', command: { name: 'approve' } })
      expect(parse('/agents Approve\nlooks good')).toEqual({ kind: 'command', command: { name: 'approve' } })
    })

    it('reads revise with the rest of the line and the lines below as the request', () => {
      expect(parse('/agents revise drop the QA task\nand merge T1 into T2')).toEqual({
        kind: 'command',
        command: { name: 'revise', text: 'drop the QA task\nand merge T1 into T2' }
      })
      expect(parse('/agents revise\nuse one task')).toEqual({
        kind: 'command',
        command: { name: 'revise', text: 'use one task' }
      })
    })
  })

  describe('commands it cannot understand', () => {
    const cases: Array<[string, string]> = [
      ['/agents', 'needs a command'],
      ['/agents dance', '"dance" is not a command'],
      ['/agents retry', 'needs exactly one task id'],
      ['/agents retry T1 T2', 'needs exactly one task id'],
      ['/agents retry <T1>', 'needs exactly one task id'],
      ['/agents answer', 'needs a task id and the answer'],
      ['/agents answer T1', 'needs the answer text'],
      ['/agents answer T1   \n  ', 'needs the answer text'],
      ['/agents status now', 'takes no arguments'],
      ['/agents stop it', 'takes no arguments'],
      ['/agents approve T1', 'takes no arguments'],
      ['/agents revise', 'needs what to change'],
      ['/agents revise   \n  ', 'needs what to change']
    ]
    it.each(cases)('%j is refused with the accepted forms', (body, problem) => {
      const parsed = parse(body)
      expect(parsed.kind).toBe('invalid')
      const error = (parsed as { error: string }).error
      expect(error).toContain(problem)
      expect(error).toContain(usage('/agents'))
    })

    it('lists every form with the configured phrase', () => {
      expect(usage('@team')).toBe(
        'Accepted forms: `@team run [feature text]`, `@team status`, `@team retry <TASK-ID>`, `@team stop`, ' +
          '`@team answer <TASK-ID> <text>`, `@team approve`, `@team revise <text>`.'
      )
    })
  })
})
