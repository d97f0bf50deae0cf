/**
 * Runs a task graph: every task whose dependencies are all merged starts at once, up to `maxParallel`
 * together, so the graph's own shape sets the parallelism. A task that fails or blocks holds back only
 * the tasks that depend on it; independent branches of the graph go on.
 */
export interface SchedulableTask {
  id: string
  dependencies: string[]
}

/** How one task ended. Only `merged` releases its dependents. */
export type TaskEnd = 'merged' | 'failed' | 'blocked'

export interface ScheduleResult {
  merged: string[]
  failed: string[]
  blocked: string[]
  /** Never started because a dependency did not merge (or the run was stopped first). */
  notStarted: string[]
}

export async function runSchedule<T extends SchedulableTask>(options: {
  tasks: T[]
  maxParallel: number
  /** Tasks already merged by an earlier run: they count as done and are not run again. */
  alreadyMerged?: Iterable<string>
  runTask: (task: T) => Promise<TaskEnd>
  /** Checked before each start: once true, nothing new starts and running tasks are awaited. */
  shouldStop?: () => boolean
}): Promise<ScheduleResult> {
  const merged = new Set(options.alreadyMerged ?? [])
  const failed = new Set<string>()
  const blocked = new Set<string>()
  const started = new Set<string>(merged)
  const running = new Map<string, Promise<{ id: string; end: TaskEnd }>>()
  const limit = Math.max(1, options.maxParallel)

  const startReady = (): void => {
    for (const task of options.tasks) {
      if (running.size >= limit || options.shouldStop?.()) return
      if (started.has(task.id) || !task.dependencies.every(dep => merged.has(dep))) continue
      started.add(task.id)
      running.set(
        task.id,
        options.runTask(task).then(
          end => ({ id: task.id, end }),
          // A task's own error is its failure, never the schedule's.
          () => ({ id: task.id, end: 'failed' as const })
        )
      )
    }
  }

  startReady()
  while (running.size > 0) {
    const { id, end } = await Promise.race(running.values())
    running.delete(id)
    ;({ merged, failed, blocked })[end].add(id)
    startReady()
  }
  return {
    merged: options.tasks.filter(t => merged.has(t.id)).map(t => t.id),
    failed: [...failed],
    blocked: [...blocked],
    notStarted: options.tasks.filter(t => !started.has(t.id)).map(t => t.id)
  }
}
