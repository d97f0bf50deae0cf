import type { Forge } from '../github/forge.js'

/** What the run knows of its base branch before asking GitHub. */
export interface BaseBranchHints {
  /** The `base_branch` input or flag, which wins. */
  baseBranch?: string
  /** The repository's default branch as the event's payload names it. */
  defaultBranch?: string
}

/**
 * The branch the team builds on: the configured one, else the default branch the event named, else the
 * default branch as GitHub answers it (the CLI has no event payload; its forge answers without a request).
 */
export async function baseBranchOf(
  hints: BaseBranchHints,
  forge: Pick<Forge, 'getDefaultBranch'>
): Promise<string> {
  return hints.baseBranch || hints.defaultBranch || (await forge.getDefaultBranch())
}
