import { access } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * `sandbox.setup` when the configuration sets none: `npm ci` when the repository has a package-lock.json
 * (an exact, reproducible install), else nothing. Other package managers, or a different install, are a
 * `sandbox.setup:` line away; an empty list turns setup off.
 */
export async function defaultSetup(repoDir: string): Promise<string[]> {
  const lockfile = await access(join(repoDir, 'package-lock.json')).then(
    () => true,
    () => false
  )
  return lockfile ? ['npm ci'] : []
}
