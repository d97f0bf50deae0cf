import { AgentTeamError } from '../util/errors.js'

/** A git command exited with a status the caller did not expect. `stderr` is git's own explanation. */
export class GitCommandError extends AgentTeamError {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string
  ) {
    super(
      `git ${args.join(' ')} failed (exit ${exitCode ?? 'signal'}): ${stderr.trim() || 'no message from git'}`
    )
  }
}

/** The workspace cannot do what was asked; the message says what state the repository is in and what to do. */
export class WorkspaceError extends AgentTeamError {}

/**
 * A force push was asked for a branch the run does not own. Only task branches created by this run may be
 * rewritten: the feature branch and anything else can carry other people's commits.
 */
export class ForcePushRefused extends AgentTeamError {
  constructor(readonly branch: string) {
    super(
      `Refusing to force-push ${branch}: only task branches created by this run may be force-pushed. ` +
        'Push it without force; a rejected push is merged with the remote version and retried.'
    )
  }
}
