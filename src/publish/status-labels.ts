import type { LabelSpec } from '../github/forge.js'
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

/**
 * Makes the issue show `status` and no other run state: the label is created if missing and added, then the
 * other state labels the issue carries are removed. Labels are a view of the run, so a failure here is
 * logged, never fatal.
 */
export async function showStatusLabel(
  ports: Pick<RunPorts, 'forge' | 'logger'>,
  issueNumber: number,
  status: RunStatus
): Promise<void> {
  const wanted = statusLabelOf(status)
  try {
    const others: string[] = Object.values(STATUS_LABELS)
      .map(label => label.name)
      .filter(name => name !== wanted?.name)
    const current = (await ports.forge.getIssue(issueNumber)).labels
    if (wanted && !current.includes(wanted.name)) {
      // Without its colour the label still says what it must; GitHub then creates it grey.
      await ports.forge
        .ensureLabel(wanted)
        .catch(error => ports.logger.debug(`Could not create ${wanted.name}: ${errorMessage(error)}`))
      await ports.forge.addLabels(issueNumber, [wanted.name])
    }
    for (const name of current.filter(label => others.includes(label))) {
      await ports.forge.removeLabel(issueNumber, name)
    }
  } catch (error) {
    ports.logger.warning(`Could not label #${issueNumber} as ${status}: ${errorMessage(error)}`)
  }
}
