import { describe, expect, it } from '@jest/globals'
import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { classifyEvent } from '../../../src/trigger/classify-event.js'
import type { TriggerDecision } from '../../../src/trigger/request.js'

/*
 * Every real payload in @octokit/webhooks-examples (github.com and each GHES edition) for the events
 * the trigger cares about, as published and rewritten to carry our label or a command. The expected kind
 * of each is worked out here from the payload's own fields, by the rules in plain terms.
 */

type Payload = Record<string, unknown>
interface Case {
  name: string
  event: string
  payload: Payload
  dispatch?: { feature?: string; issue?: string }
}

const EVENTS = [
  'issues',
  'issue_comment',
  'pull_request_review',
  'pull_request_review_comment',
  'workflow_dispatch'
]
const inputs = { label: 'agent-team', triggerPhrase: '/agents' }

let loaded: Array<{ edition: string; event: string; payload: Payload }> | undefined

function loadExamples(): Array<{ edition: string; event: string; payload: Payload }> {
  if (loaded) return loaded
  const root = dirname(createRequire(import.meta.url).resolve('@octokit/webhooks-examples/package.json'))
  const found: Array<{ edition: string; event: string; payload: Payload }> = []
  for (const edition of readdirSync(root)) {
    const file = join(root, edition, 'index.json')
    if (!existsSync(file)) continue
    const definitions = JSON.parse(readFileSync(file, 'utf8')) as Array<{ name: string; examples: Payload[] }>
    for (const definition of definitions) {
      if (!EVENTS.includes(definition.name)) continue
      for (const payload of definition.examples) found.push({ edition, event: definition.name, payload })
    }
  }
  loaded = found
  return found
}

const COMMENT_BODIES = [
  '/agents run',
  '  /Agents run Build the export\nwith CSV and PDF',
  '/agents status',
  '/agents retry T1',
  '/agents answer T1 yes, use UTC',
  '/agents stop',
  '/agents frobnicate',
  '/agentsrun',
  'Thanks, /agents run later'
]

/** The published payload, plus the same payload rewritten to carry our label, a command or dispatch inputs. */
function cases(): Case[] {
  const all: Case[] = []
  for (const { edition, event, payload } of loadExamples()) {
    const name = `${edition} ${event}.${String(payload.action ?? '-')}`
    all.push({ name, event, payload })
    const asBot = { ...(payload.sender as Payload), type: 'Bot' }
    switch (event) {
      case 'issues':
        all.push({ name: `${name} +label`, event, payload: { ...payload, label: { name: 'Agent-Team' } } })
        all.push({
          name: `${name} +label +bot`,
          event,
          payload: { ...payload, label: { name: 'agent-team' }, sender: asBot }
        })
        break
      case 'pull_request_review':
      case 'pull_request_review_comment': {
        // The same event on a pull request the team opened, whose branch is under agent-team/.
        const pull = payload.pull_request as Payload
        const ours = { ...pull, head: { ...(pull.head as Payload), ref: 'agent-team/7-export' } }
        all.push({ name: `${name} on the team's PR`, event, payload: { ...payload, pull_request: ours } })
        for (const body of COMMENT_BODIES) {
          const key = event === 'pull_request_review' ? 'review' : 'comment'
          const comment = { ...(payload[key] as Payload), body }
          all.push({
            name: `${name} ${JSON.stringify(body)} on the team's PR`,
            event,
            payload: { ...payload, pull_request: ours, [key]: comment }
          })
        }
        if (event === 'pull_request_review') break
        addCommentBodies(all, name, event, payload, asBot)
        break
      }
      case 'issue_comment':
        addCommentBodies(all, name, event, payload, asBot)
        break
      case 'workflow_dispatch':
        all.push({
          name: `${name} payload feature`,
          event,
          payload: { ...payload, inputs: { feature: 'Add RSS' } }
        })
        all.push({ name: `${name} payload issue`, event, payload: { ...payload, inputs: { issue: '3' } } })
        all.push({
          name: `${name} payload both`,
          event,
          payload: { ...payload, inputs: { feature: 'x', issue: '3' } }
        })
        all.push({ name: `${name} input feature`, event, payload, dispatch: { feature: 'Add RSS' } })
        all.push({ name: `${name} input issue`, event, payload, dispatch: { issue: '3' } })
        all.push({ name: `${name} input both`, event, payload, dispatch: { feature: 'x', issue: '3' } })
        break
    }
  }
  return all
}

/** The example with each of COMMENT_BODIES as its comment, by its sender and by a bot. */
function addCommentBodies(all: Case[], name: string, event: string, payload: Payload, asBot: Payload): void {
  for (const body of COMMENT_BODIES) {
    const comment = { ...(payload.comment as Payload), body }
    all.push({ name: `${name} ${JSON.stringify(body)}`, event, payload: { ...payload, comment } })
    all.push({
      name: `${name} ${JSON.stringify(body)} +bot`,
      event,
      payload: { ...payload, comment, sender: asBot }
    })
  }
}

