// P1 through the command line: how close `agent-team run` comes to the least wall time the model allows.
// 12 tasks as 3 layers of 4 with max_parallel 4, every model reply taking the same fixed time at a fake
// Anthropic; the bound is the plan call plus one task's replies per layer (lib/team.mjs). Run twice: with
// the default check (the sample's `npm test` on every merge) and with `checks: []`.
// Last line: the two ratios. Run with `npm run bench` (all figures) or `node bench/p1-cli.mjs [--quick]`.
import { measureP1 } from './lib/p1.mjs'
import { cliRun, failureOf } from './lib/runs.mjs'

await measureP1({
  name: 'CLI',
  start: cliRun,
  check: run => ({ failure: failureOf(run), calls: run.requests.length })
})
