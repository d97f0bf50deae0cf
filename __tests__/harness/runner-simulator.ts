/**
 * Plays GitHub Actions for the runs the engine starts itself (scale-out): each workflow run the fake GitHub
 * accepts through `POST …/actions/workflows/{workflow_id}/dispatches` becomes a job, which runs the built
 * action as its own process in its own fresh checkout of the origin, as a fresh runner would:
 * - the checkout is made as actions/checkout makes it (http-checkout.ts `checkoutServedOrigin`), over the
 *   fixture's smart-HTTP origin with the fixture's token and credentials layout, at the dispatched ref;
 * - the event is `workflow_dispatch` with the dispatch's inputs, sent by `github-actions[bot]`;
 * - the environment is a runner's: a run id of its own per job (5000 + job id), GITHUB_RUN_ATTEMPT=1,
 *   GITHUB_WORKFLOW_REF, GITHUB_REF, GITHUB_SHA, GITHUB_ACTOR;
 * - jobs follow the workflow's `concurrency` with `cancel-in-progress: false`: per group one job runs and at
 *   most one waits; a newer waiting job cancels the older waiting one, which then never runs.
 *
 *   const simulator = startRunnerSimulator({ e2e })
 *   await e2e.label(issue)            // the first runner; it dispatches the tasks that are ready
 *   await simulator.idle()            // every dispatched job, and the jobs those dispatched, are done
 *   await simulator.close()
 */
