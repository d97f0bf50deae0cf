import picomatch from 'picomatch'

/**
 * The path rules shared by the agents' file tools (agents/path-policy.ts) and the engine's check of a
 * staged change before it commits (workspace/staged-check.ts): one source of truth, so a path that
 * write_file refuses cannot reach a commit by another route (a script the agent ran, a merge).
 */
export interface PathRules {
  /** Gitignore-style patterns (see protectedMatcher) agents may never change. */
  protectedPaths: readonly string[]
  /** Allow changes under `.github/workflows/`. */
  allowWorkflowEdits: boolean
}

/** The strictest rules: nothing protected beyond `.git`, workflows refused. */
export const DEFAULT_PATH_RULES: PathRules = { protectedPaths: [], allowWorkflowEdits: false }

/**
 * `.git` in any spelling that some file system maps onto it: any case (`.GIT`), NTFS's ignored trailing
 * dots and spaces (`.git.`), and its 8.3 short name (`git~1`). The directory holds hooks (code that git
 * runs) and `config`, where actions/checkout stores the token as an HTTP auth header.
 */
export function hasGitSegment(relative: string): boolean {
  return relative.split('/').some(segment => {
    const name = segment.toLowerCase().replace(/[. ]+$/, '')
    return name === '.git' || name === 'git~1'
  })
}

/** True for `.github/workflows` and anything under it, in any case. */
export function isWorkflowPath(relative: string): boolean {
  const lower = relative.toLowerCase()
  return lower === '.github/workflows' || lower.startsWith('.github/workflows/')
}

/**
 * A matcher for repo-relative POSIX paths, with .gitignore's reading of the patterns: a pattern without
 * a slash (`*.pem`, `.env*`, `secrets`) matches a name at any depth; one with a slash in the middle is
 * anchored at the root (`infra/prod/**`), as is one with a leading slash (`/config.yml`); a trailing
 * slash is ignored. A pattern that names a directory protects everything inside it, so the path and each
 * of its ancestors are tested. Case-insensitive: on macOS and Windows runners `.ENV` is `.env`.
 */
export function protectedMatcher(patterns: readonly string[]): (relative: string) => boolean {
  const globs = patterns
    .map(pattern => pattern.trim().replace(/\/+$/, ''))
    .filter(pattern => pattern !== '' && pattern !== '/')
    .map(pattern =>
      pattern.startsWith('/') ? pattern.slice(1) : pattern.includes('/') ? pattern : `**/${pattern}`
    )
  if (globs.length === 0) return () => false
  const isMatch = picomatch(globs, { dot: true, nocase: true })
  return relative => ancestors(relative).some(candidate => isMatch(candidate))
}

/** Checks repo-relative paths against one set of rules; build it once per worktree. */
export interface PathRuleChecker {
  /** Why an agent may not change `relative` (its refusal names it as `shown`), or undefined. */
  changeRefusal(relative: string, shown: string): string | undefined
}

/** Compiles `rules` into a checker. */
export function compilePathRules(rules: PathRules): PathRuleChecker {
  const isProtected = protectedMatcher(rules.protectedPaths)
  return {
    changeRefusal(relative, shown) {
      if (hasGitSegment(relative)) {
        return `${shown} is inside git's own data (.git), which agents may not read or change; the workspace handles commits.`
      }
      if (!rules.allowWorkflowEdits && isWorkflowPath(relative)) {
        // A workflow on the pushed branch runs with the repository's secrets: editing one is code
        // execution with more privileges than the agent has. The config has to opt in.
        return `${shown} is under .github/workflows/, which agents may not change unless the team config sets allow_workflow_edits.`
      }
      if (isProtected(relative)) {
        return `${shown} is a protected path in the team config; agents may not change it. Ask the manager with report_blocker if the task needs it.`
      }
      return undefined
    }
  }
}

function ancestors(relative: string): string[] {
  const segments = relative.split('/')
  return segments.map((_, index) => segments.slice(0, index + 1).join('/'))
}
