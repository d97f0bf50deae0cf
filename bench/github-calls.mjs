// GitHub traffic of a run: how many calls the action makes for 12 tasks (3 layers of 4, max_parallel 4)
// whose model replies take 3 s each, several replies per task, so the run lasts long enough for a progress
// comment that is edited on a timer to show it; and the shortest time between two edits of the same comment,
// from the arrival times in the fake GitHub's request log. The throttle is on, as in production.
// Last line: calls and spacing. Run with `npm run bench` (all figures) or `node bench/github-calls.mjs [--quick]`.
import { criticalPathMs, layeredPlan, layersOf, QUICK, seconds } from './lib/team.mjs'
import { actionRun, failureOf, requireDist } from './lib/runs.mjs'

const TASKS = QUICK ? 1 : 12
const WIDTH = QUICK ? 1 : 4
const TURNS = QUICK ? 2 : 8
const LATENCY_MS = QUICK ? 150 : 3000

/** `PATCH …/issues/comments/{id}`: an edit of comment `id`. */
const COMMENT_EDIT = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/

requireDist()
const plan = layeredPlan(TASKS, WIDTH)
const bound = criticalPathMs({ layers: layersOf(TASKS, WIDTH), turns: TURNS, latencyMs: LATENCY_MS })
console.log(
  `${TASKS} tasks as ${layersOf(TASKS, WIDTH)} layers of ${WIDTH}, ${TURNS} replies per task, ` +
    `${LATENCY_MS} ms per reply: the model alone takes ${seconds(bound)} s`
)
const run = await actionRun({ plan, turns: TURNS, latencyMs: LATENCY_MS, maxParallel: WIDTH })
try {
  const failure = failureOf({ ...run.result, violations: run.modelViolations })
  if (failure) throw new Error(`the run failed: ${failure}`)
  const requests = run.githubRequests
  const writes = requests.filter(r => r.method !== 'GET' && r.method !== 'HEAD')
  const byOperation = new Map()
  for (const r of requests) {
    const name = `${r.method} ${r.operationId ?? r.path}`
    byOperation.set(name, (byOperation.get(name) ?? 0) + 1)
  }
  console.log(`wall ${seconds(run.ms)} s; GitHub calls by operation:`)
  for (const [name, count] of [...byOperation].sort((a, b) => b[1] - a[1])) console.log(`  ${count}  ${name}`)

  const editsByComment = new Map()
  for (const r of requests) {
    const id = r.method === 'PATCH' ? COMMENT_EDIT.exec(r.path)?.[1] : undefined
    if (id) editsByComment.set(id, [...(editsByComment.get(id) ?? []), r.receivedAt])
  }
  let closest
  for (const [id, times] of editsByComment) {
    for (let i = 1; i < times.length; i++) {
      const gap = times[i] - times[i - 1]
      if (closest === undefined || gap < closest.gap) closest = { id, gap }
    }
  }
  const edits = [...editsByComment.values()].reduce((sum, times) => sum + times.length, 0)
  const spacing =
    closest === undefined
      ? 'no comment edited twice'
      : `min ${(closest.gap / 1000).toFixed(2)} s between two edits of one comment`
  console.log(
    `GitHub calls: ${requests.length} (${writes.length} writes) for ${TASKS} tasks in ${seconds(run.ms)} s; ` +
      `${edits} comment edits, ${spacing}`
  )
} finally {
  await run.cleanup()
}
