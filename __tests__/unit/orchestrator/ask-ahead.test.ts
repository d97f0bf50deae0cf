import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RoleConfig } from '../../../src/config/team-config.js'
import type { Model, ModelRequest, ModelResponse } from '../../../src/models/model.js'
import { askFirstRepliesAhead } from '../../../src/orchestrator/ask-ahead.js'
import { createBudget } from '../../../src/orchestrator/budget.js'
import { RepliesAhead } from '../../../src/orchestrator/replies-ahead.js'
import type { TeamContext } from '../../../src/orchestrator/team-context.js'
import type { StateEvent } from '../../../src/state/events.js'
import { createRunKeeper } from '../../../src/state/run-keeper.js'
import { silentLogger } from '../../../src/util/logger.js'
import { at, branchOf, PLAN, planned, play, started } from '../state/fixtures.js'

/** A model that records what it is asked and answers at once. */
function recordingModel() {
  const asked: ModelRequest[] = []
  const model: Model = {
    id: 'claude-test',
    provider: 'anthropic',
    complete: async request => {
      asked.push(request)
      return {
        content: [{ type: 'text', text: 'ok' }],
        stopReason: 'end_turn',
        usage: { inputTokens: 1, outputTokens: 1, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
        model: 'claude-test'
      } satisfies ModelResponse
    }
  }
  return { model, asked }
}

function role(name: string): RoleConfig {
  return { name, model: { provider: 'anthropic', modelName: 'claude-test' }, maxTokens: 4096 } as RoleConfig
}

/** The plan's three tasks (T2 needs T1; T3 needs T1 and T2) at the state `events` leave. */
function context(
  events: StateEvent[],
  options: { maxParallel?: number; checkout?: string; costLimitUsd?: number } = {}
) {
  const { model, asked } = recordingModel()
  const keeper = createRunKeeper(play([started, planned, ...events]), () => Date.parse(at(30)))
  const limits = { maxParallel: options.maxParallel ?? 4, costLimitUsd: options.costLimitUsd }
  const ctx = {
    team: { roles: { backend: role('backend'), frontend: role('frontend'), qa: role('qa') }, limits },
    plan: PLAN,
    keeper,
    featureBranch: 'agent-team/12-add-dark-mode',
    featureCheckout: options.checkout,
    workspace: { currentSha: async () => 'a'.repeat(40), currentTree: async () => 'b'.repeat(40) },
    ports: { modelFor: () => model, logger: silentLogger },
    rolePrompt: async (name: string) => `You are the ${name} developer.`,
    budget: createBudget(limits as never, { tokens: 0, costUsd: options.costLimitUsd ? 1 : 0 }),
    repliesAhead: new RepliesAhead(() => undefined)
  } as unknown as TeamContext
  const briefs = () => asked.map(request => JSON.stringify(request.messages))
  return { ctx, asked, briefs }
}

const t1Started: StateEvent = {
  type: 'task_started',
  at: at(2),
  taskId: 'T1',
  branch: branchOf('T1'),
  attempt: 1
}

describe('askFirstRepliesAhead: the first replies of the tasks that start next', () => {
  let checkout: string
  beforeEach(async () => {
    checkout = await mkdtemp(join(tmpdir(), 'agent-team-ask-'))
    await writeFile(join(checkout, 'package.json'), JSON.stringify({ scripts: { test: 'node --test' } }))
  })
  afterEach(() => rm(checkout, { recursive: true, force: true }))

  it('asks for the tasks nothing holds back, with the brief and commands their sessions will send', async () => {
    const { ctx, asked, briefs } = context([], { checkout })

    await askFirstRepliesAhead(ctx)

    expect(asked).toHaveLength(1)
    expect(briefs()[0]).toContain('# Your task: T1 ')
    expect(briefs()[0]).toContain('npm test')
    expect(asked[0]!.system[0]!.text).toBe('You are the backend developer.')
    expect(ctx.repliesAhead!.has('T1')).toBe(true)
  })

  it('asks for a dependent once its dependency’s agent has finished, with that agent’s summary', async () => {
    const { ctx, asked, briefs } = context([t1Started], { checkout })

    await askFirstRepliesAhead(ctx)
    expect(asked).toHaveLength(0)
    await askFirstRepliesAhead(ctx, { taskId: 'T1', summary: 'Added PUT /api/theme, stored per user.' })

    // T2 needs only T1; T3 needs T2 as well, which has not even started.
    expect(asked).toHaveLength(1)
    expect(briefs()[0]).toContain('# Your task: T2 ')
    expect(briefs()[0]).toContain('Added PUT /api/theme, stored per user.')
  })

  it('leaves the places max_parallel gives to agents at work and to replies already asked', async () => {
    const { ctx, asked } = context([], { checkout, maxParallel: 1 })
    ctx.repliesAhead!.ask('T9', recordingModel().model, {
      system: [],
      messages: [],
      maxTokens: 1
    })

    await askFirstRepliesAhead(ctx)

    expect(asked).toHaveLength(0)
  })

  it('asks nothing for a task started before (its branch holds work to resume), or once the budget is spent', async () => {
    const reset: StateEvent[] = [
      t1Started,
      { type: 'task_failed', at: at(3), taskId: 'T1', reason: 'the tests failed' },
      { type: 'task_reset', at: at(4), taskId: 'T1' }
    ]
    const retried = context(reset, { checkout })
    await askFirstRepliesAhead(retried.ctx)
    expect(retried.asked).toHaveLength(0)

    const spent = context([], { checkout, costLimitUsd: 0.5 })
    await askFirstRepliesAhead(spent.ctx)
    expect(spent.asked).toHaveLength(0)
  })

  it('asks nothing before the feature branch is checked out, nor for a run spread over runners', async () => {
    const early = context([])
    await askFirstRepliesAhead(early.ctx)
    expect(early.asked).toHaveLength(0)

    const spread = context([], { checkout })
    delete (spread.ctx as { repliesAhead?: RepliesAhead }).repliesAhead
    await askFirstRepliesAhead(spread.ctx)
    expect(spread.asked).toHaveLength(0)
  })
})
