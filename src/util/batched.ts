/**
 * Work done for many callers in one pass: calls that arrive while a pass runs (or waits for its lock) wait
 * together and go in the next pass, in the order they came. A burst of callers costs one or two passes
 * instead of one each, and a caller alone is served at once, with no wait for company.
 */

/** A first-come, first-served lock (workspace/mutex.ts has one). */
export interface Lock {
  runExclusive<T>(work: () => Promise<T>): Promise<T>
}

/**
 * `work` run under `lock` on every call waiting when its turn comes; it answers with one result per item, in
 * order. `more()` takes into the pass, after them, the calls that came since it began (a pass that waits for
 * company it knows is on its way); their results follow the first items' in the answer. A pass that throws
 * rejects every call of that pass.
 */
export function batchedUnder<T, R>(
  lock: Lock,
  work: (items: readonly T[], more: () => readonly T[]) => Promise<readonly R[]>
): (item: T) => Promise<R> {
  type Call = { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }
  let waiting: Call[] = []

  const pass = () =>
    lock.runExclusive(async () => {
      const batch = waiting
      waiting = []
      if (batch.length === 0) return
      const more = (): readonly T[] => {
        const joined = waiting
        waiting = []
        batch.push(...joined)
        return joined.map(call => call.item)
      }
      try {
        const results = await work(
          batch.map(call => call.item),
          more
        )
        batch.forEach((call, i) => call.resolve(results[i] as R))
      } catch (error) {
        for (const call of batch) call.reject(error)
      }
    })

  return item =>
    new Promise<R>((resolve, reject) => {
      // The first caller of a batch books its pass; the others join it until it starts.
      if (waiting.push({ item, resolve, reject }) === 1) void pass()
    })
}
