// P1 through the action: bench/p1-cli.mjs's run (12 tasks as 3 layers of 4, max_parallel 4, a fixed time
// per model reply), but as the GitHub runner runs it: `node dist/index.js` on an `issues.labeled` event,
// against the fake GitHub with the write throttle on and the origin served over smart HTTP. The wall time
// therefore also holds what the action does on GitHub: the plan comment, the pull request, the progress.
// Last line: the two ratios. Run with `npm run bench` (all figures) or `node bench/p1-action.mjs [--quick]`.
import { measureP1 } from './lib/p1.mjs'
import { actionRun, failureOf } from './lib/runs.mjs'

await measureP1({
  name: 'action',
  start: actionRun,
  check: (run, tasks) => {
    const done = run.result.outputs.tasks_done
    const failure =
      failureOf({ ...run.result, violations: run.modelViolations }) ??
      (done === String(tasks) ? undefined : `${done} of ${tasks} tasks done`)
    return { failure, calls: run.modelRequests.length, extra: `  GitHub calls ${run.githubRequests.length}` }
  }
})
