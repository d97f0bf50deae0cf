import type { RunPorts, RunSettings } from '../ports/run-ports.js'
import type { RunKeeper } from '../state/run-keeper.js'
import { createHaltSwitch, RunHalt, type HaltSwitch } from './halt.js'
import { ownNumbers } from './run-ending.js'
import { watchForStop } from './stop-watch.js'

/** A run's halt switch with the watch that pulls it on `/agents stop`; `stop()` ends both. */
export interface HaltWatch {
  halt: HaltSwitch
  /** Closes the switch and ends the watch; resolves once the watch's last look is over. */
  stop(): Promise<void>
}

/**
 * What may halt a run while it works, set up in one place for a whole run (run.ts) and for one job of a run
 * spread over several runners (dispatched-task.ts): the runner cancelling the job (`settings.signal`), the
 * run's own deadline (`timeout_minutes`), and `/agents stop` on its issue or PR from someone allowed to say it.
 */
export function watchForHalt(
  keeper: RunKeeper,
  settings: Pick<RunSettings, 'signal' | 'timeoutMinutes' | 'triggerPhrase' | 'allowedBots' | 'stopPollMs'>,
  ports: Pick<RunPorts, 'forge' | 'clock' | 'logger'>
): HaltWatch {
  const { clock, logger } = ports
  const halt = createHaltSwitch({
    outer: settings.signal,
    deadlineAt: settings.timeoutMinutes ? clock.now() + settings.timeoutMinutes * 60_000 : undefined,
    deadlineName: settings.timeoutMinutes ? `timeout_minutes: ${settings.timeoutMinutes}` : undefined,
    clock
  })
  const watching = new AbortController()
  const watcher = watchForStop({
    forge: ports.forge,
    numbers: () => ownNumbers(keeper.state),
    // GitHub's `since` is documented as YYYY-MM-DDTHH:MM:SSZ: whole seconds, rounded down.
    since: new Date(Math.floor(clock.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    triggerPhrase: settings.triggerPhrase,
    allowedBots: settings.allowedBots,
    intervalMs: settings.stopPollMs,
    clock,
    logger,
    signal: watching.signal,
    onStop: actor => halt.halt(new RunHalt('stopped', `stopped by @${actor}`))
  })
  return {
    halt,
    stop: () => {
      halt.close()
      watching.abort()
      return watcher
    }
  }
}
