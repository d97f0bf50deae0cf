import { access, readFile } from 'node:fs/promises'
import { join } from 'node:path'

/** The placeholder `npm init` writes; running it only fails. */
const NPM_PLACEHOLDER = /no test specified/

/**
 * The QA gate when the configuration sets no `checks`: the repository's own `test` script, run with the
 * package manager its lockfile names (`pnpm test`, `yarn test`, `bun run test`, else `npm test`). No
 * `package.json`, no test script, or only npm's placeholder: no checks. A repo that wants something else,
 * or nothing, sets `checks:` (an empty list turns the gate off).
 */
export async function defaultChecks(repoDir: string): Promise<string[]> {
  let manifest: unknown
  try {
    manifest = JSON.parse(await readFile(join(repoDir, 'package.json'), 'utf8'))
  } catch {
    // Missing or unreadable: not ours to report; the repo's own tooling will.
    return []
  }
  const test = (manifest as { scripts?: Record<string, unknown> } | null)?.scripts?.test
  if (typeof test !== 'string' || test.trim() === '' || NPM_PLACEHOLDER.test(test)) return []
  if (await exists(join(repoDir, 'pnpm-lock.yaml'))) return ['pnpm test']
  if (await exists(join(repoDir, 'yarn.lock'))) return ['yarn test']
  if ((await exists(join(repoDir, 'bun.lockb'))) || (await exists(join(repoDir, 'bun.lock'))))
    return ['bun run test']
  return ['npm test']
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false
  )
}
