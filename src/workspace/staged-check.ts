/**
 * The last gate before the engine commits or merges: the staged change is checked against the same path
 * rules as the agents' file tools (util/paths/path-rules.ts). The file tools refuse `.git/`, workflows and
 * protected paths, but the agents' commands (`npm test` runs code they wrote) can write anything in the
 * worktree, and `git add --all` would commit it: a workflow that runs with the repository's secrets, a
 * nested repository (gitlink), or a symlink that hands out files outside the worktree to whoever checks the
 * branch out.
 */
import { posix } from 'node:path'
import { compilePathRules, hasGitSegment, type PathRules } from '../util/paths/path-rules.js'
import type { Git, StagedEntry } from './git.js'
import { WorkspaceError } from './workspace-errors.js'

/** A change the engine will not commit; nothing of it was committed, and the index was reset. */
export class ForbiddenChange extends WorkspaceError {
  constructor(readonly refusals: readonly string[]) {
    super(
      `Nothing was committed: the change touches paths agents may not change.\n` +
        refusals.map(refusal => `- ${refusal}`).join('\n') +
        '\nRestore or delete these files, then finish the task again.'
    )
  }
}

const SYMLINK = '120000'
const GITLINK = '160000'

/** Why each staged entry may not be committed under `rules`; empty when all may. */
export async function stagedRefusals(git: Git, rules: PathRules): Promise<string[]> {
  return changeRefusals(git, rules, await git.stagedEntries())
}

/**
 * Why each entry of a change (the index's, or one tree's against another, as a merge made without a work
 * tree brings it) may not be committed under `rules`; empty when all may.
 */
export async function changeRefusals(
  git: Git,
  rules: PathRules,
  entries: readonly StagedEntry[]
): Promise<string[]> {
  const checker = compilePathRules(rules)
  const refusals: string[] = []
  for (const entry of entries) {
    const shown = `\`${entry.path}\``
    const refusal = checker.changeRefusal(entry.path, shown) ?? (await contentRefusal(git, entry, shown))
    if (refusal) refusals.push(refusal)
  }
  return refusals
}

/**
 * Throws ForbiddenChange when the staged change (`staged`, when the caller has listed it already) breaks
 * `rules`, after `undo` (emptying the index, or aborting the merge): nothing refused stays staged. The work
 * tree keeps its files, so the agent (or a person) can see and undo what was refused.
 */
export async function assertStagedChangeAllowed(
  git: Git,
  rules: PathRules,
  undo: () => Promise<void>,
  staged?: readonly StagedEntry[]
): Promise<void> {
  const refusals = staged ? await changeRefusals(git, rules, staged) : await stagedRefusals(git, rules)
  if (refusals.length === 0) return
  await undo()
  throw new ForbiddenChange(refusals)
}

async function contentRefusal(git: Git, entry: StagedEntry, shown: string): Promise<string | undefined> {
  if (entry.mode === GITLINK) {
    return `${shown} is a nested git repository or submodule (a gitlink); agents may not add one. Delete its .git folder or the folder.`
  }
  if (entry.mode !== SYMLINK) return undefined
  const target = await git.blobText(entry.sha)
  const landing = posix.normalize(posix.join(posix.dirname(entry.path), target))
  if (posix.isAbsolute(target) || landing === '..' || landing.startsWith('../')) {
    return `${shown} is a symlink to \`${target}\`, outside the repository; agents may only link to files inside it.`
  }
  if (hasGitSegment(landing)) {
    return `${shown} is a symlink into git's own data (\`${target}\`); agents may not add one.`
  }
  return undefined
}
