/**
 * A throw-away git setup for tests: a bare "origin" and a clone of it that looks like what actions/checkout
 * leaves behind (on the default branch, `origin` set, upstream tracking). Everything lives under one temporary
 * directory, so `cleanup()` removes it all.
 */
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

export interface TempRepo {
  /** Path of the bare repository that plays `origin`. */
  origin: string
  /** A clone of `origin`, on the default branch, with a local committer identity. */
  work: string
  /** The temporary directory holding both; put any extra paths for the test under it. */
  root: string
  /** Removes `root` and everything under it. */
  cleanup(): Promise<void>
  /** Runs git in `cwd` with the test environment; resolves to stdout without the trailing newline. */
  git(cwd: string, ...args: string[]): Promise<string>
}

export interface TempRepoOptions {
  /** Files of the initial commit, by repository-relative path. Default: a README. */
  files?: Record<string, string>
  /** Default: `main`. */
  defaultBranch?: string
}

/** The identity the clone commits with (set in its local config only). */
export const testIdentity = { name: 'Test Person', email: 'test@example.com' }

/**
 * The environment test git commands run with: the machine's global and system configuration are ignored, so a
 * developer's `init.defaultBranch`, signing or hooks settings cannot change the outcome of a test.
 */
export const testGitEnv: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
  LC_ALL: 'C'
}

/** Runs git without a shell and resolves to its stdout, trailing newline removed. */
export function runGit(cwd: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, env: testGitEnv, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`git ${args.join(' ')} failed in ${cwd}: ${stderr || error.message}`))
      } else {
        resolve(stdout.replace(/\n$/, ''))
      }
    })
  })
}

/** Writes `files` (repository-relative paths) under `dir`, creating folders as needed. */
export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    const target = join(dir, path)
    await mkdir(dirname(target), { recursive: true })
    await writeFile(target, content)
  }
}

/** Creates a bare origin with one commit on the default branch and a clone of it. */
export async function createTempRepo(options: TempRepoOptions = {}): Promise<TempRepo> {
  const branch = options.defaultBranch ?? 'main'
  const files = options.files ?? { 'README.md': '# test repository\n' }
  // realpath: git reports resolved paths (macOS puts tmpdir behind a symlink), and tests compare them.
  const root = await realpath(await mkdtemp(join(tmpdir(), 'agent-team-git-')))
  const origin = join(root, 'origin.git')
  const work = join(root, 'work')
  try {
    await runGit(root, 'init', '--quiet', '--bare', `--initial-branch=${branch}`, origin)
    // -c on clone writes the identity into the clone's own config; the branch setting names its HEAD.
    await runGit(
      root,
      '-c',
      `init.defaultBranch=${branch}`,
      'clone',
      '--quiet',
      '-c',
      `user.name=${testIdentity.name}`,
      '-c',
      `user.email=${testIdentity.email}`,
      origin,
      work
    )
    await writeFiles(work, files)
    await runGit(work, 'add', '--all')
    await runGit(work, 'commit', '--quiet', '--allow-empty', '--message', 'Initial commit')
    await runGit(work, 'push', '--quiet', '--set-upstream', 'origin', branch)
  } catch (error) {
    await rm(root, { recursive: true, force: true })
    throw error
  }
  return {
    origin,
    work,
    root,
    cleanup: () => rm(root, { recursive: true, force: true }),
    git: runGit
  }
}
