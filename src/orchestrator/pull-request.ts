import type { PullRef } from '../github/forge.js'
import type { Plan } from '../planning/plan.js'
import type { Feature } from '../trigger/request.js'
import type { RunPorts } from './run-ports.js'
import { escapeMarkdown } from '../report/format.js'

/** The draft PR's body: the feature, the issue it closes, and the plan. Progress lives in its own comment. */
export function pullRequestBody(feature: Feature, plan: Plan, issueNumber: number | undefined): string {
  const tasks = plan.tasks
    .map(
      t =>
        `- **${t.id}** ${escapeMarkdown(t.title)} — \`${t.role}\`${t.dependencies.length ? ` · after ${t.dependencies.join(', ')}` : ''}`
    )
    .join('\n')
  return [
    '<!-- agent-team:pull-request -->',
    `Built by agent-team for ${issueNumber !== undefined ? `#${issueNumber}` : 'a dispatched feature'}.`,
    issueNumber !== undefined ? `Closes #${issueNumber}` : '',
    `## Feature\n\n${feature.body.trim() || escapeMarkdown(feature.title)}`,
    `## Plan\n\n${escapeMarkdown(plan.summary)}\n\n${tasks}`,
    'Live progress is in the comment below. The PR leaves draft when every task is merged and the checks pass.'
  ]
    .filter(Boolean)
    .join('\n\n')
}

/** Opens the run's draft PR, or finds the one an earlier run of the same feature branch opened. */
export async function openDraftPull(
  ports: RunPorts,
  options: { head: string; base: string; feature: Feature; plan: Plan; issueNumber?: number }
): Promise<PullRef> {
  const existing = await ports.forge.findOpenPull(options.head)
  if (existing) return existing
  return ports.forge.createPull({
    head: options.head,
    base: options.base,
    title: options.feature.title,
    body: pullRequestBody(options.feature, options.plan, options.issueNumber),
    draft: true
  })
}
