import type { AgentCommand } from './request.js'

/** The outcome of reading a comment: not for us, a command, or a command we could not understand. */
export type ParsedComment =
  { kind: 'not-addressed' } | { kind: 'command'; command: AgentCommand } | { kind: 'invalid'; error: string }

/** The phrase used when the configured one is empty, so an empty input can never match every comment. */
export const DEFAULT_TRIGGER_PHRASE = '/agents'

/** The phrase that addresses the team: the configured one, or the default when it is blank. */
export function triggerPhraseOf(settings: { triggerPhrase: string }): string {
  return settings.triggerPhrase.trim() || DEFAULT_TRIGGER_PHRASE
}

/** Task ids as the manager writes them (`T1`, `API-2`, `ui.login`), bounded so a typo cannot be a paragraph. */
const TASK_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/

/**
 * Reads a comment body that may start with the trigger phrase. The phrase must open the body (leading
 * whitespace aside), matches case-insensitively and must be followed by whitespace or the end, so
 * `/agentsfoo` or a phrase quoted mid-sentence never counts. The command word is case-insensitive too.
 * Only the first line is the command; `run`, `answer` and `revise` also take the lines after it as their text.
 */
export function parseCommand(body: string, triggerPhrase: string): ParsedComment {
  const phrase = triggerPhraseOf({ triggerPhrase })
  const text = body.trimStart()
  if (text.slice(0, phrase.length).toLowerCase() !== phrase.toLowerCase()) return { kind: 'not-addressed' }
  const rest = text.slice(phrase.length)
  if (rest !== '' && !/^\s/.test(rest)) return { kind: 'not-addressed' }

  const newline = rest.indexOf('\n')
  const firstLine = (newline === -1 ? rest : rest.slice(0, newline)).trim()
  const following = newline === -1 ? '' : rest.slice(newline + 1)
  const word = firstLine.split(/\s/, 1)[0] ?? ''
  const afterWord = firstLine.slice(word.length)
  const args = afterWord.split(/\s+/).filter(Boolean)
  const invalid = (problem: string): ParsedComment => ({
    kind: 'invalid',
    error: `${problem} ${usage(phrase)}`
  })

  switch (word.toLowerCase()) {
    case 'run': {
      const runText = joinText(afterWord, following)
      return { kind: 'command', command: runText ? { name: 'run', text: runText } : { name: 'run' } }
    }
    case 'status':
    case 'stop':
    case 'approve':
      if (args.length > 0) return invalid(`"${phrase} ${word}" takes no arguments.`)
      return { kind: 'command', command: { name: word.toLowerCase() as 'status' | 'stop' | 'approve' } }
    case 'retry': {
      const taskId = args[0]
      if (args.length !== 1 || !taskId || !TASK_ID.test(taskId)) {
        return invalid(`"${phrase} retry" needs exactly one task id, e.g. "${phrase} retry T2".`)
      }
      return { kind: 'command', command: { name: 'retry', taskId } }
    }
    case 'answer': {
      const taskId = args[0]
      if (!taskId || !TASK_ID.test(taskId)) {
        return invalid(
          `"${phrase} answer" needs a task id and the answer, e.g. "${phrase} answer T2 use UTC".`
        )
      }
      const answer = joinText(afterWord.trimStart().slice(taskId.length), following)
      if (!answer) return invalid(`"${phrase} answer ${taskId}" needs the answer text after the task id.`)
      return { kind: 'command', command: { name: 'answer', taskId, text: answer } }
    }
    case 'revise': {
      const request = joinText(afterWord, following)
      if (!request) {
        return invalid(
          `"${phrase} revise" needs what to change, e.g. "${phrase} revise split T2 into API and UI tasks".`
        )
      }
      return { kind: 'command', command: { name: 'revise', text: request } }
    }
    case '':
      return invalid(`"${phrase}" needs a command.`)
    default:
      return invalid(`"${word}" is not a command.`)
  }
}

/** The accepted forms, with the phrase this repository uses, for replies to a command we did not understand. */
export function usage(triggerPhrase: string): string {
  const p = triggerPhraseOf({ triggerPhrase })
  return (
    `Accepted forms: \`${p} run [feature text]\`, \`${p} status\`, \`${p} retry <TASK-ID>\`, ` +
    `\`${p} stop\`, \`${p} answer <TASK-ID> <text>\`, \`${p} approve\`, \`${p} revise <text>\`.`
  )
}

/** The rest of the command line plus any lines below it, without the blank edges. */
function joinText(restOfLine: string, following: string): string {
  return [restOfLine.trim(), following].join('\n').trim()
}
