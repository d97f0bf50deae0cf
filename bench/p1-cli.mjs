// P1 through the command line: how close `agent-team run` comes to the least wall time the model allows.
// 12 tasks as 3 layers of 4 with max_parallel 4, every model reply taking the same fixed time at a fake
// Anthropic; the bound is the plan call plus one task's replies per layer (lib/team.mjs). Run twice: with
// the default check (the sample's `npm test` on every merge) and with `checks: []`.
// Last line: the two ratios. Run with `npm run bench` (all figures) or `node bench/p1-cli.mjs [--quick]`.
import { criticalPathMs, expectedModelCalls, layeredPlan, layersOf, QUICK, seconds } from './lib/team.mjs'
import { cliRun, failureOf, requireDist } from './lib/runs.mjs'

const TASKS = QUICK ? 1 : 12
const WIDTH = QUICK ? 1 : 4
const TURNS = 2
const LATENCY_MS = QUICK ? 150 : 2000

requireDist()
const plan = layeredPlan(TASKS, WIDTH)
const bound = criticalPathMs({ layers: layersOf(TASKS, WIDTH), turns: TURNS, latencyMs: LATENCY_MS })
console.log(
  `${TASKS} tasks as ${layersOf(TASKS, WIDTH)} layers of ${WIDTH}, max_parallel ${WIDTH}, ` +
    `${TURNS} replies per task, ${LATENCY_MS} ms per reply: bound ${seconds(bound)} s`
)

const ratios = {}
for (const withCheck of [false, true]) {
  const run = await cliRun({ plan, turns: TURNS, latencyMs: LATENCY_MS, maxParallel: WIDTH, withCheck })
  try {
    const failure = failureOf(run)
    if (failure) throw new Error(`the run failed (${withCheck ? 'with' : 'without'} the check): ${failure}`)
    const calls = run.requests.length
    const expected = expectedModelCalls(TASKS, TURNS)
    const name = withCheck ? 'default check' : 'no check'
    ratios[name] = run.ms / bound
    console.log(
      `${name.padEnd(13)}  wall ${seconds(run.ms)} s  ratio ${ratios[name].toFixed(2)}  ` +
        `model calls ${calls}${calls === expected ? '' : ` (expected ${expected})`}`
    )
  } finally {
    await run.cleanup()
  }
}
console.log(
  `P1 CLI: wall / critical path = ${ratios['no check'].toFixed(2)}; ` +
    `${ratios['default check'].toFixed(2)} with the default check`
)
