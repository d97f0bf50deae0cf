import type { Clock } from '../../src/util/clock.js'

/** A clock the test moves by hand: sleeps resolve only when `advance` passes their deadline. */
export function manualClock(start = 0): Clock & { advance(ms: number): Promise<void>; pending(): number } {
  let now = start
  let sleepers: { at: number; resolve: () => void }[] = []
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 10; i++) await Promise.resolve()
  }
  return {
    now: () => now,
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        // As the system clock does: a sleep asked for after the abort ends at once.
        if (signal?.aborted) return reject(signal.reason)
        const sleeper = { at: now + ms, resolve }
        sleepers.push(sleeper)
        signal?.addEventListener('abort', () => {
          sleepers = sleepers.filter(s => s !== sleeper)
          reject(signal.reason)
        })
      })
    },
    async advance(ms) {
      now += ms
      const due = sleepers.filter(s => s.at <= now)
      sleepers = sleepers.filter(s => s.at > now)
      for (const s of due) s.resolve()
      await settle()
    },
    pending: () => sleepers.length
  }
}
