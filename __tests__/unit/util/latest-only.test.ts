import { describe, expect, it } from '@jest/globals'
import { latestOnly } from '../../../src/util/latest-only.js'

/** A run that waits until the test lets it go, so the test decides what overlaps. */
function gatedWork() {
  const started: Array<() => void> = []
  let runs = 0
  return {
    work: () =>
      new Promise<void>(resolve => {
        runs++
        started.push(resolve)
      }),
    runs: () => runs,
    releaseNext: async () => {
      await new Promise(resolve => setImmediate(resolve))
      started.shift()?.()
      await new Promise(resolve => setImmediate(resolve))
    }
  }
}

describe('latestOnly: runs that never overlap and never queue more than one', () => {
  it('serves a burst of requests during a run with exactly one more run', async () => {
    const gate = gatedWork()
    const runner = latestOnly(gate.work, () => undefined)

    runner.request()
    runner.request()
    runner.request()
    runner.request()
    expect(gate.runs()).toBe(1)
    await gate.releaseNext()
    expect(gate.runs()).toBe(2)
    await gate.releaseNext()
    await runner.flush()
    expect(gate.runs()).toBe(2)
  })

  it('runs again for a request that comes after the last run ended', async () => {
    const gate = gatedWork()
    const runner = latestOnly(gate.work, () => undefined)
    runner.request()
    await gate.releaseNext()
    await runner.flush()

    runner.request()
    await gate.releaseNext()
    await runner.flush()
    expect(gate.runs()).toBe(2)
  })

  it('reports a failed run to onError, rejects flush with it, and forgets it once a later run succeeds', async () => {
    const seen: unknown[] = []
    let fail = true
    const runner = latestOnly(
      async () => {
        if (fail) throw new Error('remote said no')
      },
      error => seen.push(error)
    )

    runner.request()
    await expect(runner.flush()).rejects.toThrow('remote said no')
    expect(seen).toHaveLength(1)

    fail = false
    runner.request()
    await expect(runner.flush()).resolves.toBeUndefined()
  })

  it('flushes at once when nothing was ever asked for', async () => {
    const runner = latestOnly(
      async () => undefined,
      () => undefined
    )
    await expect(runner.flush()).resolves.toBeUndefined()
  })
})
