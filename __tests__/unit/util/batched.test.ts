import { describe, expect, it } from '@jest/globals'
import { batchedUnder } from '../../../src/util/batched.js'
import { Mutex } from '../../../src/workspace/mutex.js'

/** A pass that waits until the test lets it go, recording the items of each pass. */
function gatedPasses() {
  const passes: number[][] = []
  const gates: Array<() => void> = []
  return {
    passes,
    work: async (items: readonly number[]) => {
      passes.push([...items])
      await new Promise<void>(resolve => gates.push(resolve))
      if (items.includes(13)) throw new Error('unlucky pass')
      return items.map(item => item * 10)
    },
    release: async () => {
      await new Promise(resolve => setImmediate(resolve))
      gates.shift()?.()
      await new Promise(resolve => setImmediate(resolve))
    }
  }
}

describe('batchedUnder: callers that wait together go in one pass', () => {
  it('serves a lone caller at once, and the callers that came during its pass together in the next', async () => {
    const gate = gatedPasses()
    const call = batchedUnder(new Mutex(), gate.work)

    const first = call(1)
    await new Promise(resolve => setImmediate(resolve))
    const later = [call(2), call(3), call(4)]
    await gate.release()
    expect(await first).toBe(10)
    await gate.release()

    expect(await Promise.all(later)).toEqual([20, 30, 40])
    expect(gate.passes).toEqual([[1], [2, 3, 4]])
  })

  it('waits for the lock, and a pass that throws rejects its own callers only', async () => {
    const lock = new Mutex()
    let releaseLock: () => void = () => undefined
    const held = lock.runExclusive(() => new Promise<void>(resolve => (releaseLock = resolve)))
    const gate = gatedPasses()
    const call = batchedUnder(lock, gate.work)

    const unlucky = [call(12), call(13)]
    await new Promise(resolve => setImmediate(resolve))
    expect(gate.passes).toEqual([])
    releaseLock()
    await held
    await gate.release()
    await expect(unlucky[0]).rejects.toThrow('unlucky pass')
    await expect(unlucky[1]).rejects.toThrow('unlucky pass')

    const next = call(5)
    await gate.release()
    expect(await next).toBe(50)
    expect(gate.passes).toEqual([[12, 13], [5]])
  })

  it('takes the callers that came during a pass into it when the pass asks for more', async () => {
    let letGo: () => void = () => undefined
    const passes: number[][] = []
    const call = batchedUnder(new Mutex(), async (items: readonly number[], more) => {
      await new Promise<void>(resolve => (letGo = resolve))
      const all = [...items, ...more()]
      passes.push(all)
      return all.map(item => item * 10)
    })

    const first = call(1)
    await new Promise(resolve => setImmediate(resolve))
    const joined = [call(2), call(3)]
    letGo()

    expect(await first).toBe(10)
    expect(await Promise.all(joined)).toEqual([20, 30])
    // The pass the second caller booked found nobody left to serve.
    await new Promise(resolve => setImmediate(resolve))
    expect(passes).toEqual([[1, 2, 3]])
  })
})
