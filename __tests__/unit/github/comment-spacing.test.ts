import { describe, expect, it } from '@jest/globals'
import { createCommentSpacing } from '../../../src/github/comment-spacing.js'
import { manualClock } from '../../harness/manual-clock.js'

const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}

/** A write whose request the test ends by hand, recording when it started and ended on the clock. */
function requests(clock: ReturnType<typeof manualClock>) {
  const log: string[] = []
  const open = new Map<string, { resolve: () => void; reject: (error: Error) => void }>()
  return {
    log,
    write: (name: string) => () =>
      new Promise<void>((resolve, reject) => {
        log.push(`${name} starts at ${clock.now()}`)
        open.set(name, { resolve, reject })
      }),
    async end(name: string, failure?: Error) {
      await settle()
      const request = open.get(name)
      if (!request) throw new Error(`${name} has not started`)
      open.delete(name)
      log.push(`${name} ends at ${clock.now()}`)
      if (failure) request.reject(failure)
      else request.resolve()
      await settle()
    }
  }
}

describe('the spacing of one comment’s writes', () => {
  it('starts an edit 3 s after the previous one ended, however long that one took', async () => {
    const clock = manualClock()
    const spacing = createCommentSpacing(clock)
    const { log, write, end } = requests(clock)

    const first = spacing.edit(1, write('first'))
    const second = spacing.edit(1, write('second'))
    await clock.advance(2_000)
    await end('first')
    await first
    await clock.advance(2_999)
    expect(log).toEqual(['first starts at 0', 'first ends at 2000'])
    await clock.advance(1)
    await end('second')
    await second

    expect(log).toEqual([
      'first starts at 0',
      'first ends at 2000',
      'second starts at 5000',
      'second ends at 5000'
    ])
  })

  it('counts the comment’s creation as its first write', async () => {
    const clock = manualClock(10_000)
    const spacing = createCommentSpacing(clock)
    const { log, write, end } = requests(clock)

    spacing.created(7)
    const edit = spacing.edit(7, write('edit'))
    await clock.advance(1_000)
    expect(log).toEqual([])
    await clock.advance(2_000)
    await end('edit')
    await edit

    expect(log).toEqual(['edit starts at 13000', 'edit ends at 13000'])
  })

  it('spaces the next edit after a failed one too: GitHub may have applied it', async () => {
    const clock = manualClock()
    const spacing = createCommentSpacing(clock)
    const { log, write, end } = requests(clock)

    const failed = spacing.edit(1, write('failed'))
    await end('failed', new Error('502 Bad Gateway'))
    await expect(failed).rejects.toThrow('502')
    const next = spacing.edit(1, write('next'))
    await clock.advance(3_000)
    await end('next')
    await next

    expect(log).toEqual([
      'failed starts at 0',
      'failed ends at 0',
      'next starts at 3000',
      'next ends at 3000'
    ])
  })

  it('does not hold one comment’s edit for another’s, nor an edit long after the last write', async () => {
    const clock = manualClock()
    const spacing = createCommentSpacing(clock)
    const { log, write, end } = requests(clock)

    const plan = spacing.edit(1, write('plan'))
    const progress = spacing.edit(2, write('progress'))
    await end('plan')
    await end('progress')
    await Promise.all([plan, progress])
    await clock.advance(60_000)
    const later = spacing.edit(1, write('later'))
    await end('later')
    await later

    expect(log).toEqual([
      'plan starts at 0',
      'progress starts at 0',
      'plan ends at 0',
      'progress ends at 0',
      'later starts at 60000',
      'later ends at 60000'
    ])
  })
})
