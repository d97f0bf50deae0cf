import { fillPrompt } from '../prompts/index.js'

/**
 * Stops an agent that goes round in circles. Two signals:
 * - an exact repeat: the same tool call (name and input) made again while no file has changed since — its
 *   answer cannot differ, so the call is refused with a note instead of run;
 * - a stall: turns that neither change a file nor make a new call. A decaying counter (progress pays back
 *   two, a stalled turn costs one) tolerates a short detour but not a loop: at `nudgeAt` the agent gets a
 *   nudge, at `stopAt` the session ends and the task goes back to the manager with the reason.
 */
export interface LoopGuardOptions {
  nudgeAt?: number
  stopAt?: number
}

export type TurnVerdict =
  { action: 'continue' } | { action: 'nudge'; message: string } | { action: 'stop'; reason: string }

export interface LoopGuard {
  /** A refusal message when this call is an exact repeat, else undefined (and the call is remembered). */
  checkCall(name: string, input: unknown): string | undefined
  /** A file changed: earlier calls may now answer differently, so none of them counts as a repeat any more. */
  noteFileChange(): void
  /** Reports the end of a turn; `changedFiles` says whether any file changed in it. */
  endTurn(changedFiles: boolean): TurnVerdict
}

export function createLoopGuard(options: LoopGuardOptions = {}): LoopGuard {
  const nudgeAt = options.nudgeAt ?? 3
  const stopAt = options.stopAt ?? 6
  let seenSinceChange = new Set<string>()
  let novelThisTurn = false
  let repeatsThisTurn = 0
  let stall = 0
  let nudged = false

  return {
    checkCall(name, input) {
      const key = `${name}\u0000${stableJson(input)}`
      if (seenSinceChange.has(key)) {
        repeatsThisTurn++
        return fillPrompt('agent/repeated-call', { tool: name })
      }
      seenSinceChange.add(key)
      novelThisTurn = true
      return undefined
    },

    noteFileChange() {
      seenSinceChange = new Set()
    },

    endTurn(changedFiles) {
      const progress = changedFiles || (novelThisTurn && repeatsThisTurn === 0)
      if (changedFiles) seenSinceChange = new Set()
      novelThisTurn = false
      repeatsThisTurn = 0
      stall = progress ? Math.max(0, stall - 2) : stall + 1
      if (stall === 0) nudged = false
      if (stall >= stopAt) {
        return {
          action: 'stop',
          reason: `no progress in ${stall} turns (no file changed and no new tool call)`
        }
      }
      if (stall >= nudgeAt && !nudged) {
        nudged = true
        return {
          action: 'nudge',
          message: fillPrompt('agent/no-progress')
        }
      }
      return { action: 'continue' }
    }
  }
}

/** JSON with sorted keys, so `{a,b}` and `{b,a}` are the same call. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0
    )
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'undefined'
}
