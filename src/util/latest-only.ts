/**
 * Work whose every run acts on the newest state (push a branch's current head, save the newest state): runs
 * never overlap, and requests that arrive during a run are served by one more run after it, however many
 * there were. A burst of requests costs two runs, not one each.
 */
export interface LatestOnly {
  /** Asks for a run; returns at once. */
  request(): void
  /** Resolves once no run is under way or asked for; rejects with the last run's error if it failed. */
  flush(): Promise<void>
}

/** `work` run on request as LatestOnly says; `onError` hears each failed run (the next request tries again). */
export function latestOnly(work: () => Promise<void>, onError: (error: unknown) => void): LatestOnly {
  let running: Promise<void> | undefined
  let again = false
  let lastFailure: { error: unknown } | undefined

  const loop = async (): Promise<void> => {
    do {
      again = false
      try {
        await work()
        lastFailure = undefined
      } catch (error) {
        lastFailure = { error }
        onError(error)
      }
    } while (again)
    running = undefined
  }

  return {
    request() {
      if (running) again = true
      else running = loop()
    },
    async flush() {
      while (running) await running
      if (lastFailure) throw lastFailure.error
    }
  }
}
