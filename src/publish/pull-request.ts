import { statusOf } from '../github/applied-once.js'
import { DraftsUnsupported, type PullRef } from '../github/forge.js'
import type { RunPorts } from '../ports/run-ports.js'
import type { Plan } from '../planning/plan.js'
import { escapeMarkdown } from '../report/format.js'
import type { Feature } from '../trigger/request.js'
import { AgentTeamError, errorMessage } from '../util/errors.js'
import { pullRequestMarker } from '../github/markers.js'

/** The draft PR's body: the feature, the issue it closes, and the plan. Progress lives in its own comment. */
export function pullRequestBody(
  feature: Feature,
  plan: Plan,
  issueNumber: number | undefined,
  runKey: string
): string {
  const tasks = plan.tasks
    .map(
      t =>
        `- **${t.id}** ${escapeMarkdown(t.title)} — \`${t.role}\`${t.dependencies.length ? ` · after ${t.dependencies.join(', ')}` : ''}`
    )
    .join('\n')
  return [
    pullRequestMarker(runKey),
    `Built by agent-team for ${issueNumber !== undefined ? `#${issueNumber}` : 'a dispatched feature'}.`,
    issueNumber !== undefined ? `Closes #${issueNumber}` : '',
    `## Feature\n\n${feature.body.trim() || escapeMarkdown(feature.title)}`,
    `## Plan\n\n${escapeMarkdown(plan.summary)}\n\n${tasks}`,
    'Live progress is in the comment below. The PR leaves draft when every task is merged and the checks pass.'
  ]
    .filter(Boolean)
    .join('\n\n')
}

/** What a PR's title starts with while the team works, on a repository that takes no drafts. */
export const IN_PROGRESS_PREFIX = '[WIP] '

/**
 * Opens the run's draft PR, or finds the one an earlier run of the same feature branch opened. The head must
 * already have a commit the base lacks: GitHub refuses a PR with no commits between them.
 *
 * A repository without drafts (private repositories on some plans) gets a normal PR whose title says it is
 * in progress; `draft` is then false and `finishPull` takes the prefix off when the work is done.
 */
export async function openDraftPull(
  ports: RunPorts,
  options: { head: string; base: string; feature: Feature; plan: Plan; issueNumber?: number; runKey: string }
): Promise<PullRef & { draftsUnsupported?: boolean; created: boolean }> {
  const existing = await ports.forge.findOpenPull(options.head)
  if (existing) return { ...existing, created: false }
  const request = {
    head: options.head,
    base: options.base,
    title: options.feature.title,
    body: pullRequestBody(options.feature, options.plan, options.issueNumber, options.runKey),
    draft: true
  }
  try {
    return { ...(await ports.forge.createPull(request)), created: true }
  } catch (error) {
    if (error instanceof DraftsUnsupported) {
      ports.logger.warning(
        'This repository does not take draft pull requests: opening a normal one titled as in progress.'
      )
      const pull = await ports.forge.createPull({
        ...request,
        title: `${IN_PROGRESS_PREFIX}${request.title}`,
        body: `${request.body}

> This repository does not support draft pull requests, so this one opened as a normal PR; its title says it is in progress until every task is merged and the checks pass.`,
        draft: false
      })
      return { ...pull, draftsUnsupported: true, created: true }
    }
    if (statusOf(error) === 403 && /not permitted to create/i.test(errorMessage(error))) {
      throw new AgentTeamError(
        'GitHub Actions may not open pull requests in this repository. Turn on "Allow GitHub Actions to create and approve pull requests" (Settings → Actions → General → Workflow permissions), or pass a GitHub App or personal access token as github_token.'
      )
    }
    throw error
  }
}

/**
 * The PR leaves draft (or loses its in-progress title) once the work is done. A failure is reported, not
 * thrown: the work is merged and pushed, and a person can press "Ready for review" themselves.
 */
export async function finishPull(ports: RunPorts, pull: PullRef): Promise<string | undefined> {
  try {
    if (pull.draft) await ports.forge.markReadyForReview(pull)
    else if (pull.title.startsWith(IN_PROGRESS_PREFIX)) {
      await ports.forge.updatePull(pull.number, { title: pull.title.slice(IN_PROGRESS_PREFIX.length) })
    }
    return undefined
  } catch (error) {
    const problem = `Could not mark pull request #${pull.number} ready for review: ${errorMessage(error)}`
    ports.logger.warning(problem)
    return problem
  }
}
