import { DEFAULT_IDENTITY } from '../workspace/git-workspace.js'
import { dispatchReadyTasks, type ScaleOutContext } from './scale-out.js'
import { openFeatureBranch, publishStart, type TeamWorkInput } from './team-work.js'

/**
 * The first job of a run spread over several runners (input `runners` above 1): the plan is made and
 * committed; here the feature branch gets its first commit and is pushed, the draft PR and its progress
 * comment are opened, and one job is dispatched for each task that can start, up to `runners`. Then this
 * job ends: the dispatched jobs do the tasks, start the next ones, and the last of them finishes the run.
 * A run picked up again (labelled again, `/agents retry`) comes here too and starts what is ready or stale.
 */
export async function fanOut(input: TeamWorkInput, scale: ScaleOutContext): Promise<void> {
  const workspace = await openFeatureBranch(input, input.settings.author ?? DEFAULT_IDENTITY)
  const publication = await publishStart(input, workspace)
  const started = await dispatchReadyTasks(scale)
  input.ports.logger.info(
    started.length > 0
      ? `The run goes on in ${started.length} more runner${started.length === 1 ? '' : 's'}.`
      : 'No task is ready to start: runners are on every task that can start.'
  )
  publication.progress.update(publication.render())
  await publication.progress.flush()
}
