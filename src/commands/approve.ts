import type { IssueRun } from './issue-run.js'
import type { CommandOutcome } from './dispatch-command.js'
import { createRunKeeper } from '../state/run-keeper.js'
import { codeSpan } from '../report/markdown.js'
import type { RunState } from '../state/run-state.js'
import { reply, type Replier } from './reply.js'

/**
 * `/agents approve`: the plan that waits for approval is built as it stands. The approval is committed
 * first (who approved, when), then the caller builds the committed plan in this workflow run without
 * planning again. Any other run is not waiting for an approval, and the reply says what it is doing instead.
 */
export async function approve(
  run: IssueRun,
  state: RunState,
  replier: Replier,
  phrase: string
): Promise<CommandOutcome> {
  if (state.run.status !== 'awaiting_approval') {
    return reply(replier, `There is no plan waiting for approval: ${notWaiting(state, phrase)}`)
  }
  const actor = replier.request.actor
  const keeper = createRunKeeper(state, () => replier.ports.clock.now())
  keeper.dispatch({ type: 'plan_approved', by: actor })
  await run.save(keeper.state, `${run.key}: plan v${state.run.plan_version} approved by @${actor}`)
  return {
    kind: 'continue',
    state: keeper.state,
    reason: `@${actor} approved plan v${state.run.plan_version}`
  }
}

/** Why a run that is not waiting for approval cannot be approved, and what would move it instead. */
export function notWaiting(state: RunState, phrase: string): string {
  const resume = codeSpan(`${phrase} run`)
  switch (state.run.status) {
    case 'done':
      return 'the run is done.'
    case 'planning':
    case 'planned':
    case 'running':
      return `the run is ${state.run.status === 'running' ? 'already building its plan' : 'being planned'}.`
    case 'waiting':
      return `the run is waiting for answers to its questions (${codeSpan(`${phrase} answer <TASK-ID> <text>`)}).`
    default:
      return `the run is ${state.run.status}; ${resume} resumes it.`
  }
}
