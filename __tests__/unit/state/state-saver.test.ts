import { beforeEach, describe, expect, it } from '@jest/globals'
import { createRunKeeper, type RunKeeper } from '../../../src/state/run-keeper.js'
import type { RunState } from '../../../src/state/run-state.js'
import { emptyRunState } from '../../../src/state/run-state.js'
import { SAVE_SPACING_MS, saveMilestones } from '../../../src/state/state-saver.js'
import { manualClock } from '../../harness/manual-clock.js'
import type { StateStore } from '../../../src/state/state-store.js'
import { stateCommitMessage } from '../../../src/state/state-store.js'
import type { Logger } from '../../../src/util/logger.js'
import { silentLogger } from '../../../src/util/logger.js'
import { planned, SHA1, SHA2, started, START, usage } from './fixtures.js'

interface Save {
  state: RunState
  message: string
}

/** A store whose saves wait until the test lets each one finish; it records what each was asked to write. */
function slowStore(options: { failFirst?: boolean } = {}) {
  const saves: Save[] = []
  const pending: (() => void)[] = []
  const store: StateStore = {
    load: async () => undefined,
    save: (state, milestone, covered) => {
      saves.push({ state, message: stateCommitMessage(milestone, covered) })
      const fail = options.failFirst === true && saves.length === 1
      return new Promise<void>((resolve, reject) =>
        pending.push(() => (fail ? reject(new Error('push refused')) : resolve()))
      )
    }
  }
  /** Lets the oldest save in flight finish, and lets the saver react. */
  const finishOne = async () => {
    pending.shift()?.()
    await new Promise(resolve => setImmediate(resolve))
  }
  return { store, saves, pending, finishOne }
}

function keeperAtPlan(): RunKeeper {
  const keeper = createRunKeeper(emptyRunState('12-add-dark-mode'), () => START)
  keeper.dispatch(started)
  return keeper
}

/** Five milestones: the plan, then T1 done and merged, T2 done and merged. */
function fiveMilestones(keeper: RunKeeper): void {
  const { at: _at, ...plan } = planned as Extract<typeof planned, { type: 'plan_made' }>
  keeper.dispatch(plan)
  for (const [taskId, sha] of [
    ['T1', SHA1],
    ['T2', SHA2]
  ] as const) {
    keeper.dispatch({ type: 'task_started', taskId, branch: `b-${taskId}`, attempt: 1 })
    keeper.dispatch({ type: 'task_finished', taskId, summary: 'ok', filesChanged: [], checksRun: [] })
    keeper.dispatch({ type: 'task_merged', taskId, sha })
  }
}

describe('state saver', () => {
  let clock: ReturnType<typeof manualClock>
  beforeEach(() => {
    clock = manualClock()
  })

  it('writes milestones reached during a slow save as one commit of the newest state, and flush waits for it', async () => {
    const keeper = keeperAtPlan()
    const { store, saves, pending, finishOne } = slowStore()
    const saver = saveMilestones(keeper, store, silentLogger, clock)

    fiveMilestones(keeper)
    let flushed = false
    const flushing = saver.flush().then(() => (flushed = true))

    // The plan's save started at once; the four milestones after it wait as one.
    expect(saves).toHaveLength(1)
    expect(saves[0]?.message).toBe('12-add-dark-mode: plan v1')
    await finishOne()
    expect(saves).toHaveLength(2)
    expect(saves[1]?.state).toBe(keeper.state)
    expect(saves[1]?.message).toBe(
      [
        '12-add-dark-mode: T2 merged (+3 more milestones)',
        '',
        '- 12-add-dark-mode: T1 done',
        '- 12-add-dark-mode: T1 merged',
        '- 12-add-dark-mode: T2 done',
        '- 12-add-dark-mode: T2 merged'
      ].join('\n')
    )
    expect(flushed).toBe(false)
    await finishOne()
    await flushing
    expect(flushed).toBe(true)
    expect(pending).toHaveLength(0)
  })

  it('spaces saves: a milestone soon after a save waits out the spacing, one after it is saved at once', async () => {
    const keeper = keeperAtPlan()
    const { store, saves, finishOne } = slowStore()
    const saver = saveMilestones(keeper, store, silentLogger, clock)
    const subjects = () => saves.map(save => save.message.split('\n')[0])

    fiveMilestones(keeper)
    await finishOne()
    // The four milestones after the plan wait until the spacing has passed since the plan's save ended.
    expect(subjects()).toEqual(['12-add-dark-mode: plan v1'])
    await clock.advance(SAVE_SPACING_MS - 1)
    expect(subjects()).toHaveLength(1)
    await clock.advance(1)
    expect(subjects()).toEqual([
      '12-add-dark-mode: plan v1',
      '12-add-dark-mode: T2 merged (+3 more milestones)'
    ])
    await finishOne()
    await clock.advance(SAVE_SPACING_MS)

    keeper.dispatch({ type: 'task_started', taskId: 'T3', branch: 'b-T3', attempt: 1 })
    keeper.dispatch({ type: 'task_failed', taskId: 'T3', reason: 'tests fail' })
    expect(subjects().at(-1)).toBe('12-add-dark-mode: T3 failed')
    const flushing = saver.flush()
    await finishOne()
    await flushing
  })

  it('lets flush cut the spacing short: the newest state is saved at once', async () => {
    const keeper = keeperAtPlan()
    const { store, saves, finishOne } = slowStore()
    const saver = saveMilestones(keeper, store, silentLogger, clock)

    fiveMilestones(keeper)
    await finishOne()
    const flushing = saver.flush()
    await Promise.resolve()
    await new Promise(resolve => setImmediate(resolve))
    expect(saves).toHaveLength(2)
    await finishOne()
    await flushing
    expect(saves.at(-1)?.state).toBe(keeper.state)
  })

  it('writes nothing for events that are not milestones', async () => {
    const keeper = keeperAtPlan()
    const { store, saves } = slowStore()
    const saver = saveMilestones(keeper, store, silentLogger, clock)

    keeper.dispatch({ type: 'manager_usage', usage: usage(100, 10), costUsd: 0.01 })

    await saver.flush()
    expect(saves).toEqual([])
  })

  it('logs a failed save and carries its state in the next one', async () => {
    const keeper = keeperAtPlan()
    const { store, saves, finishOne } = slowStore({ failFirst: true })
    const warnings: string[] = []
    const logger: Logger = { ...silentLogger, warning: message => void warnings.push(message) }
    const saver = saveMilestones(keeper, store, logger, clock)

    fiveMilestones(keeper)
    const flushing = saver.flush()
    await finishOne()
    await finishOne()
    await flushing

    expect(warnings).toEqual(['Could not commit the run state (12-add-dark-mode: plan v1): push refused'])
    expect(saves.at(-1)?.state.tasks.map(task => task.merge_sha)).toEqual([SHA1, SHA2, undefined])
  })
})
