import { describe, expect, it } from '@jest/globals'
import { createLiveProgress, type Output } from '../../src/cli/live-progress.js'
import type { Clock } from '../../src/util/clock.js'
import { at, plannedRun, realisticRun, START } from '../unit/state/fixtures.js'
import { ESCAPE } from './cli-harness.js'

function capture(tty: boolean): Output & { writes: string[] } {
  const writes: string[] = []
  return { isTTY: tty, columns: tty ? 100 : undefined, writes, write: (text: string) => writes.push(text) }
}

function clockAt(ms: number): Clock & { advance(by: number): void } {
  let now = ms
  return { now: () => now, sleep: async () => undefined, advance: by => void (now += by) }
}

describe('live progress', () => {
  it('prints one time-stamped plain line per change when the output is not a terminal', () => {
    const out = capture(false)
    const progress = createLiveProgress({ out, clock: clockAt(Date.parse(at(90))) })

    progress.update(plannedRun())
    progress.log('Asking the manager')
    progress.update(realisticRun())
    progress.update(realisticRun())
    progress.stop()

    const text = out.writes.join('')
    expect(text).not.toContain(ESCAPE)
    const lines = text.trimEnd().split('\n')
    for (const line of lines) expect(line).toMatch(/^\[\d\d:\d\d:\d\d\] \S/)
    // The same state twice adds nothing.
    expect(lines.map(line => line.slice(11))).toEqual([
      'plan ready: 3 tasks in 3 waves',
      'Asking the manager',
      'T1 done (backend) in 2m 00s, 1.6k tokens',
      'T2 blocked (frontend): Should the toggle follow the OS setting?',
      'run waiting: 1/3 tasks done, 9.9k tokens, $0.0483'
    ])
  })

  it('redraws the task list in place on a terminal, with log lines scrolling above it', () => {
    const out = capture(true)
    const clock = clockAt(START)
    const progress = createLiveProgress({ out, clock })

    progress.update(plannedRun())
    const first = out.writes.join('')
    clock.advance(1000)
    progress.update(realisticRun())
    clock.advance(1000)
    progress.log('Plan accepted')
    progress.stop()

    // The first draw starts where the cursor is: nothing above it is erased.
    expect(first).not.toContain(ESCAPE)
    expect(first.split('\n').filter(Boolean)).toHaveLength(4)
    // Each later draw moves up over the 4 lines drawn before and clears them.
    const later = out.writes.slice(1)
    expect(later[0]!.startsWith('\u001b[4A\r\u001b[0J')).toBe(true)
    const logged = later.findIndex(write =>
      /^\u001b\[4A\r\u001b\[0J\[\d\d:\d\d:\d\d\] Plan accepted\n$/.test(write)
    )
    expect(logged).toBeGreaterThan(0)
    // The list is drawn again below the log line, and stays there after stop.
    expect(later.slice(logged + 1)).toHaveLength(1)
    expect(later[logged + 1]).toMatch(/^agent-team · Add dark mode · waiting · 1 done, 1 queued, 1 blocked/)
    for (const write of out.writes) {
      for (const line of write.replace(/\u001b\[\d*[A-Za-z]|\r/g, '').split('\n')) {
        expect([...line].length).toBeLessThan(100)
      }
    }
  })
})
