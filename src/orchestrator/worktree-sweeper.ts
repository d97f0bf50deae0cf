import type { Workspace } from '../workspace/workspace.js'

/**
 * Removes the worktrees of finished tasks while later tasks wait for the model, not the moment a task ends: a
 * wave of tasks ends together, and its removals would take the runner's CPU from the merges and the next
 * wave's worktrees, which the next model calls wait for. Each task that starts removes one finished worktree
 * (so no more pile up than run at once); the run's end removes the rest. Removals run in the background and
 * are awaited before the run ends; one that fails leaves a folder in the runner's temporary directory.
 */
export class WorktreeSweeper {
  /** Finished worktrees by task branch, oldest first. */
  private readonly finished = new Map<string, string>()

  constructor(
    private readonly workspace: Pick<Workspace, 'removeWorktree'>,
    private readonly background: Promise<unknown>[]
  ) {}

  /** A task ended; its worktree at `path` goes later. */
  taskEnded(branch: string, path: string): void {
    this.finished.set(branch, path)
  }

  /** Before a task makes its worktree: one its branch left behind (a task run again) goes first. */
  async reclaim(branch: string): Promise<void> {
    const path = this.finished.get(branch)
    if (path === undefined) return
    this.finished.delete(branch)
    await this.remove(path)
  }

  /** A task has started: the oldest finished worktree goes, in the background. */
  sweepOne(): void {
    const [oldest] = this.finished
    if (!oldest) return
    this.finished.delete(oldest[0])
    this.background.push(this.remove(oldest[1]))
  }

  /** The run ends: every finished worktree left goes, in the background. */
  sweepAll(): void {
    for (const path of this.finished.values()) this.background.push(this.remove(path))
    this.finished.clear()
  }

  private remove(path: string): Promise<void> {
    return this.workspace.removeWorktree(path).catch(() => undefined)
  }
}
