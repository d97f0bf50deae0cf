import type { RunState } from '../state/run-state.js'

/** How one invocation of the engine ended, for the entrypoint to report. */
export type RunOutcome =
  /** `reason` reads `skipped: <why>`. */
  | { status: 'skipped'; reason: string }
  | { status: 'refused'; reason: string }
  | { status: 'replied'; reason: string }
  | { status: 'ran'; state: RunState; planCommentUrl?: string }
