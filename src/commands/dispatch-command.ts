import type { TeamConfig } from '../config/team-config.js'
import { statusMarker } from '../github/markers.js'
import { writeOwnComment } from '../publish/own-comment.js'
import { escapeMarkdown } from '../report/format.js'
import { codeSpan } from '../report/markdown.js'
import { renderNoRunStatus, renderStatusComment } from '../report/status-comment.js'
import { STOPPED_STATUSES } from '../state/reduce-support.js'
import type { RunState, TaskRecord } from '../state/run-state.js'
import { runViewOf } from '../report/view-of-state.js'
import { triggerPhraseOf } from '../trigger/parse-command.js'
import type { CommandRequest } from '../trigger/request.js'
import { sanitiseText } from '../trigger/sanitise.js'
import { approve } from './approve.js'
import { reply, type Replier } from './reply.js'
import { revise } from './revise.js'
import { stopWaitingPlan } from './stop-plan.js'
import { AgentTeamError, StateError } from '../util/errors.js'
import { loadIssueRun, type IssueRun } from './issue-run.js'
import { loadPullRun } from './pull-run.js'
import { createRunKeeper, reopenRun, type RunKeeper } from '../state/run-keeper.js'
import { replayEvents } from '../state/replay-events.js'
import { reduce } from '../state/reducer.js'
import { showStatusLabel } from '../publish/status-labels.js'
import { spreadOverRunners } from '../state/runner-reducer.js'
import type { StateEvent } from '../state/events.js'
import type { RunPorts, RunSettings } from '../ports/run-ports.js'

/**
 * What a command came to: a reply on the issue, or a run state the team carries on from in this workflow
 * run. A `continue` state is committed, already resumed (status `running`) and has no live session: every
 * task is queued, blocked on a person, or ended, so the caller starts the team on it without resuming again.
 */
export type CommandOutcome =
  { kind: 'replied'; commentUrl: string } | { kind: 'continue'; state: RunState; reason: string }

/** What a command runs with. The caller has authorised the actor (write access, as for `run`). */
export interface CommandContext {
  settings: RunSettings
  ports: RunPorts
  /** The team as the caller loaded it; `revise` needs it (the manager's model and prompt). */
  team?: TeamConfig
}

/**
 * Carries out `/agents status`, `retry`, `stop`, `answer`, `approve` or `revise` on the committed run of the
 * issue the command was posted on. Only `revise` calls a model (the manager). Refusals (no run, unknown task,
 * nothing to retry) are replies on the issue and commit nothing; `stop` replies (the live run stops itself;
 * a plan waiting for approval is stopped here); `revise` commits a new plan version and replies; `retry`,
 * `answer` and `approve` commit and return `continue`.
 */
export async function dispatchCommand(
  request: CommandRequest,
  context: CommandContext
): Promise<CommandOutcome> {
  const { settings, ports } = context
  const phrase = triggerPhraseOf(settings)
  const replier = { request, ports }
  let run: IssueRun
  try {
    const branches = { baseBranch: settings.baseBranch, defaultBranch: request.defaultBranch }
    if (request.onPullRequest) {
      // On a PR, the run is the one that owns it (found by its branch), never one keyed by the PR's number.
      const found = await loadPullRun(request.issueNumber, branches, ports)
      if ('reason' in found)
        return reply(replier, `There is no agent-team run here: ${escapeMarkdown(found.reason)}.`)
      run = found
    } else run = await loadIssueRun(request.issueNumber, branches, ports)
  } catch (error) {
    // A hand-broken state file: say so where the person asked, with the store's advice on what to do.
    if (!(error instanceof StateError)) throw error
    return reply(replier, `The state of this issue's run cannot be read: ${escapeMarkdown(error.message)}`)
  }
  const command = request.command
  if (command.name === 'status') return status(run, request.issueNumber, context, phrase)
  const state = run.state
  if (!state) {
    return reply(
      replier,
      `There is no run for this issue yet, so there is nothing to ${command.name}. ` +
        `Comment ${codeSpan(`${phrase} run`)} to start one.`
    )
  }
  switch (command.name) {
    case 'retry':
      return retry(run, state, command.taskId, replier, phrase)
    case 'stop':
      return state.run.status === 'awaiting_approval'
        ? stopWaitingPlan(run, state, { settings, replier, phrase })
        : stop(run, state, replier, phrase)
    case 'answer':
      return answer(run, state, command, replier, phrase)
    case 'approve':
      return approve(run, state, replier, phrase)
    case 'revise': {
      if (!context.team) throw new AgentTeamError('`revise` needs the team configuration; pass it in.')
      return revise(run, state, command.text, { settings, ports, team: context.team, replier, phrase })
    }
  }
}

