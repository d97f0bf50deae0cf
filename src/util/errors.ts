/**
 * Errors that reach a user. Each carries a message that says what happened and what to do about it;
 * the entrypoints print `message` as it is, so it must be complete on its own.
 */
export class AgentTeamError extends Error {
  constructor(message: string) {
    super(message)
    this.name = new.target.name
  }
}

/** A configuration file that cannot be used. `file:line:column` leads the message. */
export class ConfigError extends AgentTeamError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly problem: string
  ) {
    super(`${file}:${line}:${column}: ${problem}`)
  }
}

/** A token or cost limit was reached. */
export class BudgetExceeded extends AgentTeamError {}

/** The run state on disk cannot be read. */
export class StateError extends AgentTeamError {}

/** The OS sandbox for agents' commands cannot start here; the message lists the steps that fix it. */
export class SandboxUnavailable extends AgentTeamError {}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
