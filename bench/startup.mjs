// Start-up: what the action costs when the event is not for it, the commonest case on a busy repository (a
// workflow on `issues` sees every label). `node dist/index.js` runs as the runner runs it on an issue
// labelled `bug`, against a fake GitHub that counts any call it makes, and is compared with `node -e 0`,
// the least a Node step costs. Median wall times (spawn to exit) of interleaved runs.
// Last line: the ratio. Run with `npm run bench` (all figures) or `node bench/startup.mjs [--quick]`.
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { harnessModule } from './lib/harness.mjs'
import { requireDist } from './lib/runs.mjs'
import { median, QUICK } from './lib/team.mjs'

const RUNS = QUICK ? 3 : 15

const { startFakeGitHub } = await harnessModule('fake-github')
const { runAction } = await harnessModule('run-action')
const { labeledIssue } = await harnessModule('webhook-payloads')

/** Wall time of `node -e 0`, spawned the way run-action spawns the action. */
function bareNode() {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' })
    child.on('error', reject)
    child.on('close', code =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`node -e 0 exited ${code}`))
    )
  })
}

requireDist()
const github = await startFakeGitHub()
const workspace = await mkdtemp(join(tmpdir(), 'agent-team-bench-startup-'))
try {
  const issue = github.addIssue({ title: 'Crash on start', body: 'It crashes.' })
  const payload = labeledIssue({ number: issue, title: 'Crash on start', body: 'It crashes.', label: 'bug' })

  /** Wall time of the action on the irrelevant event; it must end well and make no change on GitHub. */
  async function action() {
    let started = performance.now()
    const result = await runAction({
      eventName: 'issues',
      payload,
      githubUrl: github.url,
      workspace,
      onSpawn: () => (started = performance.now())
    })
    const ms = performance.now() - started
    if (result.code !== 0)
      throw new Error(`the action exited ${result.code}: ${result.stdout}${result.stderr}`)
    return { ms, stdout: result.stdout }
  }

  // One of each first, unmeasured: the first start reads the files from disk, later ones from the cache.
  const first = await action()
  await bareNode()
  const callsPerRun = github.requests.length
  const actionTimes = []
  const nodeTimes = []
  for (let i = 0; i < RUNS; i++) {
    actionTimes.push((await action()).ms)
    nodeTimes.push(await bareNode())
  }
  const notice = first.stdout.split('\n').find(line => /skip/i.test(line))
  if (notice) console.log(`the action says: ${notice.trim()}`)
  console.log(`GitHub calls on the skip path: ${callsPerRun}; writes: ${github.writes().length}`)
  const actionMs = median(actionTimes)
  const nodeMs = median(nodeTimes)
  console.log(
    `start-up (median of ${RUNS}): dist/index.js ${actionMs.toFixed(0)} ms / node -e 0 ${nodeMs.toFixed(0)} ms = ${(actionMs / nodeMs).toFixed(1)}`
  )
} finally {
  await Promise.all([github.close(), rm(workspace, { recursive: true, force: true })])
}
