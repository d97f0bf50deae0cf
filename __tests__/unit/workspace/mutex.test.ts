import { describe, expect, it } from '@jest/globals'
import { Mutex, mutexFor } from '../../../src/workspace/mutex.js'

describe('Mutex', () => {
  it('runs work one at a time, in the order it was asked for', async () => {
    const mutex = new Mutex()
    const events: string[] = []
    let release: () => void = () => {}
    const gate = new Promise<void>(resolve => (release = resolve))

    const first = mutex.runExclusive(async () => {
      events.push('first start')
      await gate
      events.push('first end')
      return 1
    })
    const second = mutex.runExclusive(async () => {
      events.push('second')
      return 2
    })
    await Promise.resolve()
    expect(events).toEqual(['first start'])
    release()

    expect(await Promise.all([first, second])).toEqual([1, 2])
    expect(events).toEqual(['first start', 'first end', 'second'])
  })

  it('keeps going after a failure, which reaches only its own caller', async () => {
    const mutex = new Mutex()
    const failed = mutex.runExclusive(async () => {
      throw new Error('boom')
    })
    const next = mutex.runExclusive(async () => 'ran')

    await expect(failed).rejects.toThrow('boom')
    expect(await next).toBe('ran')
  })

  it('is shared by everyone who asks for the same key', () => {
    expect(mutexFor('/repo/.git')).toBe(mutexFor('/repo/.git'))
    expect(mutexFor('/repo/.git')).not.toBe(mutexFor('/other/.git'))
  })
})
