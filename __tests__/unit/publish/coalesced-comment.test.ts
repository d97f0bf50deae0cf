import { describe, expect, it } from '@jest/globals'
import { createCoalescedComment } from '../../../src/publish/coalesced-comment.js'
import { silentLogger } from '../../../src/util/logger.js'
import { manualClock } from '../../harness/manual-clock.js'

function recordingForge(options: { failUpdates?: number } = {}) {
  const writes: { kind: 'create' | 'update'; body: string }[] = []
  let failures = options.failUpdates ?? 0
  return {
    writes,
    async createComment(_issue: number, body: string) {
      writes.push({ kind: 'create', body })
      return { id: 7, htmlUrl: 'https://github.com/o/r/issues/1#issuecomment-7' }
    },
    async updateComment(id: number, body: string) {
      if (failures-- > 0) throw new Error('HTTP 502')
      writes.push({ kind: 'update', body })
      return { id, htmlUrl: 'https://github.com/o/r/issues/1#issuecomment-7' }
    }
  }
}

const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}

describe('coalesced comment', () => {
  it('creates the comment on the first update, then edits it at most once per interval with the newest body', async () => {
    const clock = manualClock()
    const forge = recordingForge()
    const comment = createCoalescedComment({
      forge,
      issueNumber: 1,
      clock,
      logger: silentLogger,
      minIntervalMs: 3000
    })
    comment.update('v1')
    await settle()
    comment.update('v2')
    comment.update('v3')
    comment.update('v4')
    await settle()
    expect(forge.writes).toEqual([{ kind: 'create', body: 'v1' }])
    await clock.advance(2999)
    expect(forge.writes).toHaveLength(1)
    await clock.advance(1)
    expect(forge.writes).toEqual([
      { kind: 'create', body: 'v1' },
      { kind: 'update', body: 'v4' }
    ])
    expect(comment.ref?.id).toBe(7)
  })

  it('always writes the last state on flush, keeping the interval after the write before it', async () => {
    const clock = manualClock()
    const forge = recordingForge()
    const comment = createCoalescedComment({ forge, issueNumber: 1, clock, logger: silentLogger })
    comment.update('first')
    await settle()
    comment.update('final', 'minor')
    const flushed = comment.flush()
    await clock.advance(2999)
    expect(forge.writes.map(w => w.body)).toEqual(['first'])
    await clock.advance(1)
    await flushed
    expect(forge.writes.map(w => w.body)).toEqual(['first', 'final'])
    expect(clock.pending()).toBe(0)
  })

  it('edits an existing comment instead of posting a second one', async () => {
    const clock = manualClock()
    const forge = recordingForge()
    const comment = createCoalescedComment({
      forge,
      issueNumber: 1,
      existing: { id: 99, htmlUrl: 'u' },
      clock,
      logger: silentLogger
    })
    comment.update('resumed')
    await comment.flush()
    expect(forge.writes).toEqual([{ kind: 'update', body: 'resumed' }])
  })

  it('retries a failed edit on the next interval and logs it, without failing the run', async () => {
    const clock = manualClock()
    const forge = recordingForge({ failUpdates: 1 })
    const warnings: string[] = []
    const comment = createCoalescedComment({
      forge,
      issueNumber: 1,
      existing: { id: 5, htmlUrl: 'u' },
      clock,
      logger: { ...silentLogger, warning: m => warnings.push(m) }
    })
    comment.update('a')
    await settle()
    expect(warnings).toEqual(['Could not update the progress comment: HTTP 502'])
    await clock.advance(3000)
    expect(forge.writes).toEqual([{ kind: 'update', body: 'a' }])
  })

  it('does not write a body that is already on GitHub', async () => {
    const clock = manualClock()
    const forge = recordingForge()
    const comment = createCoalescedComment({ forge, issueNumber: 1, clock, logger: silentLogger })
    comment.update('same')
    await comment.flush()
    comment.update('same')
    await comment.flush()
    expect(forge.writes).toHaveLength(1)
  })
})

describe('coalesced comment cadence', () => {
  it('holds a minor change for the longer interval, and a milestone brings it forward', async () => {
    const clock = manualClock()
    const forge = recordingForge()
    const comment = createCoalescedComment({ forge, issueNumber: 1, clock, logger: silentLogger })
    comment.update('started')
    await settle()
    comment.update('cost 0.01', 'minor')
    await clock.advance(3000)
    expect(forge.writes.map(w => w.body)).toEqual(['started'])
    await clock.advance(11_999)
    expect(forge.writes.map(w => w.body)).toEqual(['started'])
    await clock.advance(1)
    expect(forge.writes.map(w => w.body)).toEqual(['started', 'cost 0.01'])

    comment.update('cost 0.02', 'minor')
    await clock.advance(1000)
    comment.update('T1 merged')
    await clock.advance(1999)
    expect(forge.writes).toHaveLength(2)
    await clock.advance(1)
    expect(forge.writes.map(w => w.body)).toEqual(['started', 'cost 0.01', 'T1 merged'])
  })

  it('counts the interval from the end of the last request, not its start', async () => {
    const clock = manualClock()
    const bodies: string[] = []
    const slowForge = {
      async createComment(_issue: number, body: string) {
        await clock.sleep(2000)
        bodies.push(body)
        return { id: 1, htmlUrl: 'u' }
      },
      async updateComment(id: number, body: string) {
        bodies.push(body)
        return { id, htmlUrl: 'u' }
      }
    }
    const comment = createCoalescedComment({ forge: slowForge, issueNumber: 1, clock, logger: silentLogger })
    comment.update('a')
    await settle()
    comment.update('b')
    await clock.advance(2000)
    expect(bodies).toEqual(['a'])
    await clock.advance(2999)
    expect(bodies).toEqual(['a'])
    await clock.advance(1)
    expect(bodies).toEqual(['a', 'b'])
  })
})
