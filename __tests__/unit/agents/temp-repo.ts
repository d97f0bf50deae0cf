import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** A fresh directory under the system temp dir, and a way to remove it. */
export interface TempDir {
  dir: string
  write(relative: string, content: string): void
  remove(): void
}

export function tempDir(prefix = 'agent-team-'): TempDir {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  return {
    dir,
    write(relative, content) {
      const file = path.join(dir, relative)
      fs.mkdirSync(path.dirname(file), { recursive: true })
      fs.writeFileSync(file, content)
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** Runs git in `dir` without the machine's or the user's configuration. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: dir, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' }
  })
}

/** A temp dir that is a git repository holding `files` (the `tracked` ones added to the index). */
export function tempRepo(files: Record<string, string>, tracked: string[] = Object.keys(files)): TempDir {
  const repo = tempDir('agent-team-repo-')
  git(repo.dir, 'init', '-q')
  for (const [relative, content] of Object.entries(files)) repo.write(relative, content)
  if (tracked.length > 0) git(repo.dir, 'add', '--', ...tracked)
  return repo
}
