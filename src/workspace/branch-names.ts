/**
 * Names of the branches a run creates. Everything lives under `agent-team/`:
 *
 *   agent-team/state              the state store's branch (reserved)
 *   agent-team/12-add-login       a feature branch for issue #12
 *   agent-team/req-1a2b3c4d-...   a feature branch for a request without an issue (hash of the title)
 *   agent-team/12-add-login--t1   the branch of task T1 of that feature
 *
 * Git stores refs as paths, so `x` and `x/y` cannot both be branches. Task branches are therefore siblings of
 * their feature branch (joined with `--`, which a slug never contains) rather than children of it, and feature
 * names always start with a digit or `req-`, so none can be `agent-team/state` or live beneath it.
 */
import { createHash } from 'node:crypto'
import { assertValidBranchName } from './ref-format.js'
import { WorkspaceError } from './workspace-errors.js'

/** The namespace of every branch the engine creates. */
export const BRANCH_NAMESPACE = 'agent-team/'

/** The state store's branch; no feature or task branch can collide with it. */
export const STATE_BRANCH = 'agent-team/state'

export const TASK_SEPARATOR = '--'
const SLUG_MAX = 40

/**
 * Lowercase ASCII words joined by single hyphens, at most `max` characters, no leading or trailing hyphen.
 * Accents are dropped (`é` → `e`); text with no ASCII letters or digits gives an empty slug.
 */
export function slugify(text: string, max = SLUG_MAX): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return words.slice(0, max).replace(/-+$/, '')
}

function shortHash(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length)
}

/**
 * `agent-team/<issue>-<slug>` for an issue, `agent-team/req-<hash>-<slug>` without one. The hash makes the
 * name stable for the same title, so a re-run of the same request finds its branch again.
 */
export function featureBranchName(issueNumber: number | undefined, title: string): string {
  const slug = slugify(title)
  let head: string
  if (issueNumber === undefined) {
    head = `req-${shortHash(title.trim(), 8)}`
  } else {
    if (!Number.isSafeInteger(issueNumber) || issueNumber <= 0) {
      throw new WorkspaceError(`Issue number ${issueNumber} is not a positive integer.`)
    }
    head = String(issueNumber)
  }
  const name = `${BRANCH_NAMESPACE}${slug ? `${head}-${slug}` : head}`
  assertValidBranchName(name)
  return name
}

/**
 * The branch of task `taskId` of `featureBranch`: `<feature>--<task-slug>`. A task id that does not survive
 * slugging unchanged (other than by lowercasing) gets a short hash of itself appended, so that distinct ids
 * such as `API_1` and `API-1` never share a branch.
 */
export function taskBranchName(featureBranch: string, taskId: string): string {
  assertValidBranchName(featureBranch)
  if (featureBranch === STATE_BRANCH || featureBranch.startsWith(`${STATE_BRANCH}/`)) {
    throw new WorkspaceError(`${featureBranch} is the state branch, not a feature branch.`)
  }
  const slug = slugify(taskId)
  const taskPart = slug === taskId.toLowerCase() ? slug : `${slug || 'task'}-${shortHash(taskId, 6)}`
  const name = `${featureBranch}${TASK_SEPARATOR}${taskPart}`
  assertValidBranchName(name)
  return name
}

/** True when `name` has the shape of a task branch (`<feature>--<task>`). */
export function isTaskBranchName(name: string): boolean {
  const last = name.slice(name.lastIndexOf('/') + 1)
  const at = last.lastIndexOf(TASK_SEPARATOR)
  return at > 0 && at + TASK_SEPARATOR.length < last.length
}
