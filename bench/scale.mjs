// Scale: a plan of 200 tasks with max_parallel 16 through the action (layers of 16, a short fixed time per
// model reply): does it complete, how much memory does the action's process peak at, and how many bytes of
// state does a run write as it grows — 12, 50 and 200 tasks, summed over the state commits on the origin's
// state branch (every blob a commit adds or changes). Bytes should grow linearly with the tasks.
// A plan over the engine's task limit is refused at planning; that is reported as such, not as a crash.
// Last line: the 200-task outcome and the state bytes. Run with `npm run bench` or `node bench/scale.mjs [--quick]`.
import { branchWrites, layeredPlan, mib, QUICK, seconds } from './lib/team.mjs'
import { actionRun, failureOf, requireDist, STATE_BRANCH } from './lib/runs.mjs'

const SIZES = QUICK ? [2] : [12, 50, 200]
const MAX_PARALLEL = QUICK ? 2 : 16
const TURNS = 2
const LATENCY_MS = QUICK ? 50 : 200

/** The planner's refusal of a plan over the task limit: "… more than the limit of 50 …". */
const OVER_LIMIT = /more than the limit of (\d+)/

requireDist()
const outcomes = []
for (const size of SIZES) {
  const run = await actionRun({
    plan: layeredPlan(size, MAX_PARALLEL),
    turns: TURNS,
    latencyMs: LATENCY_MS,
    maxParallel: MAX_PARALLEL,
    maxTasks: Math.max(...SIZES)
  })
  try {
    const said = `${run.result.stdout}\n${run.result.stderr}\n${run.result.summary}`
    const limit = OVER_LIMIT.exec(said)?.[1]
    if (limit) {
      outcomes.push({ size, refused: limit })
      console.log(`${size} tasks: refused at planning (the limit is ${limit} tasks)`)
      continue
    }
    const failure = failureOf({ ...run.result, violations: run.modelViolations })
    if (failure) throw new Error(`the ${size}-task run failed: ${failure}`)
    const done = Number(run.result.outputs.tasks_done)
    const state = await branchWrites(run.gitDir, STATE_BRANCH)
    outcomes.push({ size, done, ms: run.ms, peakRss: run.peakRss, state })
    console.log(
      `${size} tasks: ${done} done in ${seconds(run.ms)} s, peak RSS ${run.peakRss ? mib(run.peakRss) : '?'} MiB, ` +
        `${state.commits} state commits writing ${mib(state.bytes)} MiB (${(state.bytes / size / 1024).toFixed(0)} KiB per task)`
    )
  } finally {
    await run.cleanup()
  }
}

const big = outcomes.at(-1)
const bytes = outcomes
  .filter(o => o.state)
  .map(o => `${o.size} → ${mib(o.state.bytes)}`)
  .join(', ')
const outcome = big.refused
  ? `${big.size} tasks: refused (cap ${big.refused})`
  : `${big.size} tasks: ${big.done === big.size ? 'completed' : `${big.done} of ${big.size} done`} in ${seconds(big.ms)} s, ` +
    `peak RSS ${big.peakRss ? mib(big.peakRss) : '?'} MiB`
console.log(`${outcome}; state MiB written for ${bytes}`)
