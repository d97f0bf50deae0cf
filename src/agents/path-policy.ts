import fs from 'node:fs'
import path from 'node:path'
import { compilePathRules, hasGitSegment } from '../util/paths/path-rules.js'

/** A path the agent may use: where it really is on disk, and where that is in the repository. */
export type PathResolution = { ok: true; absolute: string; relative: string } | { ok: false; reason: string }

/** Decides which paths an agent session may read and write. */
export interface PathPolicy {
  /** The worktree root after realpath; every accepted path lies under it. */
  readonly root: string
  resolveForRead(input: string): PathResolution
  resolveForWrite(input: string): PathResolution
}

export interface PathPolicyOptions {
  /** The task's worktree. */
  root: string
  /** Gitignore-style patterns agents may never write (util/paths/path-rules.ts). */
  protectedPaths: readonly string[]
  /** Allow writes under `.github/workflows/`. */
  allowWorkflowEdits: boolean
}

const EXAMPLE = 'use a path relative to the repository root such as `src/index.ts`'

/**
 * Builds the sandbox's path rules for one worktree. Every path is checked twice: as written (so the
 * refusal names what the agent typed) and after realpath (so a symlink cannot smuggle a path past the
 * lexical check). The root must exist.
 */
export function createPathPolicy(options: PathPolicyOptions): PathPolicy {
  const root = fs.realpathSync.native(options.root)
  const rules = compilePathRules(options)
  const writeRefusal = (relative: string, shown: string) => rules.changeRefusal(relative, shown)

  function resolve(input: string, forWrite: boolean): PathResolution {
    const lexical = checkSyntax(input)
    if (!lexical.ok) return lexical
    const relative = lexical.relative
    if (hasGitSegment(relative)) return { ok: false, reason: gitRefusal(input) }
    if (forWrite && relative === '.') {
      return {
        ok: false,
        reason: `\`${input}\` is the repository root; give a file path such as \`src/x.ts\`.`
      }
    }
    const lexicalRefusal = forWrite ? writeRefusal(relative, `\`${input}\``) : undefined
    if (lexicalRefusal) return { ok: false, reason: lexicalRefusal }

    const real = realResolve(root, relative)
    if (!real.ok) return { ok: false, reason: `\`${input}\` ${real.problem}` }
    const realRelative = toPosix(path.relative(root, real.absolute)) || '.'
    if (realRelative === '..' || realRelative.startsWith('../') || path.isAbsolute(realRelative)) {
      return {
        ok: false,
        reason: `\`${input}\` is a symlink that leads outside your worktree; agents may only use files inside it.`
      }
    }
    // A link inside the worktree can still point at `.git/config` or a workflow: judge where it lands.
    if (hasGitSegment(realRelative)) return { ok: false, reason: gitRefusal(input) }
    const realRefusal = forWrite
      ? writeRefusal(realRelative, `\`${input}\` (which leads to \`${realRelative}\`)`)
      : undefined
    if (realRefusal) return { ok: false, reason: realRefusal }
    return { ok: true, absolute: real.absolute, relative: realRelative }
  }

  return {
    root,
    resolveForRead: input => resolve(input, false),
    resolveForWrite: input => resolve(input, true)
  }
}

type SyntaxCheck = { ok: true; relative: string } | { ok: false; reason: string }

function checkSyntax(input: string): SyntaxCheck {
  if (typeof input !== 'string' || input.trim() === '') {
    return { ok: false, reason: `The path is empty; ${EXAMPLE}.` }
  }
  // NUL truncates the path in the C layer (`ok.txt\0/../../etc/passwd`); other control characters only
  // ever appear in paths to hide something from a reviewer or a terminal.
  if (/[\u0000-\u001f\u007f-\u009f]/.test(input)) {
    return {
      ok: false,
      reason: 'The path contains a control character (such as NUL or a newline); remove it.'
    }
  }
  // Invisible format characters (zero-width, bidi overrides) are ignored by HFS+ when it compares names,
  // so `.g\u200cit` would open `.git`; they also make a path read differently from what it is.
  if (/\p{Cf}/u.test(input)) {
    return {
      ok: false,
      reason: 'The path contains an invisible Unicode character; type it with plain characters.'
    }
  }
  if (input.includes('\\')) {
    // Backslash is a separator on Windows runners, so `..\\x` would escape there while looking like a
    // file name here.
    return { ok: false, reason: `\`${input}\` contains a backslash; separate directories with \`/\`.` }
  }
  if (path.posix.isAbsolute(input) || /^[a-zA-Z]:/.test(input)) {
    return { ok: false, reason: `\`${input}\` is an absolute path; ${EXAMPLE}.` }
  }
  if (input.startsWith('~')) {
    return {
      ok: false,
      reason: `\`${input}\` points into a home directory, which is outside your worktree; ${EXAMPLE}.`
    }
  }
  const relative = path.posix.normalize(input).replace(/\/+$/, '')
  if (relative === '..' || relative.startsWith('../')) {
    return { ok: false, reason: `\`${input}\` is outside your worktree; ${EXAMPLE}.` }
  }
  return { ok: true, relative: relative === '' ? '.' : relative }
}

type RealResolution = { ok: true; absolute: string } | { ok: false; problem: string }

/**
 * realpath for a path that may not exist yet: the deepest existing ancestor is resolved (following every
 * symlink), and the missing names are appended to it, since names that do not exist cannot be links.
 */
function realResolve(root: string, relative: string): RealResolution {
  const segments = relative === '.' ? [] : relative.split('/')
  for (let depth = segments.length; depth >= 0; depth--) {
    const candidate = path.join(root, ...segments.slice(0, depth))
    try {
      return { ok: true, absolute: path.join(fs.realpathSync.native(candidate), ...segments.slice(depth)) }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ELOOP') return { ok: false, problem: 'goes through a symlink loop.' }
      if (code !== 'ENOENT' && code !== 'ENOTDIR')
        return { ok: false, problem: `cannot be resolved (${code}).` }
      // The name exists but does not resolve: a dangling symlink. Writing through it would create its
      // target wherever it points, outside the worktree included.
      if (exists(candidate))
        return { ok: false, problem: 'is a symlink to a missing target; agents may not use it.' }
    }
  }
  return { ok: false, problem: 'cannot be resolved.' }
}

function exists(file: string): boolean {
  try {
    fs.lstatSync(file)
    return true
  } catch {
    return false
  }
}

function gitRefusal(input: string): string {
  return `\`${input}\` is inside git's own data (.git), which agents may not read or change; the workspace handles commits.`
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/')
}
