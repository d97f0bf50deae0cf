import type { LabelData, LabelSpec } from '../github/forge.js'
import type { RunPorts } from '../ports/run-ports.js'
import type { RunStatus } from '../report/run-view.js'
import { errorMessage } from '../util/errors.js'

/**
 * The labels that show a run's state on its issue, with the colour and meaning they get when the engine
 * creates them (GitHub would otherwise make them grey and unexplained). An issue carries exactly one.
 */
export const STATUS_LABELS = {
  working: {
    name: 'agent-team:working',
    color: 'fbca04',
    description: 'The agent team is working on this issue'
  },
  waiting: {
    name: 'agent-team:waiting',
    color: 'c5def5',
    description: 'The agent team is waiting for an answer on this issue'
  },
  done: { name: 'agent-team:done', color: '0e8a16', description: 'The agent team built this; see its PR' },
  failed: {
    name: 'agent-team:failed',
    color: 'd93f0b',
    description: 'The agent team stopped short; its last comment says why'
  },
  stopped: {
    name: 'agent-team:stopped',
    color: 'bfd4f2',
    description: 'The agent team was stopped; /agents run resumes it'
  }
} as const satisfies Record<string, LabelSpec>

/** The label that starts a run, as the engine creates it when the repository lacks it. */
export function triggerLabel(name: string): LabelSpec {
  return { name, color: '5319e7', description: 'Ask the agent team to build this issue' }
}

/**
 * Which label shows a run in this status; none for a plan made by `mode: plan`, which nobody waits on. A plan
 * waiting for approval waits for people, as a question does.
 */
export function statusLabelOf(status: RunStatus): LabelSpec | undefined {
  switch (status) {
    case 'planned':
      return undefined
    case 'planning':
    case 'running':
      return STATUS_LABELS.working
    case 'waiting':
    case 'awaiting_approval':
      return STATUS_LABELS.waiting
    case 'done':
      return STATUS_LABELS.done
    case 'failed':
    case 'partial':
      return STATUS_LABELS.failed
    case 'interrupted':
    case 'stopped':
      return STATUS_LABELS.stopped
  }
}

/** The colour GitHub gives a label it creates because an issue was given one the repository lacked. */
const GITHUB_NEW_LABEL_COLOR = 'ededed'

/**
 * Makes the issue show `status` and no other run state, in as few calls as GitHub allows: one add, which
 * creates the label if the repository lacks it and answers with every label the issue then carries; then a
 * removal only for another state label that answer shows, and, when the label was just created (grey and
 * unexplained), one update giving it its colour and meaning. Labels are a view of the run, so a failure here
 * is logged, never fatal.
 */
export async function showStatusLabel(
  ports: Pick<RunPorts, 'forge' | 'logger'>,
  issueNumber: number,
  status: RunStatus
): Promise<void> {
  const wanted = statusLabelOf(status)
  try {
    const carried = wanted
      ? await addStatusLabel(ports, issueNumber, wanted)
      : (await ports.forge.getIssue(issueNumber)).labels
    const others = Object.values(STATUS_LABELS).filter(label => label.name !== wanted?.name)
    for (const name of carried.filter(name => others.some(other => sameName(other.name, name)))) {
      await ports.forge.removeLabel(issueNumber, name)
    }
  } catch (error) {
    ports.logger.warning(`Could not label #${issueNumber} as ${status}: ${errorMessage(error)}`)
  }
}

/** Adds `label` (coloured if GitHub just created it) and returns the names of every label the issue carries. */
async function addStatusLabel(
  ports: Pick<RunPorts, 'forge' | 'logger'>,
  issueNumber: number,
  label: LabelSpec
): Promise<string[]> {
  const carried = await ports.forge.addLabels(issueNumber, [label.name])
  const added = carried.find(c => sameName(c.name, label.name))
  if (added && isFreshlyCreated(added)) {
    // Without its colour the label still says what it must: a failure is only worth a debug line.
    await ports.forge
      .updateLabel(label)
      .catch(error => ports.logger.debug(`Could not colour ${label.name}: ${errorMessage(error)}`))
  }
  return carried.map(c => c.name)
}

/** GitHub matches label names without regard to case. */
function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase()
}

/** Grey without a description: how GitHub made it, so no one has chosen how it looks. */
function isFreshlyCreated(label: LabelData): boolean {
  return label.color.toLowerCase() === GITHUB_NEW_LABEL_COLOR && label.description === ''
}
