import { describeChanges, timeStamp } from '../report/terminal-events.js'
import type { RunView } from '../report/run-view.js'
import { renderTerminalView } from '../report/terminal-view.js'
import type { RunState } from '../state/run-state.js'
import { runViewOf } from '../report/view-of-state.js'
import type { Clock } from '../util/clock.js'

/** Where the CLI writes: process.stdout/stderr, or a test's capture. */
export interface Output {
  write(text: string): unknown
  isTTY?: boolean
  columns?: number
}

/** The run as the terminal shows it while it goes. */
export interface LiveProgress {
  /** Shows the run as `state` has it now. */
  update(state: RunState): void
  /** A log line; on a TTY it goes above the live task list. */
  log(line: string): void
  /** Draws the last state and stops redrawing; what is on screen stays. */
  stop(): void
}

// Cursor up N lines, back to column 0, clear to the end of the screen.
const up = (lines: number): string => (lines > 0 ? `\u001b[${lines}A\r\u001b[0J` : '')
const REDRAW_MS = 100
const TICK_MS = 1000

/**
 * Live progress for the terminal. On a TTY the task list (renderTerminalView) is redrawn in place,
 * at most every 100 ms and once a second while tasks run, so their clocks move; log lines scroll above
 * it. Anywhere else (a pipe, a CI log) there are no escape codes at all: one time-stamped line per
 * change (`[12:00:01] T1 running (backend-dev)`), which reads well in a log and diffs cleanly.
 */
export function createLiveProgress(options: { out: Output; clock: Clock }): LiveProgress {
  const { out, clock } = options
  const tty = out.isTTY === true
  let state: RunState | undefined
  let shown: RunView | undefined
  let drawn = 0
  let lastDraw = -Infinity
  let pending: NodeJS.Timeout | undefined
  let ticker: NodeJS.Timeout | undefined
  let stopped = false
  // A state arrived that is not on screen yet (a redraw is waiting for its slot).
  let dirty = false

  const viewOf = (current: RunState): RunView => runViewOf(current, { now: clock.now(), marker: '' })
  const stamp = (line: string): string => `${timeStamp(clock.now())} ${line}\n`

  const draw = (): void => {
    if (pending) clearTimeout(pending)
    pending = undefined
    if (!state) return
    // One column spare: a line exactly as wide as the terminal wraps on some of them.
    const width = out.columns && out.columns > 1 ? out.columns - 1 : undefined
    const lines = renderTerminalView(viewOf(state), { width })
    out.write(`${up(drawn)}${lines.join('\n')}\n`)
    drawn = lines.length
    dirty = false
    lastDraw = clock.now()
  }

  const schedule = (): void => {
    if (pending || stopped) return
    const wait = lastDraw + REDRAW_MS - clock.now()
    if (wait <= 0) return draw()
    pending = setTimeout(draw, wait)
    pending.unref()
  }

  return {
    update(next) {
      if (stopped) return
      state = next
      if (tty) {
        dirty = true
        ticker ??= setInterval(() => {
          if (state?.tasks.some(task => task.state === 'running')) draw()
        }, TICK_MS)
        ticker.unref()
        return schedule()
      }
      const view = viewOf(next)
      for (const line of describeChanges(shown, view)) out.write(stamp(line))
      shown = view
    },
    log(line) {
      if (!tty) return void out.write(stamp(line))
      out.write(`${up(drawn)}${stamp(line)}`)
      drawn = 0
      if (state && !stopped) draw()
    },
    stop() {
      if (stopped) return
      if (tty && dirty) draw()
      stopped = true
      // The final list stays; whatever is written next goes below it.
      drawn = 0
      if (pending) clearTimeout(pending)
      if (ticker) clearInterval(ticker)
    }
  }
}
