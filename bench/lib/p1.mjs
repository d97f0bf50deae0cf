// P1, the same measurement for the command line and the action: 12 tasks as 3 layers of 4 (one of one in
// --quick), a fixed time per model reply, run without and with the default check; prints one line per run and
// the two ratios of wall time to the critical-path bound as its last line.
import { criticalPathMs, expectedModelCalls, layeredPlan, layersOf, QUICK, seconds } from './team.mjs'
import { requireDist } from './runs.mjs'

const TASKS = QUICK ? 1 : 12
const WIDTH = QUICK ? 1 : 4
const TURNS = 2
const LATENCY_MS = QUICK ? 150 : 2000

/**
 * `start(options)` runs the team one way and resolves to `{ ms, cleanup }` plus what `check(run)` reads:
 * it returns why the run failed (or nothing), the model calls made, and any extra words for the line.
 */
export async function measureP1({ name, start, check }) {
  requireDist()
  const plan = layeredPlan(TASKS, WIDTH)
  const bound = criticalPathMs({ layers: layersOf(TASKS, WIDTH), turns: TURNS, latencyMs: LATENCY_MS })
  console.log(
    `${TASKS} tasks as ${layersOf(TASKS, WIDTH)} layers of ${WIDTH}, max_parallel ${WIDTH}, ` +
      `${TURNS} replies per task, ${LATENCY_MS} ms per reply: bound ${seconds(bound)} s`
  )
  const ratios = {}
  for (const withCheck of [false, true]) {
    const run = await start({ plan, turns: TURNS, latencyMs: LATENCY_MS, maxParallel: WIDTH, withCheck })
    try {
      const { failure, calls, extra = '' } = check(run, TASKS)
      if (failure) throw new Error(`the run failed (${withCheck ? 'with' : 'without'} the check): ${failure}`)
      const expected = expectedModelCalls(TASKS, TURNS)
      const label = withCheck ? 'default check' : 'no check'
      ratios[label] = run.ms / bound
      console.log(
        `${label.padEnd(13)}  wall ${seconds(run.ms)} s  ratio ${ratios[label].toFixed(2)}  ` +
          `model calls ${calls}${calls === expected ? '' : ` (expected ${expected})`}${extra}`
      )
    } finally {
      await run.cleanup()
    }
  }
  console.log(
    `P1 ${name}: wall / critical path = ${ratios['no check'].toFixed(2)}; ` +
      `${ratios['default check'].toFixed(2)} with the default check`
  )
}
