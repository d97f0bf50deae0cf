import { describe, expect, it } from '@jest/globals'
import type { Message, ToolResultBlock } from '../../../src/models/model.js'
import { makePlan, type MakePlanOptions } from '../../../src/planning/make-plan.js'
import { PlanError } from '../../../src/planning/plan-error.js'
import {
  fakeModel,
  reply,
  textReply,
  toolUseReply,
  usage,
  type ScriptedReply
} from '../../harness/fake-model.js'
import { plan, task, team, webTeam } from './fixtures.js'

const goodPlan = plan(
  [
    task('API', [], { title: 'Add the /api/todos route' }),
    task('UI', [], { role: 'frontend-dev', title: 'Todo list page' }),
    task('QA', ['API', 'UI'], { role: 'qa', title: 'End-to-end test of the todo list' })
  ],
  ['GET /api/todos returns [{ id: string, title: string, done: boolean }]']
)
const cyclicPlan = plan([task('T1', ['T3']), task('T2'), task('T3', ['T1'])])
const cycleProblem =
  'Dependencies form a cycle: T1 → T3 → T1 (each task waits for the next); remove one of these dependencies.'

function options(replies: ScriptedReply[], extra: Partial<MakePlanOptions> = {}) {
  const model = fakeModel(replies)
  return {
    model,
    options: {
      model,
      team: webTeam,
      managerPrompt: 'You are the engineering manager of this team.',
      feature: { title: 'Todo list', body: 'Users can see their todos on a page.' },
      repoSummary: 'A Node 20 monorepo: Express API in server/, React app in web/.',
      ...extra
    }
  }
}

const submit = (input: unknown, tokens = 0) =>
  toolUseReply('submit_plan', input as Record<string, unknown>, { inputTokens: tokens })

function toolResults(message: Message): ToolResultBlock[] {
  return message.content.filter((block): block is ToolResultBlock => block.type === 'tool_result')
}

function text(message: Message): string {
  return message.content.map(block => (block.type === 'text' ? block.text : '')).join('')
}

