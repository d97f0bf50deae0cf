import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const examples = require('@octokit/webhooks-examples/api.github.com/index.json') as {
  name: string
  examples: Record<string, unknown>[]
}[]

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** A deep copy of the first real example of `event` (with `action`), from @octokit/webhooks-examples. */
export function realPayload(event: string, action?: string): Json {
  const found = examples
    .find(e => e.name === event)
    ?.examples.find(e => action === undefined || (e as Json).action === action)
  if (!found) throw new Error(`no webhook example for ${event}.${action}`)
  return structuredClone(found) as Json
}

const repository = (owner: string, repo: string) => ({
  name: repo,
  full_name: `${owner}/${repo}`,
  owner: { login: owner, type: 'Organization' }
})

/** `issues.labeled` for issue `number`, as GitHub sends it, by `sender`. */
export function labeledIssue(options: {
  number: number
  title: string
  body: string
  label?: string
  sender?: string
  senderType?: 'User' | 'Bot'
}): Json {
  const payload = realPayload('issues', 'labeled')
  payload.issue = {
    ...payload.issue,
    number: options.number,
    title: options.title,
    body: options.body,
    state: 'open'
  }
  payload.label = { ...payload.label, name: options.label ?? 'agent-team' }
  payload.sender = {
    ...payload.sender,
    login: options.sender ?? 'octocat',
    type: options.senderType ?? 'User'
  }
  payload.repository = { ...payload.repository, ...repository('octo-org', 'widgets') }
  return payload
}

/** `issue_comment.created` on issue `number` with `body`, by `sender`. */
export function issueComment(options: {
  number: number
  title: string
  issueBody: string
  body: string
  commentId: number
  sender?: string
}): Json {
  const payload = realPayload('issue_comment', 'created')
  payload.issue = {
    ...payload.issue,
    number: options.number,
    title: options.title,
    body: options.issueBody,
    state: 'open'
  }
  delete payload.issue.pull_request
  payload.comment = {
    ...payload.comment,
    id: options.commentId,
    body: options.body,
    user: { ...payload.comment.user, login: options.sender ?? 'octocat', type: 'User' }
  }
  payload.sender = { ...payload.sender, login: options.sender ?? 'octocat', type: 'User' }
  payload.repository = { ...payload.repository, ...repository('octo-org', 'widgets') }
  return payload
}

/** `workflow_dispatch` as GitHub sends it; the action reads the feature from its own inputs. */
export function workflowDispatch(options: { inputs: Record<string, string>; sender?: string }): Json {
  const payload = realPayload('workflow_dispatch')
  payload.inputs = options.inputs
  payload.sender = { ...payload.sender, login: options.sender ?? 'octocat', type: 'User' }
  payload.repository = { ...payload.repository, ...repository('octo-org', 'widgets') }
  return payload
}
