// What the sandbox costs per command: the median wall time of 50 runs of `true` and `node -e 0`, directly
// (sandbox: none) and in bubblewrap, through the engine's own sandbox code. Prints medians and ratios.
// Not a test: timings depend on the machine. Run with `npm run bench:sandbox`.
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import ts from 'typescript'

const RUNS = 50
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** The engine's sandbox room (and the util it imports), transpiled to plain JS in a scratch folder. */
async function loadSandboxCode(out) {
  for (const room of ['sandbox', 'util']) {
    await mkdir(join(out, room), { recursive: true })
    for (const file of await readdir(join(root, 'src', room))) {
      if (!file.endsWith('.ts')) continue
      const source = await readFile(join(root, 'src', room, file), 'utf8')
      const { outputText } = ts.transpileModule(source, {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }
      })
      await writeFile(join(out, room, file.replace(/\.ts$/, '.js')), outputText)
    }
  }
  await writeFile(join(out, 'package.json'), '{"type":"module"}')
  return import(pathToFileURL(join(out, 'sandbox', 'prepare-sandbox.js')).href)
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

async function time(sandbox, argv, worktree) {
  const samples = []
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now()
    const result = await sandbox.run(argv, {
      root: worktree,
      cwd: worktree,
      timeoutMs: 30_000,
      maxOutputBytes: 4096,
      secrets: []
    })
    samples.push(performance.now() - started)
    if (result.exitCode !== 0) throw new Error(`${argv.join(' ')} failed: ${result.stderr}`)
  }
  return median(samples)
}

const scratch = await mkdtemp(join(tmpdir(), 'agent-team-bench-'))
try {
  const { prepareSandbox } = await loadSandboxCode(join(scratch, 'code'))
  const worktree = join(scratch, 'worktree')
  await mkdir(worktree)
  const silent = { info() {}, warning() {}, error() {}, debug() {} }
  const common = {
    onUnavailable: 'fail',
    setUpHost: false,
    env: process.env,
    repoDir: scratch,
    readOnlyPaths: [],
    logger: silent
  }
  const direct = await prepareSandbox({
    ...common,
    mode: 'none',
    unsandboxedEnv: { PATH: process.env.PATH ?? '' }
  })
  const sandboxed = await prepareSandbox({ ...common, mode: 'bubblewrap', unsandboxedEnv: {} })

  console.log(`median wall time of ${RUNS} runs (ms)`)
  console.log('command        direct   bubblewrap   ratio   added')
  for (const argv of [['true'], ['node', '-e', '0']]) {
    const plain = await time(direct, argv, worktree)
    const boxed = await time(sandboxed, argv, worktree)
    const name = argv.join(' ').padEnd(13)
    console.log(
      `${name}  ${plain.toFixed(1).padStart(6)}   ${boxed.toFixed(1).padStart(10)}   ${(boxed / plain).toFixed(2).padStart(5)}x  ${(boxed - plain).toFixed(1).padStart(5)}`
    )
  }
} finally {
  await rm(scratch, { recursive: true, force: true })
}
