import { AgentTeamError } from '../util/errors.js'

/** Why a model call failed, in the words the retry policy and the run report use. */
export type ModelFailure =
  | 'rate-limited'
  | 'overloaded'
  | 'server'
  | 'connection'
  | 'timeout'
  | 'malformed'
  | 'authentication'
  | 'rejected'

/**
 * A model call that failed for good: not retryable, or still failing after every retry. The message names
 * the HTTP status and the provider's own message, says what to do, and never contains the API key.
 */
export class ModelError extends AgentTeamError {
  constructor(
    message: string,
    readonly failure: ModelFailure,
    /** Calls made, the first one included. */
    readonly attempts: number,
    readonly status?: number,
    /** The provider's error type, e.g. `overloaded_error`. */
    readonly errorType?: string
  ) {
    super(message)
  }
}