/** The rules of the trigger, applied by hand to one payload. */
function expectedKind(event: string, payload: Payload, dispatch: Case['dispatch']): TriggerDecision['kind'] {
  const issue = (payload.issue ?? {}) as Payload
  switch (event) {
    case 'issues': {
      const label = ((payload.label ?? {}) as Payload).name
      const ours = typeof label === 'string' && label.toLowerCase() === 'agent-team'
      return payload.action === 'labeled' && ours && issue.state !== 'closed' ? 'run' : 'skip'
    }
    case 'issue_comment': {
      if (payload.action !== 'created') return 'skip'
      const body = String(((payload.comment ?? {}) as Payload).body ?? '').trim()
      const words = body.split(/\s+/)
      if (words[0]?.toLowerCase() !== '/agents') return 'skip'
      const command = words[1]?.toLowerCase()
      const onPull = typeof issue.pull_request === 'object' && issue.pull_request !== null
      if (command === 'run') return issue.state === 'closed' ? 'skip' : onPull ? 'follow-up' : 'run'
      return ['status', 'retry', 'answer', 'stop'].includes(command ?? '') ? 'command' : 'skip'
    }
    case 'pull_request_review':
    case 'pull_request_review_comment': {
      const pull = (payload.pull_request ?? {}) as Payload
      const head = (pull.head ?? {}) as Payload
      const base = (pull.base ?? {}) as Payload
      const sameRepo = (head.repo as Payload)?.full_name === (base.repo as Payload)?.full_name
      const ours = String(head.ref).startsWith('agent-team/') && pull.state !== 'closed' && sameRepo
      const review = event === 'pull_request_review'
      const written = (review ? payload.review : payload.comment) as Payload
      const addressed = /(^|\s)\/agents(?=$|[\s.,:;!?])/i.test(String(written.body ?? ''))
      const asks = review
        ? payload.action === 'submitted' && (written.state === 'changes_requested' || addressed)
        : payload.action === 'created' && addressed
      return asks && ours ? 'follow-up' : 'skip'
    }
    case 'workflow_dispatch': {
      const given = (payload.inputs ?? {}) as Payload
      const feature = dispatch?.feature || given.feature
      const issueInput = dispatch?.issue || given.issue
      return Boolean(feature) !== Boolean(issueInput) ? 'run' : 'skip'
    }
    default:
      return 'skip'
  }
}

describe('classifyEvent on the published webhook examples', () => {
  const all = cases()

  it('covers every example of each event, from every edition', () => {
    const examples = loadExamples()
    for (const event of EVENTS)
      expect(examples.filter(example => example.event === event).length).toBeGreaterThan(0)
    expect(new Set(examples.map(example => example.edition)).size).toBeGreaterThan(1)
    expect(all.length).toBeGreaterThan(examples.length * 3)
  })

  it('gives each payload the decision the rules call for, without throwing', () => {
    const wrong: string[] = []
    for (const { name, event, payload, dispatch } of all) {
      const decision = classifyEvent(event, payload, { ...inputs, ...dispatch })
      const expected = expectedKind(event, payload, dispatch)
      if (decision.kind !== expected)
        wrong.push(`${name}: expected ${expected}, got ${JSON.stringify(decision)}`)
    }
    expect(wrong).toEqual([])
  })

  it('records who acted, whether it is a bot, and where', () => {
    for (const { event, payload, dispatch } of all) {
      const decision = classifyEvent(event, payload, { ...inputs, ...dispatch })
      if (decision.kind === 'skip') {
        expect(decision.reason).toMatch(/^skipped: \S/)
        continue
      }
      const sender = payload.sender as Payload
      expect(decision.actor).toBe(sender.login)
      expect(decision.actorIsBot).toBe(sender.type === 'Bot')
      const on = (payload.issue ?? payload.pull_request) as Payload
      if (decision.kind === 'follow-up') expect(decision.pullNumber).toBe(on.number)
      else if (event !== 'workflow_dispatch') expect(decision.issueNumber).toBe(on.number)
      if (event === 'issue_comment') expect(decision.commentId).toBe((payload.comment as Payload).id)
    }
  })

  it('takes the default branch from every payload that asks for work, so the engine need not ask GitHub', () => {
    let asking = 0
    for (const { event, payload, dispatch } of all) {
      const decision = classifyEvent(event, payload, { ...inputs, ...dispatch })
      if (decision.kind === 'skip') continue
      asking++
      const repository = payload.repository as Payload
      expect(repository.default_branch).toEqual(expect.any(String))
      expect(decision.defaultBranch).toBe(repository.default_branch)
    }
    expect(asking).toBeGreaterThan(0)
  })

  it('explains the skips a maintainer will meet most', () => {
    const labeledBug = all.find(
      c => c.event === 'issues' && c.payload.action === 'labeled' && !c.name.includes('+')
    )
    expect(classifyEvent('issues', labeledBug!.payload, inputs)).toEqual({
      kind: 'skip',
      reason: 'skipped: label "bug" is not "agent-team"'
    })
    const review = all.find(
      c =>
        c.event === 'pull_request_review_comment' &&
        c.name.includes('"/agents run"') &&
        !c.name.includes('team')
    )
    expect(classifyEvent(review!.event, review!.payload, inputs)).toMatchObject({
      kind: 'skip',
      reason: expect.stringMatching(
        /^skipped: pull request #\d+ is not the team's: its branch "[^"]+" is not under agent-team\//
      )
    })
    const plain = all.find(
      c => c.event === 'issue_comment' && c.payload.action === 'created' && !c.name.includes('"')
    )
    expect(classifyEvent('issue_comment', plain!.payload, inputs)).toEqual({
      kind: 'skip',
      reason: 'skipped: comment does not start with /agents'
    })
  })
})
