// What the sandbox costs per command: the median wall time of 50 runs of `true` and `node -e 0`, directly
// (sandbox: none) and in bubblewrap, through the engine's own sandbox code. Prints medians and ratios.
// Not a test: timings depend on the machine. Run with `npm run bench:sandbox` (`--quick`: 5 runs each).
import { mkdtemp, mkdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { sourceModule } from './lib/harness.mjs'

const RUNS = process.argv.includes('--quick') ? 5 : 50

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
  const { prepareSandbox } = await sourceModule('sandbox/prepare-sandbox')
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
