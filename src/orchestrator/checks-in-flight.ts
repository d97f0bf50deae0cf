/**
 * The merges being checked ahead of the merge lock right now, so that a landing about to run a check of its
 * own can wait for them to end and carry those that passed (checked-landing.ts).
 */
export class ChecksInFlight {
  private readonly running = new Set<Promise<unknown>>()

  /** Follows `check` until it ends, however it ends; returns it. */
  track<T>(check: Promise<T>): Promise<T> {
    this.running.add(check)
    const ended = (): void => void this.running.delete(check)
    check.then(ended, ended)
    return check
  }

  /** Resolves once every check running now has ended; checks started later are not waited for. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.running])
  }
}