import { mkdtemp, realpath, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { errorMessage } from '../../src/util/errors.js'
import type { E2e } from './e2e-fixture.js'
import type { DispatchRecord } from './fake-github.js'
import { runGit } from './git-repo.js'
import { checkoutServedOrigin } from './http-checkout.js'
import type { ActionResult } from './run-action.js'
import { workflowDispatch } from './webhook-payloads.js'

export interface SimulatedJob {
  /** 1, 2, … in the order the dispatches arrived. */
  id: number
  /** GITHUB_RUN_ID of the job: distinct per job. */
  runId: string
  /** The run's inputs: the dispatch's (the workflow's `inputs` context). */
  inputs: Record<string, string>
  /** The action's inputs, as the workflow's `with:` maps the run's inputs (`inputsOf`). */
  actionInputs: Record<string, string>
  /** The dispatch the job came from. */
  dispatch: DispatchRecord
  /** Its concurrency group. */
  group: string
  /** Set once the job is over: how the process ended (for a cancelled job, without a process). */
  result?: ActionResult
  /** Killed through `kill` or `close`: the runner died under it. */
  killed: boolean
  /** Cancelled while waiting, by a newer job of its group (or `close`); it never ran. */
  cancelled: boolean
  /** Resolves with `result` when the job is over, whichever way; never rejects. */
  done: Promise<ActionResult>
}

export interface RunnerSimulatorOptions {
  /** The fixture: its GitHub and Anthropic fakes, its origin served over HTTP, its repository. */
  e2e: E2e
  /** The action inputs of a dispatched job, from the dispatch inputs, as the workflow's `with:` maps them. */
  inputsOf?: (dispatchInputs: Record<string, string>) => Record<string, string>
  /** With the default `inputsOf`: the action inputs every job gets, under the dispatch's own. */
  baseInputs?: Record<string, string>
  /** Further environment of every job, over the runner's. */
  env?: Record<string, string>
  /**
   * The concurrency group of a job from its dispatch inputs (GitHub: one running and at most one pending per
   * group; a newer pending job cancels the older pending one). Default: `${run_key}-${task}`.
   */
  groupOf?: (inputs: Record<string, string>) => string
  /** Wraps the command, e.g. ['taskset', '-c', '0'] to pin a job to one core. */
  commandPrefix?: (job: number) => string[] | undefined
  onStdout?: (job: SimulatedJob, chunk: string) => void
  /** What a job runs instead of the built action (the simulator's own test gives a stand-in script). */
  entry?: string
  /** How long a job may run before it is killed; run-action's default otherwise. */
  timeoutMs?: number
}

export interface RunnerSimulator {
  /** Every job, in the order the dispatches arrived, cancelled ones included. */
  jobs: SimulatedJob[]
  /** Resolves when no job runs and none is pending (after a short settle so a dispatch made at a job's end is seen). */
  idle(timeoutMs?: number): Promise<void>
  /** SIGKILLs the job's processes (a runner that dies); a job not started yet never starts. */
  kill(job: SimulatedJob): void
  /** Kills what runs, cancels what waits, stops watching dispatches and removes the clones. */
  close(): Promise<void>
}

/** How long the simulator must stay idle before `idle()` believes it: longer than a job's last request takes. */
const SETTLE_MS = 300

/** The result of a job that ran no process: cancelled, killed before it started, or a failed checkout. */
const noProcess = (stderr = ''): ActionResult => ({
  code: null,
  signal: null,
  stdout: '',
  stderr,
  outputs: {},
  summary: ''
})

/** Starts watching the fixture's dispatches; each accepted one becomes a job. */
export function startRunnerSimulator(options: RunnerSimulatorOptions): RunnerSimulator {
  const { e2e } = options
  const inputsOf = options.inputsOf ?? (inputs => ({ ...options.baseInputs, ...inputs }))
  const groupOf = options.groupOf ?? (inputs => `${inputs.run_key}-${inputs.task}`)
  const jobs: SimulatedJob[] = []
  const running = new Map<string, SimulatedJob>()
  const pending = new Map<string, SimulatedJob>()
  const finishers = new Map<SimulatedJob, (result: ActionResult) => void>()
  const pids = new Map<SimulatedJob, number>()
  const idleWaiters = new Set<() => void>()
  // Made on the first job, so a simulator that sees no dispatch leaves nothing behind.
  let root: Promise<string> | undefined
  let closed = false

  const finish = (job: SimulatedJob, result: ActionResult): void => {
    job.result = result
    finishers.get(job)?.(result)
    finishers.delete(job)
  }

  const changed = (): void => {
    for (const waiter of [...idleWaiters]) waiter()
  }

  const start = (job: SimulatedJob): void => {
    running.set(job.group, job)
    void run(job).then(result => {
      running.delete(job.group)
      finish(job, result)
      const next = pending.get(job.group)
      if (next && !closed) {
        pending.delete(job.group)
        start(next)
      }
      changed()
    })
  }

  const cancel = (job: SimulatedJob): void => {
    job.cancelled = true
    finish(job, noProcess())
  }

  /** Checks the job's ref out on a runner of its own and runs the action there; a failure is a result. */
  async function run(job: SimulatedJob): Promise<ActionResult> {
    try {
      const dir = join(await (root ??= makeRoot()), `job-${job.id}`)
      const workspace = join(dir, 'work')
      const runnerTemp = join(dir, 'runner-temp')
      const served = e2e.served
      await checkoutServedOrigin(served, { dir: workspace, ref: job.dispatch.fullRef, runnerTemp })
      if (job.killed) return noProcess('killed before it started')
      const sha = await runGit(workspace, 'rev-parse', 'HEAD')
      const { fullRef, workflow } = job.dispatch
      return await e2e.run({
        eventName: 'workflow_dispatch',
        payload: workflowDispatch({
          inputs: job.inputs,
          ref: fullRef,
          workflow,
          sender: 'github-actions[bot]',
          senderType: 'Bot'
        }),
        workspace,
        origin: { serverUrl: served.serverUrl, runnerTemp },
        inputs: job.actionInputs,
        env: {
          GITHUB_RUN_ID: job.runId,
          GITHUB_RUN_ATTEMPT: '1',
          GITHUB_WORKFLOW_REF: `${served.repository}/.github/workflows/${workflow}@${fullRef}`,
          GITHUB_REF: fullRef,
          GITHUB_REF_NAME: fullRef.replace(/^refs\/(heads|tags)\//, ''),
          GITHUB_REF_TYPE: fullRef.startsWith('refs/tags/') ? 'tag' : 'branch',
          GITHUB_SHA: sha,
          GITHUB_ACTOR: 'github-actions[bot]',
          GITHUB_TRIGGERING_ACTOR: 'github-actions[bot]',
          ...options.env
        },
        commandPrefix: options.commandPrefix?.(job.id),
        entry: options.entry,
        processGroup: true,
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        onSpawn: pid => {
          pids.set(job, pid)
          // Killed while its process was being started.
          if (job.killed) killGroup(pid)
        },
        onStdout: chunk => options.onStdout?.(job, chunk)
      })
    } catch (error) {
      return { ...noProcess(`the simulated runner failed: ${errorMessage(error)}`), code: 1 }
    }
  }

  const stopWatching = e2e.github.onDispatch(dispatch => {
    if (closed) return
    const id = jobs.length + 1
    let resolveDone!: (result: ActionResult) => void
    const job: SimulatedJob = {
      id,
      runId: String(5000 + id),
      inputs: dispatch.inputs,
      actionInputs: inputsOf(dispatch.inputs),
      dispatch,
      group: groupOf(dispatch.inputs),
      killed: false,
      cancelled: false,
      done: new Promise(resolve => (resolveDone = resolve))
    }
    finishers.set(job, resolveDone)
    jobs.push(job)
    if (!running.has(job.group)) start(job)
    else {
      const older = pending.get(job.group)
      pending.set(job.group, job)
      if (older) cancel(older)
    }
    changed()
  })

  const kill = (job: SimulatedJob): void => {
    if (job.result) return
    job.killed = true
    if (pending.get(job.group) === job) {
      pending.delete(job.group)
      finish(job, noProcess('killed before it started'))
      changed()
      return
    }
    const pid = pids.get(job)
    if (pid !== undefined) killGroup(pid)
  }

  return {
    jobs,
    kill,

    idle(timeoutMs = 60_000) {
      return new Promise<void>((resolve, reject) => {
        let settle: NodeJS.Timeout | undefined
        const done = (error?: Error): void => {
          clearTimeout(settle)
          clearTimeout(deadline)
          idleWaiters.delete(check)
          if (error) reject(error)
          else resolve()
        }
        // Busy cancels a settle under way; idle starts one, which ends the wait unless work comes first.
        const check = (): void => {
          const busy = running.size > 0 || pending.size > 0
          if (busy) {
            clearTimeout(settle)
            settle = undefined
          } else settle ??= setTimeout(() => done(), SETTLE_MS)
        }
        const deadline = setTimeout(() => {
          const busy = jobs.filter(job => !job.result).map(job => `job ${job.id} (${job.group})`)
          done(new Error(`the simulated runners were not idle after ${timeoutMs} ms: ${busy.join(', ')}`))
        }, timeoutMs)
        idleWaiters.add(check)
        check()
      })
    },

    async close() {
      closed = true
      stopWatching()
      for (const job of pending.values()) cancel(job)
      pending.clear()
      for (const job of running.values()) kill(job)
      await Promise.all(jobs.map(job => job.done))
      changed()
      if (root) await rm(await root, { recursive: true, force: true })
    }
  }
}

/** A temporary directory for the jobs' runners; realpath, so the checkouts' `includeIf.gitdir` paths match. */
async function makeRoot(): Promise<string> {
  return realpath(await mkdtemp(join(tmpdir(), 'agent-team-runners-')))
}

/** SIGKILLs a job's whole process group: the action and everything it started. */
function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
}
