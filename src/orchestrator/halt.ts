import type { HaltedStatus } from '../state/events.js'
import type { Clock } from '../util/clock.js'

/**
 * Why a run was halted before its work was done. Every way of halting a run (the runner cancelling the job,
 * `/agents stop`, the run's own deadline) aborts one signal with one of these as the reason, so the rest of
 * the engine has one thing to watch and drains the same way; only the status the run ends with differs.
 */
export class RunHalt extends Error {
  constructor(
    readonly status: HaltedStatus,
    message: string
  ) {
    super(message)
    this.name = 'RunHalt'
  }
}

/** The halt a signal was aborted with; a reason of any other kind counts as the runner cancelling the job. */
export function haltOf(signal: AbortSignal): RunHalt {
  const reason: unknown = signal.reason
  if (reason instanceof RunHalt) return reason
  return new RunHalt('interrupted', reason instanceof Error ? reason.message : 'the run was cancelled')
}

/** One signal for all the ways a run can be halted; the first reason wins. */
export interface HaltSwitch {
  readonly signal: AbortSignal
  halt(reason: RunHalt): void
  /** Stops the deadline timer and unhooks the outer signal; the run is over. */
  close(): void
}

/**
 * Joins the runner's cancellation (`outer`) and the deadline (`deadlineAt`, ms on `clock`) into one switch
 * that the stop watcher can also throw.
 */
export function createHaltSwitch(options: {
  outer?: AbortSignal
  deadlineAt?: number
  /** Shown in the reason when the deadline passes, e.g. `timeout_minutes (30)`. */
  deadlineName?: string
  clock: Clock
}): HaltSwitch {
  const controller = new AbortController()
  const halt = (reason: RunHalt): void => {
    if (!controller.signal.aborted) controller.abort(reason)
  }
  const timer = new AbortController()
  const onOuter = (): void => halt(haltOf(options.outer as AbortSignal))
  if (options.outer?.aborted) onOuter()
  else options.outer?.addEventListener('abort', onOuter, { once: true })
  if (options.deadlineAt !== undefined) {
    const wait = Math.max(0, options.deadlineAt - options.clock.now())
    options.clock.sleep(wait, timer.signal).then(
      () =>
        halt(
          new RunHalt(
            'partial',
            `the run's time limit${options.deadlineName ? ` (${options.deadlineName})` : ''} passed`
          )
        ),
      () => undefined
    )
  }
  return {
    signal: controller.signal,
    halt,
    close() {
      timer.abort()
      options.outer?.removeEventListener('abort', onOuter)
    }
  }
}
