import { isOwnComment } from '../github/markers.js'
import { classifyPullComment, classifyReview, classifyReviewComment } from './classify-pull-event.js'
import { parseCommand, triggerPhraseOf } from './parse-command.js'
import {
  clean,
  featureFromText,
  isObject,
  nonBlank,
  numberOrText,
  object,
  readDefaultBranch,
  readIssue,
  readSender,
  skip,
  text,
  wholeNumber,
  type Json
} from './payload-fields.js'
import type { TriggerDecision } from './request.js'

/** The action inputs that decide which events start a run. */
export interface TriggerInputs {
  /** The issue label that starts a run. */
  label: string
  /** The comment prefix for commands, e.g. `/agents`. */
  triggerPhrase: string
  /** workflow_dispatch: the feature as free text. */
  feature?: string
  /** workflow_dispatch: the number of the issue that describes the feature. */
  issue?: string
}

/**
 * Turns a webhook event into what the engine should do: start a run, act on a comment command, or skip
 * with a reason a person understands. Pure and total: any payload, however malformed, yields a decision.
 * Who may trigger is not decided here (see authorize.ts), but the actor and whether it is a bot are
 * always recorded so that it can be. Feature text is already sanitised.
 */
export function classifyEvent(eventName: string, payload: unknown, inputs: TriggerInputs): TriggerDecision {
  try {
    const fields = isObject(payload) ? payload : {}
    const decision = classify(String(eventName), fields, inputs)
    const defaultBranch = readDefaultBranch(fields)
    return decision.kind === 'skip' || defaultBranch === undefined ? decision : { ...decision, defaultBranch }
  } catch (error) {
    // The readers below never throw; this is the belt to their braces, for a getter-laden object.
    return skip(`the ${String(eventName)} payload could not be read (${String(error)})`)
  }
}

function classify(eventName: string, payload: Json, inputs: TriggerInputs): TriggerDecision {
  switch (eventName) {
    case 'issues':
      return classifyLabel(payload, inputs)
    case 'issue_comment':
      return classifyComment(payload, inputs)
    case 'pull_request_review':
      return classifyReview(payload, inputs)
    case 'pull_request_review_comment':
      return classifyReviewComment(payload, inputs)
    case 'workflow_dispatch':
      return classifyDispatch(payload, inputs)
    case 'cli':
      return classifyCli(payload)
    case '':
      return skip('no event name was given')
    default:
      return skip(`event ${eventName} is not a trigger`)
  }
}

function classifyLabel(payload: Json, inputs: TriggerInputs): TriggerDecision {
  const wanted = inputs.label.trim()
  const action = text(payload.action)
  if (action !== 'labeled') {
    return skip(
      `issues action "${action ?? 'none'}" is not a trigger; add the label "${wanted}" to start a run`
    )
  }
  const label = text(object(payload.label).name)
  if (label === undefined) return skip('the labeled event names no label')
  if (label.trim().toLowerCase() !== wanted.toLowerCase()) return skip(`label "${label}" is not "${wanted}"`)
  const issue = readIssue(payload)
  if (typeof issue === 'string') return skip(issue)
  const sender = readSender(payload)
  if (typeof sender === 'string') return skip(sender)
  return {
    kind: 'run',
    trigger: 'issues.labeled',
    ...sender,
    issueNumber: issue.number,
    feature: clean({ title: issue.title, body: issue.body })
  }
}

function classifyComment(payload: Json, inputs: TriggerInputs): TriggerDecision {
  const action = text(payload.action)
  // Only a new comment counts: an edit would let an old comment start a second run, and a deleted one
  // has nothing left to read.
  if (action === 'edited') return skip('the comment was edited; only new comments are read')
  if (action === 'deleted') return skip('the comment was deleted')
  if (action !== 'created') return skip(`issue_comment action "${action ?? 'none'}" is not a trigger`)

  const comment = object(payload.comment)
  const body = text(comment.body) ?? ''
  const phrase = triggerPhraseOf(inputs)
  // Our own progress comments never address the team, whoever's token posted them: no loops.
  if (isOwnComment(body)) return skip('the comment was posted by agent-team itself')
  const parsed = parseCommand(body, phrase)
  if (parsed.kind === 'not-addressed') return skip(`comment does not start with ${phrase}`)
  if (parsed.kind === 'invalid') return skip(parsed.error)

  const issue = readIssue(payload, parsed.command.name === 'run')
  if (typeof issue === 'string') return skip(issue)
  const sender = readSender(payload, comment.user)
  if (typeof sender === 'string') return skip(sender)
  const commentId = wholeNumber(comment.id)
  if (commentId === undefined) return skip('the comment has no id')
  // On a pull request the comment is about the run that owns it: found through its head branch, never a
  // new run keyed by the PR's number.
  if (issue.isPullRequest)
    return classifyPullComment(parsed.command, { ...sender, pullNumber: issue.number, commentId })

  const command = parsed.command
  if (command.name !== 'run') {
    return {
      kind: 'command',
      trigger: 'issue_comment',
      command,
      ...sender,
      issueNumber: issue.number,
      commentId
    }
  }
  const fromComment = command.text === undefined ? undefined : featureFromText(command.text)
  return {
    kind: 'run',
    trigger: 'issue_comment',
    ...sender,
    issueNumber: issue.number,
    commentId,
    feature: fromComment ?? clean({ title: issue.title, body: issue.body })
  }
}

function classifyDispatch(payload: Json, inputs: TriggerInputs): TriggerDecision {
  // The action's own inputs come first; the payload's are what the workflow was dispatched with.
  const given = object(payload.inputs)
  const featureText = nonBlank(inputs.feature) ?? nonBlank(text(given.feature))
  const issueText = nonBlank(inputs.issue) ?? nonBlank(numberOrText(given.issue))
  if (featureText !== undefined && issueText !== undefined) {
    return skip('workflow_dispatch was given both "feature" and "issue"; give one of them')
  }
  if (featureText === undefined && issueText === undefined) {
    return skip('workflow_dispatch needs a "feature" text or an "issue" number')
  }
  const sender = readSender(payload)
  if (typeof sender === 'string') return skip(sender)
  if (issueText !== undefined) {
    const issueNumber = /^#?\d{1,9}$/.test(issueText) ? Number(issueText.replace('#', '')) : 0
    if (issueNumber < 1) return skip(`the "issue" input "${issueText}" is not an issue number`)
    return { kind: 'run', trigger: 'workflow_dispatch', ...sender, issueNumber }
  }
  const feature = featureFromText(featureText as string)
  if (!feature) return skip('the "feature" input is empty once hidden text is removed')
  return { kind: 'run', trigger: 'workflow_dispatch', ...sender, feature }
}

/**
 * The local command line (`agent-team run "…"`): the person at the terminal typed the feature. No webhook
 * can carry this event name, so a GitHub runner never takes this path; the actor is still authorised by
 * the forge like any other.
 */
function classifyCli(payload: Json): TriggerDecision {
  const actor = text(payload.actor)?.trim()
  if (!actor) return skip('the command line run names no user')
  const feature = featureFromText(text(payload.feature) ?? '')
  if (!feature) return skip('the feature text is empty once hidden text is removed')
  return { kind: 'run', trigger: 'cli', actor, actorIsBot: false, feature }
}
