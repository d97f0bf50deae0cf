import { describe, expect, it } from '@jest/globals'
import { runSchedule, type TaskEnd } from '../../../src/orchestrator/scheduler.js'

const task = (id: string, ...dependencies: string[]) => ({ id, dependencies })

/** Tasks that finish when the test says so, recording the order of starts and the peak concurrency. */
function controllable() {
  const gates = new Map<string, (end: TaskEnd) => void>()
  const starts: string[] = []
  let running = 0
  let peak = 0
  const waiters: (() => void)[] = []
  return {
    starts,
    peak: () => peak,
    runTask: (t: { id: string }) =>
      new Promise<TaskEnd>(resolve => {
        starts.push(t.id)
        running++
        peak = Math.max(peak, running)
        gates.set(t.id, end => {
          running--
          resolve(end)
        })
        waiters.splice(0).forEach(w => w())
      }),
    async finish(id: string, end: TaskEnd = 'merged') {
      while (!gates.has(id)) await new Promise<void>(r => waiters.push(r))
      gates.get(id)?.(end)
      gates.delete(id)
      for (let i = 0; i < 5; i++) await Promise.resolve()
    }
  }
}

describe('scheduler', () => {
  it('starts independent tasks together and a dependent only once both of its dependencies are merged', async () => {
    const c = controllable()
    const done = runSchedule({
      tasks: [task('A'), task('B'), task('C', 'A', 'B'), task('QA', 'C')],
      maxParallel: 3,
      runTask: c.runTask
    })
    await c.finish('A')
    expect(c.starts).toEqual(['A', 'B'])
    await c.finish('B')
    expect(c.starts).toEqual(['A', 'B', 'C'])
    await c.finish('C')
    await c.finish('QA')
    expect(await done).toEqual({ merged: ['A', 'B', 'C', 'QA'], failed: [], blocked: [], notStarted: [] })
    expect(c.peak()).toBe(2)
  })

  it('never runs more than maxParallel tasks at once', async () => {
    const c = controllable()
    const tasks = ['A', 'B', 'C', 'D', 'E'].map(id => task(id))
    const done = runSchedule({ tasks, maxParallel: 2, runTask: c.runTask })
    for (const t of tasks) await c.finish(t.id)
    await done
    expect(c.peak()).toBe(2)
  })

  it('holds back only the dependents of a failed task; independent work goes on', async () => {
    const c = controllable()
    const done = runSchedule({
      tasks: [task('A'), task('B'), task('C', 'A'), task('D', 'B')],
      maxParallel: 3,
      runTask: c.runTask
    })
    await c.finish('A', 'failed')
    await c.finish('B')
    await c.finish('D')
    expect(await done).toEqual({ merged: ['B', 'D'], failed: ['A'], blocked: [], notStarted: ['C'] })
  })

  it('treats a thrown error as that task failing', async () => {
    const result = await runSchedule({
      tasks: [task('A'), task('B')],
      maxParallel: 2,
      runTask: async t => {
        if (t.id === 'A') throw new Error('boom')
        return 'merged'
      }
    })
    expect(result.failed).toEqual(['A'])
    expect(result.merged).toEqual(['B'])
  })

  it('skips tasks an earlier run merged and starts their dependents', async () => {
    const ran: string[] = []
    const result = await runSchedule({
      tasks: [task('A'), task('B', 'A')],
      maxParallel: 1,
      alreadyMerged: ['A'],
      runTask: async t => {
        ran.push(t.id)
        return 'merged'
      }
    })
    expect(ran).toEqual(['B'])
    expect(result.merged).toEqual(['A', 'B'])
  })

  it('starts nothing new once asked to stop, and reports what never started', async () => {
    let stop = false
    const result = await runSchedule({
      tasks: [task('A'), task('B', 'A')],
      maxParallel: 1,
      shouldStop: () => stop,
      runTask: async () => {
        stop = true
        return 'merged'
      }
    })
    expect(result).toEqual({ merged: ['A'], failed: [], blocked: [], notStarted: ['B'] })
  })

  it('keeps a blocked task apart from failures', async () => {
    const result = await runSchedule({
      tasks: [task('A'), task('B', 'A'), task('C')],
      maxParallel: 2,
      runTask: async t => (t.id === 'A' ? 'blocked' : 'merged')
    })
    expect(result).toEqual({ merged: ['C'], failed: [], blocked: ['A'], notStarted: ['B'] })
  })
})