describe('makePlan', () => {
  it('returns a valid first plan after one call', async () => {
    const { model, options: opts } = options([submit(goodPlan, 1200)])
    const result = await makePlan(opts)
    expect(result).toEqual({ plan: goodPlan, usage: usage({ inputTokens: 1200 }), calls: 1, repairs: 0 })
    expect(model.requests).toHaveLength(1)
  })

  it('forces submit_plan and marks the system prompt and the tool for caching', async () => {
    const { model, options: opts } = options([submit(goodPlan)])
    await makePlan(opts)
    const [request] = model.requests
    expect(request!.toolChoice).toEqual({ type: 'tool', name: 'submit_plan' })
    expect(request!.tools?.map(tool => tool.name)).toEqual(['submit_plan'])
    expect(request!.tools?.[0]!.cache_control).toEqual({ type: 'ephemeral' })
    expect(request!.system[0]!.text).toBe('You are the engineering manager of this team.')
    expect(request!.system[1]!.text).toContain('# Planning a feature')
    expect(request!.system.at(-1)?.cache_control).toEqual({ type: 'ephemeral' })
    expect(request!.system[0]!.cache_control).toBeUndefined()
    expect(request!.maxTokens).toBe(webTeam.manager.maxTokens)
    // Most plans pass at once: the first call writes nothing to the cache that nothing would read.
    expect(request!.singleShot).toBe(true)
  })

  it('tells the manager the feature, every role with its description, and the repository', async () => {
    const { model, options: opts } = options([submit(goodPlan)])
    await makePlan(opts)
    const [message] = model.requests[0]!.messages
    expect(message!.role).toBe('user')
    const body = text(message!)
    expect(body).toContain('<feature>\n# Todo list\n\nUsers can see their todos on a page.\n</feature>')
    expect(body).toContain('- `backend-dev`: Builds the HTTP API and the database layer.')
    expect(body).toContain('- `frontend-dev`: Builds the React user interface.')
    expect(body).toContain('- `qa`: Writes end-to-end tests and checks the feature against the request.')
    expect(body).toContain('<repository>\nA Node 20 monorepo')
    expect(JSON.stringify(model.requests[0]!.tools?.[0]!.input_schema)).toContain(
      '"enum":["backend-dev","frontend-dev","qa"]'
    )
  })

  it('sends a cyclic plan back with the cycle named and accepts the corrected one', async () => {
    const first = submit(cyclicPlan, 1000)
    const { model, options: opts } = options([first, submit(goodPlan, 300)])
    const result = await makePlan(opts)

    expect(result).toMatchObject({
      plan: goodPlan,
      calls: 2,
      repairs: 1,
      usage: usage({ inputTokens: 1300 })
    })
    const messages = model.requests[1]!.messages
    expect(messages.map(m => m.role)).toEqual(['user', 'assistant', 'user'])
    expect(messages[1]!.content).toEqual(first.content)
    const [result1] = toolResults(messages[2]!)
    expect(messages[2]!.content[0]).toBe(result1)
    expect(result1).toMatchObject({ tool_use_id: (first.content[0] as { id: string }).id, is_error: true })
    expect(result1!.content).toContain(`- ${cycleProblem}`)
    expect(result1!.content).toContain('call submit_plan again with the whole corrected plan')
    // The cached prefix is identical on the repair call, which caches it for a further repair.
    expect(model.requests[1]!.system).toEqual(model.requests[0]!.system)
    expect(model.requests[1]!.tools).toEqual(model.requests[0]!.tools)
    expect(model.requests[1]!.singleShot).toBe(false)
  })

  it('gives up after two repairs with the last reasons and everything spent', async () => {
    const unknownRole = plan([task('T1', [], { role: 'devops' })])
    const shapeError = { summary: 'S', decisions: [], tasks: [{ ...task('T1'), dependencies: 'T0' }] }
    const { model, options: opts } = options([
      submit(cyclicPlan, 1000),
      submit(unknownRole, 200),
      toolUseReply('submit_plan', shapeError, {
        inputTokens: 300,
        outputTokens: 50,
        cacheReadInputTokens: 900
      })
    ])

    const error = await makePlan(opts).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(PlanError)
    const planError = error as PlanError
    expect(model.requests).toHaveLength(3)
    expect(planError.problems).toEqual(['tasks[0].dependencies must be a list of task ids; got a text.'])
    expect(planError.message).toContain('did not produce a valid plan in 3 attempt(s)')
    expect(planError.message).toContain('stopped here without spending more')
    expect(planError.message).toContain('- tasks[0].dependencies must be a list of task ids; got a text.')
    expect(planError.usage).toEqual(usage({ inputTokens: 1500, outputTokens: 50, cacheReadInputTokens: 900 }))
    // Each repair carried the problems of the attempt before it.
    expect(toolResults(model.requests[1]!.messages[2]!)[0]!.content).toContain(cycleProblem)
    expect(toolResults(model.requests[2]!.messages[4]!)[0]!.content).toContain(
      'Task T1 has role "devops", which is not a team role; use one of: backend-dev, frontend-dev, qa.'
    )
  })

  it('makes exactly maxRepairs + 1 calls', async () => {
    const { model, options: opts } = options([submit(cyclicPlan), submit(goodPlan)], { maxRepairs: 0 })
    await expect(makePlan(opts)).rejects.toThrow(PlanError)
    expect(model.requests).toHaveLength(1)
  })

  it('asks again when the reply has text and no submit_plan call', async () => {
    const { model, options: opts } = options([
      textReply('Here is my plan: first the API, then the UI.'),
      submit(goodPlan)
    ])
    const result = await makePlan(opts)
    expect(result).toMatchObject({ plan: goodPlan, calls: 2, repairs: 1 })
    const [, assistant, repair] = model.requests[1]!.messages
    expect(assistant).toEqual({
      role: 'assistant',
      content: [{ type: 'text', text: 'Here is my plan: first the API, then the UI.' }]
    })
    expect(toolResults(repair!)).toEqual([])
    expect(text(repair!)).toContain(
      'The reply did not call submit_plan; a plan counts only when it is submitted with submit_plan.'
    )
  })

  it('treats a reply cut off at max_tokens as invalid, even with a tool call in it', async () => {
    const cut = reply(
      [{ type: 'tool_use', id: 'toolu_cut', name: 'submit_plan', input: { summary: 'S' } }],
      'max_tokens'
    )
    const { model, options: opts } = options([cut, submit(goodPlan)])
    await makePlan(opts)
    const [answer] = toolResults(model.requests[1]!.messages[2]!)
    expect(answer).toMatchObject({ tool_use_id: 'toolu_cut', is_error: true })
    expect(answer!.content).toContain('stopped at the output limit of 8000 tokens')
  })

  it('folds the repair into the first turn when the reply is empty', async () => {
    const { model, options: opts } = options([reply([], 'max_tokens'), submit(goodPlan)])
    await makePlan(opts)
    const messages = model.requests[1]!.messages
    expect(messages.map(m => m.role)).toEqual(['user'])
    expect(messages[0]!.content).toHaveLength(2)
    expect(text(messages[0]!)).toContain('stopped at the output limit')
  })

  it('answers every tool call of an invalid reply', async () => {
    const both = reply(
      [
        {
          type: 'tool_use',
          id: 'toolu_a',
          name: 'submit_plan',
          input: cyclicPlan as unknown as Record<string, unknown>
        },
        { type: 'tool_use', id: 'toolu_b', name: 'submit_plan', input: {} }
      ],
      'tool_use'
    )
    const { model, options: opts } = options([both, submit(goodPlan)])
    await makePlan(opts)
    const answers = toolResults(model.requests[1]!.messages[2]!)
    expect(answers.map(a => [a.tool_use_id, a.is_error])).toEqual([
      ['toolu_a', true],
      ['toolu_b', true]
    ])
    expect(answers[0]!.content).toContain(cycleProblem)
    expect(answers[1]!.content).toContain('not read')
  })

  it('does not call the model for a team without worker roles', async () => {
    const { model, options: opts } = options([submit(goodPlan)], { team: team({}) })
    await expect(makePlan(opts)).rejects.toThrow('The team has no worker roles')
    expect(model.requests).toHaveLength(0)
  })

  it('stops before calling when the run is already aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    const { model, options: opts } = options([submit(goodPlan)], { signal: controller.signal })
    await expect(makePlan(opts)).rejects.toThrow()
    expect(model.requests).toHaveLength(0)
  })
})
