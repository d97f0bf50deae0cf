import { classifyEvent } from '../trigger/classify-event.js'
import { errorMessage } from '../util/errors.js'
import { readActionInputs, type ActionInputs } from './action-inputs.js'
import { readRunnerEnv, type RunnerEnv } from './runner-env.js'
import * as runner from './workflow-commands.js'

/** The engine's entry (action.ts), in a chunk of its own that only a real run loads. */
export interface ActionEngine {
  run(start: { inputs: ActionInputs; runner: RunnerEnv }): Promise<void>
}

/**
 * The action's start: read the inputs and the event, and decide. Most events a workflow subscribes to are
 * not for the team (another label, a comment without `/agents`), and each costs the repository a runner
 * step; so the decision is made with the same pure classifier the engine uses, before the engine (Octokit,
 * the model SDK, git, the sandbox) is loaded at all, and a skip makes no network call. Only a real run
 * imports the engine, which classifies again and goes on from there. The inputs are all checked first, as
 * before: a broken input fails the step whatever the event.
 */
export async function start(
  loadEngine: () => Promise<ActionEngine> = () => import('./action.js')
): Promise<void> {
  let engine: ActionEngine
  let begin: { inputs: ActionInputs; runner: RunnerEnv }
  try {
    const inputs = readActionInputs()
    const env = readRunnerEnv()
    // A job of mode task was dispatched by a runner of a scale-out, with the task in its inputs.
    const decision =
      inputs.mode === 'task'
        ? env.event.name === 'workflow_dispatch'
          ? { kind: 'task' as const }
          : {
              kind: 'skip' as const,
              reason: `skipped: mode task runs on workflow_dispatch, not ${env.event.name}`
            }
        : classifyEvent(env.event.name, env.event.payload, {
            label: inputs.label,
            triggerPhrase: inputs.triggerPhrase,
            feature: inputs.feature,
            issue: inputs.issue
          })
    if (decision.kind === 'skip') {
      runner.setOutput('status', 'skipped')
      // The reason says it was skipped (`skipped: <why>`).
      runner.notice(decision.reason)
      return
    }
    begin = { inputs, runner: env }
    engine = await loadEngine()
  } catch (error) {
    // Every way out sets `status`, so a later step can always branch on it.
    runner.setOutput('status', 'failed')
    runner.setFailed(errorMessage(error))
    return
  }
  await engine.run(begin)
}
