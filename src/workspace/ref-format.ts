import { WorkspaceError } from './workspace-errors.js'

/**
 * Git's rules for branch names (git-check-ref-format(1), `--branch` form), checked in process so names can be
 * validated before any command runs and without a git binary.
 */

/** The reasons `name` cannot be a branch name; empty when it can. */
export function branchNameProblems(name: string): string[] {
  const problems: string[] = []
  if (name.length === 0) problems.push('is empty')
  if (name === '@') problems.push('is "@"')
  if (name === 'HEAD') problems.push('is "HEAD"')
  // A leading dash would be read as an option by every git command that receives the name.
  if (name.startsWith('-')) problems.push('starts with "-"')
  if (name.startsWith('/') || name.endsWith('/')) problems.push('starts or ends with "/"')
  if (name.includes('//')) problems.push('contains "//"')
  if (name.endsWith('.')) problems.push('ends with "."')
  if (name.includes('..')) problems.push('contains ".."')
  if (name.includes('@{')) problems.push('contains "@{"')
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name))
    problems.push('contains a space, control character or one of ~^:?*[\\')
  for (const component of name.split('/')) {
    if (component.startsWith('.')) problems.push(`has a component starting with "." (${component})`)
    if (component.endsWith('.lock')) problems.push(`has a component ending with ".lock" (${component})`)
  }
  return problems
}

/** True when git accepts `name` as a branch name. */
export function isValidBranchName(name: string): boolean {
  return branchNameProblems(name).length === 0
}

/** Throws a message naming the broken rule when `name` is not a valid branch name. */
export function assertValidBranchName(name: string): void {
  const problems = branchNameProblems(name)
  if (problems.length > 0) {
    throw new WorkspaceError(`"${name}" is not a valid git branch name: it ${problems.join(', ')}.`)
  }
}
