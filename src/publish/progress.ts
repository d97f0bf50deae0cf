import type { RunPorts, RunSettings } from '../ports/run-ports.js'
import { renderProgressComment } from '../report/progress-comment.js'
import { runViewOf } from '../report/view-of-state.js'
import type { StateEvent } from '../state/events.js'
import type { RunState } from '../state/run-state.js'
import type { UpdateWeight } from './coalesced-comment.js'
import { progressMarker } from '../github/markers.js'

/** The progress comment's body for the run's pull request: its marker first, then the run's view. */
export function renderProgress(
  state: RunState,
  settings: RunSettings,
  ports: RunPorts,
  warnings: string[] = []
): string {
  const marker = progressMarker(state.run.pull_request?.number ?? 0)
  return renderProgressComment(
    runViewOf(state, { now: ports.clock.now(), runUrl: settings.runUrl, marker, warnings })
  )
}

/**
 * Shows the run's last state in the progress comment of its PR, after a throw ended the run outside the
 * team's own loop: the comment the state owns is edited, or one is posted. Does nothing without a PR.
 */
export async function writeFinalProgress(
  state: RunState,
  settings: RunSettings,
  ports: RunPorts
): Promise<void> {
  const pull = state.run.pull_request
  if (!pull) return
  const body = renderProgress(state, settings, ports)
  const owned = state.run.progress_comment
  await (owned ? ports.forge.updateComment(owned.id, body) : ports.forge.createComment(pull.number, body))
}

/**
 * How soon a change of the run should show in the progress comment: what people watch for (a task started,
 * finished, merged, failed or asked; the plan changed; the run ended) soon, while the running cost and the
 * agents' notes after every model reply ride along with the next milestone or wait for the minor interval.
 */
export function progressWeightOf(event: StateEvent): UpdateWeight {
  switch (event.type) {
    case 'manager_usage':
    case 'task_usage':
    case 'agent_update':
    case 'comment_owned':
      return 'minor'
    default:
      return 'milestone'
  }
}
