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
  const commands: string[] = []
  commands.push(...(await npmScripts(repoDir)))
  commands.push(...(await makeTargets(repoDir)))
  if (await hasPythonTests(repoDir)) commands.push('pytest', 'python -m pytest', 'python3 -m pytest')
  if (await isFile(path.join(repoDir, 'Cargo.toml')))
    commands.push('cargo test', 'cargo build', 'cargo check')
  if (await isFile(path.join(repoDir, 'go.mod'))) commands.push('go test', 'go build', 'go vet')
  return commands
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
  for (const name of ['GNUmakefile', 'makefile', 'Makefile']) {
    const text = await readText(path.join(repoDir, name))
    if (text === undefined) continue
    // `target:` or `target another:` at the start of a line; not `VAR := value`.
    const targets = new Set(
      text
        .split('\n')
        .map(line => /^([A-Za-z0-9_.\- ]+):(?!=)/.exec(line)?.[1]!.trim().split(/\s+/) ?? [])
        .flat()
    )
    return MAKE_TARGETS.filter(target => targets.has(target)).map(target => `make ${target}`)
  }
  return []
}

async function hasPythonTests(repoDir: string): Promise<boolean> {
  for (const name of PYTHON_CONFIG) if (await isFile(path.join(repoDir, name))) return true
  const pyproject = await readText(path.join(repoDir, 'pyproject.toml'))
  if (pyproject?.includes('[tool.pytest')) return true
  const setupCfg = await readText(path.join(repoDir, 'setup.cfg'))
  if (setupCfg?.includes('[tool:pytest]')) return true
  return hasPythonTestFile(repoDir, 3)
}

/** `test_*.py` or `*_test.py` within a few levels of the root: pytest's own discovery names. */
async function hasPythonTestFile(dir: string, depth: number): Promise<boolean> {
  let entries
  try {
    entries = await fs.readdir(dir, { withFileTypes: true })
  } catch {
    return false
  }
  for (const entry of entries) {
    if (entry.isFile() && /^(test_.*|.*_test)\.py$/.test(entry.name)) return true
  }
  if (depth === 0) return false
  for (const entry of entries) {
    if (!entry.isDirectory() || SKIPPED_DIRS.has(entry.name) || entry.name.startsWith('.')) continue
    if (await hasPythonTestFile(path.join(dir, entry.name), depth - 1)) return true
  }
  return false
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