async function status(
  run: IssueRun,
  issueNumber: number,
  context: CommandContext,
  phrase: string
): Promise<CommandOutcome> {
  const { ports, settings } = context
  const marker = statusMarker(issueNumber)
  const now = ports.clock.now()
  const body = run.state
    ? renderStatusComment(runViewOf(run.state, { now, marker }), { triggerPhrase: phrase, now })
    : renderNoRunStatus(marker, { triggerPhrase: phrase, now, label: settings.label })
  const comment = await writeOwnComment(ports.forge, issueNumber, marker, body)
  return { kind: 'replied', commentUrl: comment.htmlUrl }
}

async function retry(
  run: IssueRun,
  state: RunState,
  taskId: string,
  replier: Replier,
  phrase: string
): Promise<CommandOutcome> {
  const task = findTask(state, taskId)
  if (!task) return reply(replier, unknownTask(state, taskId))
  const id = codeSpan(task.id)
  if (task.merge_sha !== undefined) {
    return reply(
      replier,
      `${id} is already merged into the feature branch (${task.merge_sha.slice(0, 7)}); there is nothing to retry.`
    )
  }
  // The reducer resets only a task that ended; a queued one runs anyway once the run goes on.
  if (task.state === 'queued' || task.state === 'running') {
    return reply(
      replier,
      `${id} is ${task.state}, so there is nothing to retry: it runs when the run goes on. ` +
        `${codeSpan(`${phrase} run`)} resumes a run that stopped.`
    )
  }
  // A run spread over several runners that is still going is not interrupted: its runners are at work. The
  // retry is then an event replayed over whatever they committed meanwhile, and the run's next job
  // dispatches the task (fan-out.ts).
  const goingElsewhere = spreadOverRunners(state) && state.run.status === 'running'
  const keeper = goingElsewhere
    ? createRunKeeper(state, () => replier.ports.clock.now())
    : resumedKeeper(state, replier.ports)
  const events: StateEvent[] = []
  keeper.onChange((_state, event) => events.push(event))
  // A task that waited for the manager in a run that died is back in the queue already.
  if (keeper.state.tasks.find(t => t.id === task.id)?.state !== 'queued') {
    keeper.dispatch({ type: 'task_reset', taskId: task.id })
  }
  const committed = await run.save(
    keeper.state,
    `${run.key}: retry ${task.id}`,
    goingElsewhere ? theirs => replayEvents(theirs, events).state : undefined
  )
  return {
    kind: 'continue',
    state: committed ?? keeper.state,
    reason: `@${replier.request.actor} asked to retry ${task.id}`
  }
}

/** How a reply names a run that is not going. */
const STOPPED_AS: Partial<Record<RunState['run']['status'], string>> = {
  done: 'done',
  partial: 'already stopped, partly done',
  waiting: 'waiting for answers',
  failed: 'already stopped (failed)',
  interrupted: 'already stopped',
  stopped: 'already stopped'
}

/**
 * `/agents stop` as its own workflow job. The run it names is going in another job, which this one cannot
 * reach into, and whose next save would overwrite any state this job committed: the live run stops itself,
 * since it watches its issue and PR for this very comment (stop-watch.ts) and ends `stopped` with its work
 * pushed. This job only says so; a run that has already stopped has nothing to stop.
 */
