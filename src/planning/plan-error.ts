import type { Usage } from '../models/model.js'
import { AgentTeamError } from '../util/errors.js'

/**
 * The manager could not produce a valid plan (or revision of one), even after repairs. `usage` is what the
 * attempts spent, so the run can still report it.
 */
export class PlanError extends AgentTeamError {
  constructor(
    message: string,
    readonly problems: string[] = [],
    readonly usage?: Usage
  ) {
    super(message)
  }
}
