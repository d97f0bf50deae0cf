import { describe, expect, it } from '@jest/globals'
import { createHaltSwitch, haltOf, RunHalt } from '../../../src/orchestrator/halt.js'
import { manualClock } from '../../harness/manual-clock.js'

describe('halting a run', () => {
  it('ends the run partial with the reason once its deadline passes, and not before', async () => {
    const clock = manualClock(1_000)
    const halt = createHaltSwitch({ deadlineAt: 61_000, deadlineName: 'timeout_minutes: 1', clock })

    await clock.advance(59_999)
    expect(halt.signal.aborted).toBe(false)
    await clock.advance(1)

    expect(haltOf(halt.signal)).toMatchObject({
      status: 'partial',
      message: "the run's time limit (timeout_minutes: 1) passed"
    })
    halt.close()
  })

  it('reads the runner cancelling the job as an interruption, with the signal’s own words', () => {
    const outer = new AbortController()
    const halt = createHaltSwitch({ outer: outer.signal, clock: manualClock() })

    outer.abort(new Error('the run was cancelled (SIGTERM)'))

    expect(haltOf(halt.signal)).toMatchObject({
      status: 'interrupted',
      message: 'the run was cancelled (SIGTERM)'
    })
  })

  it('keeps the first reason: a stop that comes after the deadline does not rename it', async () => {
    const clock = manualClock()
    const halt = createHaltSwitch({ deadlineAt: 10, clock })
    await clock.advance(10)

    halt.halt(new RunHalt('stopped', 'stopped by @octocat'))

    expect(haltOf(halt.signal).status).toBe('partial')
  })

  it('leaves no timer behind once closed', async () => {
    const clock = manualClock()
    const halt = createHaltSwitch({ deadlineAt: 10_000, clock })
    expect(clock.pending()).toBe(1)

    halt.close()
    await clock.advance(0)

    expect(clock.pending()).toBe(0)
    await clock.advance(20_000)
    expect(halt.signal.aborted).toBe(false)
  })
})
