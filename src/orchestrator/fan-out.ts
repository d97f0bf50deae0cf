import { DEFAULT_IDENTITY } from '../workspace/git-workspace.js'
import { claimFinishing, dispatchReadyTasks, type ScaleOutContext } from './scale-out.js'
import { finishSpreadRun } from './spread-finish.js'
import { createTeamContext } from './team-context.js'
import { openFeatureBranch, publishStart, type TeamWorkInput } from './team-work.js'

/**
 * The first job of a run spread over several runners (input `runners` above 1): the plan is made and
 * committed; here the feature branch gets its first commit and is pushed, the draft PR and its progress
 * comment are opened, and one job is dispatched for each task that can start, up to `runners`. Then this
 * job ends: the dispatched jobs do the tasks, start the next ones, and the last of them finishes the run.
 * A run picked up again (labelled again, `/agents run`, `/agents retry`) comes here too: it starts what is
 * ready or has gone quiet, and finishes the run itself when nothing is left to start (its finisher died).
 */
export async function fanOut(input: TeamWorkInput, scale: ScaleOutContext): Promise<void> {
  const author = input.settings.author ?? DEFAULT_IDENTITY
  const workspace = await openFeatureBranch(input, author)
  const publication = await publishStart(input, workspace)
  const started = await dispatchReadyTasks(scale)
  if (started.length > 0) {
    input.ports.logger.info(
      `The run goes on in ${started.length} more runner${started.length === 1 ? '' : 's'}.`
    )
  } else if (await claimFinishing(scale)) {
    await finishSpreadRun(createTeamContext({ ...input, workspace, author }), scale.saver, input.settings)
  }
  publication.progress.update(publication.render())
  await publication.progress.flush()
}
