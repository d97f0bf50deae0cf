/**
 * A first-come, first-served lock for async work inside one process. Git guards refs and indexes with lock
 * files and fails (rather than waits) when it meets one, so engine operations that touch shared refs queue here.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve()

  /** Runs `work` once every earlier caller has finished; resolves or rejects with its result. */
  runExclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work)
    // The next caller waits for this one whatever its outcome; a failure must not jam the queue.
    this.tail = result.then(
      () => undefined,
      () => undefined
    )
    return result
  }
}

const byKey = new Map<string, Mutex>()

/** The one mutex for `key` (a repository's common git directory) in this process. */
export function mutexFor(key: string): Mutex {
  let mutex = byKey.get(key)
  if (!mutex) {
    mutex = new Mutex()
    byKey.set(key, mutex)
  }
  return mutex
}
