// A stand-in for dist/index.js in tests of the harness itself (runner-simulator.test.ts): it reports what
// a runner gave it as outputs, waits at a gate when given one (GET <gate>/<run id>, answered when the test
// releases it), and with a `next` input dispatches the next task of the same run as the engine would.
/* global fetch -- Node 20 has it; the lint config lists only the globals src uses */
import { appendFileSync, readFileSync } from 'node:fs'

const env = process.env
const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'))
// Only the names of inputs that hold a credential; values for the rest.
const inputs = Object.fromEntries(
  Object.entries(env)
    .filter(([name]) => name.startsWith('INPUT_'))
    .map(([name, value]) => [name.slice(6).toLowerCase(), /TOKEN|API_KEY/.test(name) ? '(set)' : value])
)
const outputs = {
  event: env.GITHUB_EVENT_NAME,
  run_id: env.GITHUB_RUN_ID,
  run_attempt: env.GITHUB_RUN_ATTEMPT,
  workflow_ref: env.GITHUB_WORKFLOW_REF,
  ref: env.GITHUB_REF,
  sha: env.GITHUB_SHA,
  actor: env.GITHUB_ACTOR,
  workspace: process.cwd(),
  inputs: JSON.stringify(inputs),
  payload: JSON.stringify({
    ref: event.ref,
    workflow: event.workflow,
    inputs: event.inputs,
    sender: { login: event.sender.login, type: event.sender.type },
    default_branch: event.repository.default_branch
  })
}
if (env.INPUT_GATE) await (await fetch(`${env.INPUT_GATE}/${env.GITHUB_RUN_ID}`)).text()
if (env.INPUT_NEXT) {
  const url = `${env.GITHUB_API_URL}/repos/${env.GITHUB_REPOSITORY}/actions/workflows/agents.yml/dispatches`
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `token ${env.INPUT_GITHUB_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      ref: env.GITHUB_REF,
      inputs: { mode: 'task', task: env.INPUT_NEXT, run_key: env.INPUT_RUN_KEY }
    })
  })
  outputs.dispatched = String(response.status)
}
appendFileSync(
  env.GITHUB_OUTPUT,
  Object.entries(outputs)
    .map(([name, value]) => `${name}=${value}\n`)
    .join('')
)
