import { afterEach, describe, expect, it } from '@jest/globals'
import { getOctokit } from '@actions/github'
import { DispatchRefused, type Forge } from '../../src/github/forge.js'
import { createOctokitForge } from '../../src/github/octokit-forge.js'
import { silentLogger } from '../../src/util/logger.js'
import {
  startFakeGitHub,
  type DispatchRecord,
  type FakeGitHub,
  type FakeGitHubOptions
} from './fake-github.js'

/** The workflow scale-out dispatches: the three inputs the engine sends, and nothing else. */
const AGENTS_YML = `
name: agents
on:
  issues:
    types: [labeled]
  workflow_dispatch:
    inputs:
      mode:
        type: choice
        options: [task, merge]
        required: true
      task:
        required: true
      run_key:
        required: true
      note:
        required: true
        default: none
`

const TASK_INPUTS = { mode: 'task', task: 'T2', run_key: 'issue-1' }

/**
 * The fake's workflow dispatch, driven through the real OctokitForge over HTTP: what it accepts, each refusal
 * in GitHub's words, and the forge's message for each, which must say what to change.
 */
describe('fake GitHub: workflow dispatch', () => {
  let github: FakeGitHub | undefined
  let expectViolations = false

  afterEach(async () => {
    await github?.close()
    if (!expectViolations) expect(github?.violations).toEqual([])
    expect(github?.warnings).toEqual([])
    github = undefined
    expectViolations = false
  })

  /** A fake whose repository has `files` on `main` (and on the tag `v1`). */
  async function forgeOn(
    files: Record<string, string> = { '.github/workflows/agents.yml': AGENTS_YML },
    options: FakeGitHubOptions = {}
  ): Promise<{ github: FakeGitHub; forge: Forge }> {
    const refs = new Set(['refs/heads/main', 'refs/tags/v1'])
    github = await startFakeGitHub({
      validateResponses: true,
      refExists: async ref => refs.has(ref),
      readFile: async (ref, path) => (refs.has(ref) ? files[path] : undefined),
      ...options
    })
    const forge = createOctokitForge({
      token: 'ghs_dispatch_test_token',
      repo: { owner: 'octo-org', repo: 'widgets' },
      baseUrl: github.url,
      logger: silentLogger,
      retryBaseMs: 1,
      throttle: false
    })
    return { github, forge }
  }

  const dispatches = (github: FakeGitHub) =>
    github.requests.filter(r => r.operationId === 'actions/create-workflow-dispatch')

  /** The refusal the forge throws for a dispatch, after exactly one request (a 4xx is never retried). */
  async function refusal(
    forge: Forge,
    github: FakeGitHub,
    request: Partial<Parameters<Forge['dispatchWorkflow']>[0]> = {}
  ): Promise<DispatchRefused> {
    const error = await forge
      .dispatchWorkflow({ workflow: 'agents.yml', ref: 'main', inputs: TASK_INPUTS, ...request })
      .then(
        () => undefined,
        (thrown: unknown) => thrown
      )
    expect(error).toBeInstanceOf(DispatchRefused)
    expect(dispatches(github)).toHaveLength(1)
    expect(github.dispatches).toEqual([])
    return error as DispatchRefused
  }

  it('accepts a dispatch with 204, records it, and tells listeners once the answer is sent', async () => {
    const { github, forge } = await forgeOn()
    const heard: { dispatch: DispatchRecord; answered?: number }[] = []
    github.onDispatch(dispatch => heard.push({ dispatch, answered: github.requests.at(-1)?.status }))

    await forge.dispatchWorkflow({ workflow: 'agents.yml', ref: 'main', inputs: TASK_INPUTS })
    await forge.dispatchWorkflow({ workflow: 'agents.yml', ref: 'refs/heads/main', inputs: TASK_INPUTS })
    await forge.dispatchWorkflow({ workflow: 'agents.yml', ref: 'v1', inputs: TASK_INPUTS })

    expect(dispatches(github).map(r => [r.status, r.body])).toEqual([
      [204, { ref: 'main', inputs: TASK_INPUTS }],
      [204, { ref: 'refs/heads/main', inputs: TASK_INPUTS }],
      [204, { ref: 'v1', inputs: TASK_INPUTS }]
    ])
    expect(github.dispatches.map(d => [d.workflow, d.ref, d.fullRef, d.inputs])).toEqual([
      ['agents.yml', 'main', 'refs/heads/main', TASK_INPUTS],
      ['agents.yml', 'refs/heads/main', 'refs/heads/main', TASK_INPUTS],
      ['agents.yml', 'v1', 'refs/tags/v1', TASK_INPUTS]
    ])
    expect(github.dispatches[0]!.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(heard).toEqual(github.dispatches.map(dispatch => ({ dispatch, answered: 204 })))
  })

  it('stops telling a listener that unsubscribed', async () => {
    const { github, forge } = await forgeOn()
    const heard: DispatchRecord[] = []
    const stop = github.onDispatch(dispatch => heard.push(dispatch))
    await forge.dispatchWorkflow({ workflow: 'agents.yml', ref: 'main', inputs: TASK_INPUTS })
    stop()
    await forge.dispatchWorkflow({ workflow: 'agents.yml', ref: 'main', inputs: TASK_INPUTS })
    expect(heard).toHaveLength(1)
    expect(github.dispatches).toHaveLength(2)
  })

  it.each([
    ['on: workflow_dispatch\n'],
    ['on: [push, workflow_dispatch]\n'],
    ['on:\n  workflow_dispatch:\n'],
    ['"on":\n  workflow_dispatch: {}\n']
  ])('reads the trigger in each form YAML allows: %j', async workflow => {
    const { github, forge } = await forgeOn({ '.github/workflows/agents.yml': workflow })
    await forge.dispatchWorkflow({ workflow: 'agents.yml', ref: 'main', inputs: {} })
    expect(github.dispatches).toHaveLength(1)
  })

  it('refuses a token without actions: write with 403, and the forge says to grant it', async () => {
    const { github, forge } = await forgeOn(undefined, { actionsPermission: 'read' })
    const error = await refusal(forge, github)
    expect(error.status).toBe(403)
    expect(error.message).toBe(
      'GitHub refused to start the workflow agents.yml on main (403: Resource not accessible by integration). ' +
        "The token may not start workflow runs: add `actions: write` to the workflow's `permissions:`, or " +
        'pass a github_token that has it.'
    )
  })

  it('words the 403 for a personal access token as GitHub does', async () => {
    const { github } = await forgeOn(undefined, { actionsPermission: 'none', tokenKind: 'user' })
    const octokit = getOctokit('github_pat_test', { baseUrl: github.url })
    await expect(
      octokit.rest.actions.createWorkflowDispatch({
        owner: 'octo-org',
        repo: 'widgets',
        workflow_id: 'agents.yml',
        ref: 'main'
      })
    ).rejects.toMatchObject({
      status: 403,
      response: { data: { message: 'Resource not accessible by personal access token' } }
    })
  })

  it('refuses a workflow file that is not on the ref with 404, and the forge names the file to commit', async () => {
    const { github, forge } = await forgeOn()
    const error = await refusal(forge, github, { workflow: 'missing.yml' })
    expect(error.status).toBe(404)
    expect(error.message).toBe(
      'GitHub refused to start the workflow missing.yml on main (404: Not Found). .github/workflows/missing.yml ' +
        'is not on main: the runs of the other tasks start that same workflow on main, so commit the ' +
        'workflow file there.'
    )
  })

  it('refuses a ref that is no branch or tag, a commit id too, with 422 "No ref found for"', async () => {
    const { github, forge } = await forgeOn()
    const error = await refusal(forge, github, { ref: 'agent-team/1-gone' })
    expect(error.status).toBe(422)
    expect(error.message).toBe(
      'GitHub refused to start the workflow agents.yml on agent-team/1-gone (422: No ref found for: ' +
        'agent-team/1-gone). There is no branch or tag agent-team/1-gone on GitHub.'
    )
    await expect(
      forge.dispatchWorkflow({ workflow: 'agents.yml', ref: 'a'.repeat(40), inputs: TASK_INPUTS })
    ).rejects.toThrow(`No ref found for: ${'a'.repeat(40)}`)
  })

  it('answers 404 rather than 422 for an unknown workflow on an unknown ref, as the workflow is looked up first', async () => {
    const { github, forge } = await forgeOn()
    expect((await refusal(forge, github, { workflow: 'missing.yml', ref: 'nowhere' })).status).toBe(404)
  })

  it('refuses a workflow without the workflow_dispatch trigger, and the forge says what the workflow must declare', async () => {
    const { github, forge } = await forgeOn({ '.github/workflows/agents.yml': 'on:\n  issues:\n' })
    const error = await refusal(forge, github)
    expect(error.status).toBe(422)
    expect(error.message).toBe(
      "GitHub refused to start the workflow agents.yml on main (422: Workflow does not have 'workflow_dispatch' " +
        'trigger). The workflow must declare `on: workflow_dispatch` with the inputs `mode`, `task` and ' +
        '`run_key`; see "Several runners" in the README.'
    )
  })

  it('refuses a file that is not YAML as having no trigger', async () => {
    const { github, forge } = await forgeOn({ '.github/workflows/agents.yml': 'on: [workflow_dispatch\n' })
    expect((await refusal(forge, github)).message).toContain(
      "Workflow does not have 'workflow_dispatch' trigger"
    )
  })

  it('refuses inputs the workflow does not declare, naming them as GitHub does', async () => {
    const { github, forge } = await forgeOn({ '.github/workflows/agents.yml': 'on: workflow_dispatch\n' })
    const error = await refusal(forge, github, { inputs: { mode: 'task', task: 'T2' } })
    expect(error.message).toContain('(422: Unexpected inputs provided: ["mode", "task"])')
    expect(error.message).toContain('must declare `on: workflow_dispatch` with the inputs `mode`, `task` and')
  })

  it('refuses a required input left out, unless the workflow gives it a default', async () => {
    const { github, forge } = await forgeOn()
    const error = await refusal(forge, github, { inputs: { mode: 'task', task: 'T2' } })
    expect(error.message).toContain("(422: Required input 'run_key' not provided)")
  })

  it('refuses a choice outside its options', async () => {
    const { github, forge } = await forgeOn()
    const error = await refusal(forge, github, { inputs: { ...TASK_INPUTS, mode: 'everything' } })
    expect(error.message).toContain(
      "(422: Provided value 'everything' for input 'mode' not in the list of allowed values)"
    )
  })

  it('refuses an input value that is not a string', async () => {
    const { github } = await forgeOn()
    const octokit = getOctokit('ghs_dispatch_test_token', { baseUrl: github.url })
    await expect(
      octokit.rest.actions.createWorkflowDispatch({
        owner: 'octo-org',
        repo: 'widgets',
        workflow_id: 'agents.yml',
        ref: 'main',
        inputs: { ...TASK_INPUTS, note: 7 }
      })
    ).rejects.toMatchObject({
      status: 422,
      response: { data: { message: "Invalid value for input 'note'" } }
    })
  })

  it('refuses more than 25 inputs, GitHub’s documented maximum, as a request outside its description', async () => {
    const { github, forge } = await forgeOn()
    const inputs = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`input_${i}`, 'x']))
    expectViolations = true
    expect((await refusal(forge, github, { inputs })).status).toBe(422)
    expect(github.violations.map(v => v.operationId)).toEqual(['actions/create-workflow-dispatch'])
  })

  it('sends a dispatch again after a 502; one GitHub had accepted then starts a second run', async () => {
    const { github, forge } = await forgeOn()
    const path = '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches'
    github.failNext({ path, status: 502 })
    await forge.dispatchWorkflow({ workflow: 'agents.yml', ref: 'main', inputs: TASK_INPUTS })
    expect(dispatches(github).map(r => r.status)).toEqual([502, 204])
    expect(github.dispatches).toHaveLength(1)

    // Accepted, then the answer lost: nothing can tell, and the concurrency group per task keeps the two apart.
    github.failNext({ path, status: 502, applyFirst: true })
    await forge.dispatchWorkflow({ workflow: 'agents.yml', ref: 'main', inputs: TASK_INPUTS })
    expect(github.dispatches).toHaveLength(3)
  })
})
