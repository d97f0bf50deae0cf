// Jest's global setup: the end-to-end, CLI and demo tests run the built dist/, as the runner and a terminal
// do, so dist/ must be the build of the source under test. When its stamp (scripts/dist-stamp.mjs) says it
// is not, this rebuilds it once, before any test starts. A fresh dist/ costs one hash of the sources;
// a run that selects none of those tests (`jest __tests__/unit`) skips the check.
import { execFile } from 'node:child_process'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { distStaleness } from '../scripts/dist-stamp.mjs'

/** The test folders whose tests run dist/. */
const DIST_TEST_DIRS = ['__tests__/e2e', '__tests__/cli', '__tests__/demo']

export default async function freshDist(globalConfig) {
  const root = globalConfig.rootDir
  if (!(await selectsDistTests(globalConfig, root))) return
  const reason = await distStaleness(root)
  if (reason === undefined) return
  const started = Date.now()
  process.stderr.write(`Rebuilding dist/ for the tests (${reason}): npm run package… `)
  await new Promise((resolve, reject) =>
    execFile(
      'npm',
      ['run', 'package'],
      { cwd: root, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`npm run package failed:\n${stdout}${stderr}`)) : resolve(undefined)
    )
  )
  process.stderr.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
}

/** Whether the tests this run selects include one that runs dist/; when unsure, yes. */
async function selectsDistTests(globalConfig, root) {
  const patterns = globalConfig.testPathPatterns
  if (typeof patterns?.isSet !== 'function' || !patterns.isSet()) return true
  if (globalConfig.onlyChanged || globalConfig.findRelatedTests || globalConfig.runTestsByPath) return true
  const matches = patterns.toExecutor({ rootDir: root })
  for (const dir of DIST_TEST_DIRS) {
    const files = await readdir(join(root, dir), { recursive: true }).catch(() => [])
    if (files.some(file => matches.isMatch(join(root, dir, file)))) return true
  }
  return false
}
