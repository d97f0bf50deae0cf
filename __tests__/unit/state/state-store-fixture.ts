/** Shared pieces of the state store tests: run states that differ by key and by progress, clones, clocks. */
import { join } from 'node:path'
import type { StateEvent } from '../../../src/state/events.js'
import { emptyRunState, type RunState } from '../../../src/state/run-state.js'
import type { Clock } from '../../../src/util/clock.js'
import { runGit, testGitEnv, type TempRepo } from '../../harness/git-repo.js'
import { at, planned, play, started } from './fixtures.js'

export { testGitEnv }

/** The state of run `runKey` after planning, with `notes` as agent updates so each step has new content. */
export function stateOf(runKey: string, ...notes: string[]): RunState {
  const updates: StateEvent[] = notes.map((message, n) => ({
    type: 'agent_update',
    at: at(2 + n),
    taskId: 'T1',
    role: 'backend',
    message
  }))
  return play([started, planned, ...updates], emptyRunState(runKey))
}

/** A clock that records pauses instead of waiting. */
export function recordingClock(): Clock & { pauses: number[] } {
  const pauses: number[] = []
  return { pauses, now: () => 0, sleep: async ms => void pauses.push(ms) }
}

/** Another clone of origin, as a second runner would have it; `name` keeps clones apart. */
export async function cloneOf(repo: TempRepo, name: string): Promise<string> {
  const dir = join(repo.root, name)
  await runGit(repo.root, 'clone', '--quiet', repo.origin, dir)
  return dir
}

/** Lines of git's output, none when it printed nothing. */
export async function lines(cwd: string, ...args: string[]): Promise<string[]> {
  const text = await runGit(cwd, ...args)
  return text === '' ? [] : text.split('\n')
}
