import fs from 'node:fs/promises'
import path from 'node:path'

/** Script names (and `name:variant`, `name-variant`) that check the code rather than ship or deploy it. */
const CHECK_SCRIPT = /^(test|build|lint|typecheck|type-check|format|check)([:_.-].*)?$/
const MAKE_TARGETS = ['test', 'check', 'lint', 'build']
const PYTHON_CONFIG = ['pytest.ini', 'conftest.py', 'tox.ini']
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.venv', 'venv', 'dist', 'build', 'target', 'vendor'])

/**
 * The commands a role may run when the config gives it none: the repository's own test, build, lint,
 * typecheck, format and check entry points, as argv prefixes. Lifecycle hooks (`pretest`, `postbuild`)
 * are left out; npm runs them by itself.
 */
export async function defaultAllowList(repoDir: string): Promise<string[]> {
  // Every probe at once: each is a few file reads, and one after the other they wait their turns on a busy
  // event loop (the briefs of a wave wait for this list).
  const [npm, make, python, cargo, go] = await Promise.all([
    npmScripts(repoDir),
    makeTargets(repoDir),
    hasPythonTests(repoDir),
    isFile(path.join(repoDir, 'Cargo.toml')),
    isFile(path.join(repoDir, 'go.mod'))
  ])
  return [
    ...npm,
    ...make,
    ...(python ? ['pytest', 'python -m pytest', 'python3 -m pytest'] : []),
    ...(cargo ? ['cargo test', 'cargo build', 'cargo check'] : []),
    ...(go ? ['go test', 'go build', 'go vet'] : [])
  ]
}

async function npmScripts(repoDir: string): Promise<string[]> {
  const text = await readText(path.join(repoDir, 'package.json'))
  if (text === undefined) return []
  let scripts: unknown
  try {
    scripts = (JSON.parse(text) as { scripts?: unknown }).scripts
  } catch {
    return []
  }
  if (typeof scripts !== 'object' || scripts === null) return []
  return Object.keys(scripts)
    .filter(name => CHECK_SCRIPT.test(name))
    .sort()
    .map(name => (name === 'test' ? 'npm test' : `npm run ${name}`))
}

async function makeTargets(repoDir: string): Promise<string[]> {
  // The first of these make reads, as make itself looks for them.
  const texts = await Promise.all(
    ['GNUmakefile', 'makefile', 'Makefile'].map(name => readText(path.join(repoDir, name)))
  )
  const text = texts.find(found => found !== undefined)
  if (text === undefined) return []
  // `target:` or `target another:` at the start of a line; not `VAR := value`.
  const targets = new Set(
    text
      .split('\n')
      .map(line => /^([A-Za-z0-9_.\- ]+):(?!=)/.exec(line)?.[1]!.trim().split(/\s+/) ?? [])
      .flat()
  )
  return MAKE_TARGETS.filter(target => targets.has(target)).map(target => `make ${target}`)
}

async function hasPythonTests(repoDir: string): Promise<boolean> {
  const [configured, pyproject, setupCfg, testFile] = await Promise.all([
    Promise.all(PYTHON_CONFIG.map(name => isFile(path.join(repoDir, name)))),
    readText(path.join(repoDir, 'pyproject.toml')),
    readText(path.join(repoDir, 'setup.cfg')),
    hasPythonTestFile(repoDir, 3)
  ])
  return (
    configured.includes(true) ||
    pyproject?.includes('[tool.pytest') === true ||
    setupCfg?.includes('[tool:pytest]') === true ||
    testFile
  )
}

/** `test_*.py` or `*_test.py` within a few levels of the root: pytest's own discovery names. */
async function hasPythonTestFile(dir: string, depth: number): Promise<boolean> {
  let entries
  try {
    entries = await fs.readdir(dir, { withFileTypes: true })
  } catch {
    return false
  }
  if (entries.some(entry => entry.isFile() && /^(test_.*|.*_test)\.py$/.test(entry.name))) return true
  if (depth === 0) return false
  const below = entries.filter(
    entry => entry.isDirectory() && !SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')
  )
  const found = await Promise.all(
    below.map(entry => hasPythonTestFile(path.join(dir, entry.name), depth - 1))
  )
  return found.includes(true)
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8')
  } catch {
    return undefined
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile()
  } catch {
    return false
  }
}
