import type { Feature, Skip } from './request.js'
import { sanitiseText } from './sanitise.js'

/**
 * Readers for webhook payloads. A payload is untrusted JSON of any shape: every reader takes `unknown` and
 * gives back a typed value or undefined, never throws, so a malformed event becomes a skip with a reason.
 */
export type Json = Record<string, unknown>

/** Titles longer than this are cut at a word boundary; the full text stays in the body. */
const TITLE_LENGTH = 80

export interface IssueFields {
  number: number
  title: string
  body: string
  /** True when the "issue" is a pull request (issue_comment events fire for both). */
  isPullRequest: boolean
}

/** The issue a label or comment event is about, or why it cannot be used. */
export function readIssue(payload: Json, mustBeOpen = true): IssueFields | string {
  const issue = object(payload.issue)
  const number = wholeNumber(issue.number)
  if (number === undefined) return 'the event has no issue number'
  const isPullRequest = isObject(issue.pull_request)
  const kind = isPullRequest ? 'pull request' : 'issue'
  if (mustBeOpen && text(issue.state) === 'closed') return `${kind} #${number} is closed`
  return { number, title: text(issue.title) ?? '', body: text(issue.body) ?? '', isPullRequest }
}

/** The sender's login and whether it is a bot; a comment's author counts too, if it is a bot. */
export function readSender(payload: Json, author?: unknown): { actor: string; actorIsBot: boolean } | string {
  const sender = object(payload.sender)
  const actor = text(sender.login)?.trim()
  if (!actor) return 'the event has no sender'
  return { actor, actorIsBot: isBot(sender) || isBot(object(author)) }
}

/**
 * The repository's default branch as the payload names it: every event the team answers carries the
 * repository, default branch included, so the engine need not ask GitHub for it.
 */
export function readDefaultBranch(payload: Json): string | undefined {
  return nonBlank(text(object(payload.repository).default_branch))
}

export function isBot(account: Json): boolean {
  const login = text(account.login) ?? ''
  return text(account.type) === 'Bot' || /\[bot\]$/i.test(login.trim())
}

/** A feature from free text: the first line (without heading marks) is the title, the whole text the body. */
export function featureFromText(raw: string): Feature | undefined {
  const body = sanitiseText(raw)
  const firstLine = body.split('\n').find(line => line.trim() !== '')
  if (firstLine === undefined) return undefined
  return { title: shorten(firstLine.replace(/^\s*#+\s*/, '').trim()), body }
}

export function clean(feature: Feature): Feature {
  return { title: sanitiseText(feature.title), body: sanitiseText(feature.body) }
}

function shorten(title: string): string {
  if (title.length <= TITLE_LENGTH) return title
  // Never end on half a surrogate pair (an emoji cut in two).
  const cut = title.slice(0, TITLE_LENGTH - 1).replace(/[\uD800-\uDBFF]$/, '')
  const space = cut.lastIndexOf(' ')
  return `${(space > TITLE_LENGTH / 2 ? cut.slice(0, space) : cut).trimEnd()}…`
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function object(value: unknown): Json {
  return isObject(value) ? value : {}
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

export function numberOrText(value: unknown): string | undefined {
  return typeof value === 'number' ? String(value) : text(value)
}

export function nonBlank(value: string | undefined): string | undefined {
  const trimmed = value?.trim()
  return trimmed ? trimmed : undefined
}

export function wholeNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined
}

/** The decision to leave an event alone, with the reason a person reads in the log. */
export function skip(reason: string): Skip {
  return { kind: 'skip', reason: `skipped: ${reason}` }
}
