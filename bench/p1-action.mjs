// P1 through the action: bench/p1-cli.mjs's run (12 tasks as 3 layers of 4, max_parallel 4, a fixed time
// per model reply), but as the GitHub runner runs it: `node dist/index.js` on an `issues.labeled` event,
// against the fake GitHub with the write throttle on and the origin served over smart HTTP. The wall time
// therefore also holds what the action does on GitHub: the plan comment, the pull request, the progress.
// Last line: the two ratios. Run with `npm run bench` (all figures) or `node bench/p1-action.mjs [--quick]`.
import { criticalPathMs, expectedModelCalls, layeredPlan, layersOf, QUICK, seconds } from './lib/team.mjs'
import { actionRun, failureOf, requireDist } from './lib/runs.mjs'

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
  const run = await actionRun({ plan, turns: TURNS, latencyMs: LATENCY_MS, maxParallel: WIDTH, withCheck })
  try {
    const failure = failureOf({ ...run.result, violations: run.modelViolations })
    if (failure) throw new Error(`the run failed (${withCheck ? 'with' : 'without'} the check): ${failure}`)
    if (run.result.outputs.tasks_done !== String(TASKS))
      throw new Error(`${run.result.outputs.tasks_done} of ${TASKS} tasks done`)
    const calls = run.modelRequests.length
    const expected = expectedModelCalls(TASKS, TURNS)
    const name = withCheck ? 'default check' : 'no check'
    ratios[name] = run.ms / bound
    console.log(
      `${name.padEnd(13)}  wall ${seconds(run.ms)} s  ratio ${ratios[name].toFixed(2)}  ` +
        `model calls ${calls}${calls === expected ? '' : ` (expected ${expected})`}  ` +
        `GitHub calls ${run.githubRequests.length}`
    )
  } finally {
    await run.cleanup()
  }
}
console.log(
  `P1 action: wall / critical path = ${ratios['no check'].toFixed(2)}; ` +
    `${ratios['default check'].toFixed(2)} with the default check`
)
