import { systemClock, type Clock } from '../util/clock.js'

/**
 * What every model of one provider account passes before it sends. A 429 speaks for the whole account, not
 * for the call that got it: while one session waits out a `retry-after`, the others would only run into the
 * same limit and each retry on a schedule of its own. So a rate-limited call holds the gate, and every call
 * through it waits until the hold ends. Create one per provider and API key for a run, and give it to every
 * model of that provider.
 */
export interface RateGate {
  /** Resolves once no hold is in force: at once, unless a call was rate-limited moments ago. */
  pass(signal?: AbortSignal): Promise<void>
  /** Keeps every call through the gate back for `ms` from now; a shorter hold never cuts a longer one. */
  hold(ms: number): void
}

/** A gate with no hold in force. */
export function createRateGate(clock: Clock = systemClock): RateGate {
  let until = 0
  return {
    async pass(signal) {
      // A hold may grow while a call waits (another 429 came in), so look again after every sleep.
      for (let wait = until - clock.now(); wait > 0; wait = until - clock.now()) {
        await clock.sleep(wait, signal)
      }
    },
    hold(ms) {
      until = Math.max(until, clock.now() + ms)
    }
  }
}