async function stop(
  run: IssueRun,
  state: RunState,
  replier: Replier,
  phrase: string
): Promise<CommandOutcome> {
  const resume = codeSpan(`${phrase} run`)
  const reason = `stopped by @${replier.request.actor}`
  const spread = spreadOverRunners(state)
  // The runners of a spread run watch for this very comment too, and may have recorded the stop first.
  const stoppedByThis = spread && state.run.status === 'stopped' && state.run.stop_reason === reason
  if (STOPPED_STATUSES.has(state.run.status) && !stoppedByThis) {
    const then = state.run.status === 'done' ? '' : ` ${resume} resumes it.`
    return reply(replier, `The run is ${STOPPED_AS[state.run.status]}; there is nothing to stop.${then}`)
  }
  const actor = escapeMarkdown(`@${replier.request.actor}`)
  if (spread) {
    // Its jobs come and go: the stop is recorded in the state, replayed over whatever they committed, so no
    // job starts another and each running one halts at its next look (dispatched-task.ts).
    const event: StateEvent = {
      type: 'run_interrupted',
      at: new Date(replier.ports.clock.now()).toISOString(),
      reason,
      as: 'stopped'
    }
    if (!stoppedByThis) {
      await run.save(
        reduce(state, event),
        `${run.key}: stopped`,
        theirs => replayEvents(theirs, [event]).state
      )
    }
    const issue = state.run.issue_number
    if (issue !== undefined) await showStatusLabel(replier.ports, issue, 'stopped')
    return reply(
      replier,
      `Stopping the run at ${actor}'s request: no runner of it starts another task, and each running one ` +
        `pushes what its agent has done so far and ends. ${resume} resumes it later.`
    )
  }
  return reply(
    replier,
    `Stopping the run at ${actor}'s request: it checks for this comment every few seconds, then stops ` +
      `starting work, pushes what its agents have done so far, and ends as stopped. ${resume} resumes it ` +
      `later. (If no workflow run is going for this issue, the last one died and the run is already halted.)`
  )
}

async function answer(
  run: IssueRun,
  state: RunState,
  command: { taskId: string; text: string },
  replier: Replier,
  phrase: string
): Promise<CommandOutcome> {
  const task = findTask(state, command.taskId)
  if (!task) return reply(replier, unknownTask(state, command.taskId))
  if (task.state !== 'blocked' || task.open_question?.asked_of !== 'human') {
    const waiting = state.questions.map(q => codeSpan(q.task_id))
    const others =
      waiting.length === 0
        ? 'No task is waiting for an answer.'
        : `Waiting for an answer: ${waiting.join(', ')}.`
    return reply(replier, `${codeSpan(task.id)} is ${task.state}, not waiting for an answer. ${others}`)
  }
  // The answer becomes a decision every agent reads: it gets the same cleaning as any issue text.
  const text = sanitiseText(command.text)
  if (text === '') {
    return reply(
      replier,
      `The answer is empty once hidden text is removed. Write it as visible text: ` +
        `${codeSpan(`${phrase} answer ${task.id} <your answer>`)}.`
    )
  }
  const keeper = resumedKeeper(state, replier.ports)
  keeper.dispatch({ type: 'blocker_answered', taskId: task.id, answer: text, by: 'human' })
  await run.save(keeper.state, `${run.key}: ${task.id} answered`)
  return {
    kind: 'continue',
    state: keeper.state,
    reason: `@${replier.request.actor} answered the question of ${task.id}`
  }
}

/** A keeper of the committed run, set going again. */
function resumedKeeper(state: RunState, ports: Pick<RunPorts, 'clock'>): RunKeeper {
  const keeper = createRunKeeper(state, () => ports.clock.now())
  reopenRun(keeper)
  return keeper
}

/** The task with this id; failing that, the one task whose id differs only in case (`t2` for `T2`). */
function findTask(state: RunState, taskId: string): TaskRecord | undefined {
  const exact = state.tasks.find(task => task.id === taskId)
  if (exact) return exact
  const folded = state.tasks.filter(task => task.id.toLowerCase() === taskId.toLowerCase())
  return folded.length === 1 ? folded[0] : undefined
}

function unknownTask(state: RunState, taskId: string): string {
  const known =
    state.tasks.length === 0
      ? 'the run has no tasks yet.'
      : `its tasks are ${state.tasks.map(task => codeSpan(task.id)).join(', ')}.`
  return `There is no task ${codeSpan(taskId)} in this run; ${known}`
}
