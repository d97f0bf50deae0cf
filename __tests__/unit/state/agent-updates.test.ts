import { describe, expect, it } from '@jest/globals'
import { MAX_AGENT_UPDATES, MAX_UPDATE_CHARS } from '../../../src/state/agent-updates.js'
import type { StateEvent } from '../../../src/state/events.js'
import { parseRunState, serializeRunState } from '../../../src/state/load-state.js'
import { reduce } from '../../../src/state/reducer.js'
import { at, plannedRun } from './fixtures.js'

function update(n: number): StateEvent {
  const taskId = ['T1', 'T2', 'T3'][n % 3]!
  return { type: 'agent_update', at: at(2 + n / 100), taskId, role: 'dev', message: `step ${n} of ${taskId}` }
}

describe('agent_updates: a log that does not grow without end', () => {
  it('keeps the latest 50 of 1,000 updates and folds the rest into a count and last message per task', () => {
    let state = plannedRun()
    for (let n = 0; n < 1000; n++) state = reduce(state, update(n))

    expect(MAX_AGENT_UPDATES).toBe(50)
    expect(state.agent_updates).toHaveLength(50)
    expect(state.agent_updates[0]!.summary).toBe('step 950 of T3')
    expect(state.agent_updates.at(-1)?.summary).toBe('step 999 of T1')

    // Updates 0..949 were archived: T1 got n % 3 == 0 (317 of them), T2 and T3 the rest.
    expect(state.agent_updates_archived).toEqual({
      T1: {
        count: 317,
        last_timestamp: at(2 + 948 / 100),
        last_agent_id: 'dev',
        last_summary: 'step 948 of T1'
      },
      T2: {
        count: 317,
        last_timestamp: at(2 + 949 / 100),
        last_agent_id: 'dev',
        last_summary: 'step 949 of T2'
      },
      T3: {
        count: 316,
        last_timestamp: at(2 + 947 / 100),
        last_agent_id: 'dev',
        last_summary: 'step 947 of T3'
      }
    })
    const archived = Object.values(state.agent_updates_archived).reduce((sum, entry) => sum + entry.count, 0)
    expect(archived + state.agent_updates.length).toBe(1000)

    // The file stays small and still loads.
    const text = serializeRunState(state)
    expect(text.length).toBeLessThan(20_000)
    expect(parseRunState(text, 'state.json')).toEqual(state)
  })

  it('cuts a message that would bloat the file, and a shorter summary when it is archived', () => {
    let state = reduce(plannedRun(), {
      type: 'agent_update',
      at: at(2),
      taskId: 'T1',
      role: 'dev',
      message: 'x'.repeat(10_000)
    })
    expect(state.agent_updates[0]!.summary).toHaveLength(MAX_UPDATE_CHARS)
    expect(state.agent_updates[0]!.summary.endsWith('…')).toBe(true)
    for (let n = 0; n < MAX_AGENT_UPDATES; n++) state = reduce(state, update(n))
    expect(state.agent_updates_archived.T1!.last_summary).toHaveLength(200)
  })

  it('refuses an update about a task the plan does not have', () => {
    expect(() => reduce(plannedRun(), { ...update(0), taskId: 'T7' } as StateEvent)).toThrow(
      'there is no task T7'
    )
  })
})
