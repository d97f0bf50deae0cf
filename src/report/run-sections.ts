import { PROVIDER_NAMES, type ModelProvider } from '../config/team-config.js'
import { DEFAULT_TRIGGER_PHRASE } from '../trigger/parse-command.js'
import type { RunStatus, RunView } from './run-view.js'
import type { Detail } from './fit-to-limit.js'
import { escapeMarkdown, formatTokens, formatUsd, plural, truncate } from './format.js'
import { codeSpan, details, link, safeUrl } from './markdown.js'
import { renderMermaid } from './mermaid.js'
import { formatCounts } from './task-state.js'

/**
 * The blocks that the plan comment, the progress comment and the job summary have in common. Each
 * returns one Markdown block, or `''` when there is nothing to show.
 */

const STATUS_LABEL: Record<RunStatus, string> = {
  planning: '🧭 **Planning**',
  planned: '🧭 **Plan ready**',
  awaiting_approval: '🗳️ **Waiting for approval**',
  running: '🏗️ **Running**',
  waiting: '❓ **Waiting for answers**',
  done: '✅ **Done**',
  partial: '⚠️ **Partly done**',
  interrupted: '⏸️ **Interrupted**',
  stopped: '⏹️ **Stopped**',
  failed: '❌ **Failed**'
}

/** `## 🤖 <prefix>: <title>`. */
export function renderHeading(prefix: string, view: RunView, detail: Detail): string {
  const title = escapeMarkdown(truncate(view.title, detail.textMax))
  return title === '' ? `## 🤖 ${prefix}` : `## 🤖 ${prefix}: ${title}`
}

/**
 * The status headline: before any task has run, the size of the plan (`4 tasks in 3 waves`); after,
 * the count of tasks in each state. A failed run adds its error on a second line.
 */
export function renderStatus(view: RunView, detail: Detail): string {
  const { tasks, waves } = view
  let facts: string
  if (tasks.length === 0) facts = view.status === 'planning' ? 'splitting the feature into tasks' : 'no tasks'
  else if (view.status === 'planning' || view.status === 'planned') {
    facts =
      waves.length > 0
        ? `${plural(tasks.length, 'task')} in ${plural(waves.length, 'wave')}`
        : plural(tasks.length, 'task')
  } else facts = `${plural(tasks.length, 'task')}: ${formatCounts(tasks)}`
  const warnings = (view.warnings ?? []).map(warning => `\n\n> ⚠️ **Warning:** ${escapeMarkdown(warning)}`)
  const round = view.round > 1 ? ` · round ${view.round}` : ''
  const headline = `${STATUS_LABEL[view.status]} — ${facts}${round}${warnings.join('')}`
  if (view.status === 'awaiting_approval') {
    // The view does not carry the repository's phrase, so these hints (and the question's) name the default.
    return (
      `${headline}\n\nNo agent starts until the plan is approved. Comment ${codeSpan(`${DEFAULT_TRIGGER_PHRASE} approve`)} ` +
      `to build it, ${codeSpan(`${DEFAULT_TRIGGER_PHRASE} revise <what to change>`)} for a new version, or ` +
      `${codeSpan(`${DEFAULT_TRIGGER_PHRASE} stop`)} to drop it.`
    )
  }
  if (view.status !== 'failed') return headline
  const error = escapeMarkdown(truncate(view.error ?? '', detail.textMax)) || 'no reason was recorded'
  return `${headline}\n\n> **Error:** ${error}`
}

/** The manager's summary of how the team will build the feature. */
export function renderSummary(view: RunView, detail: Detail): string {
  return escapeMarkdown(truncate(view.summary ?? '', detail.textMax))
}

/** Questions that wait for a person, with the command that answers them. */
export function renderQuestions(view: RunView, detail: Detail): string {
  const [first] = view.questions
  if (first === undefined) return ''
  const items = view.questions.map(
    q => `- **${escapeMarkdown(q.taskId)}**: ${escapeMarkdown(truncate(q.question, detail.textMax))}`
  )
  const example = codeSpan(`${DEFAULT_TRIGGER_PHRASE} answer ${first.taskId} <your answer>`)
  return [
    `### ❓ Open ${view.questions.length === 1 ? 'question' : 'questions'}`,
    '',
    ...items,
    '',
    `Answer with a comment such as ${example}; the run resumes from where it stopped.`
  ].join('\n')
}

/** The team-wide decisions, as a list; `collapsed` folds them into a `<details>` block. */
export function renderDecisions(view: RunView, detail: Detail, collapsed: boolean): string {
  if (view.decisions.length === 0) return ''
  const list = view.decisions.map(d => `- ${escapeMarkdown(truncate(d, detail.textMax))}`).join('\n')
  if (collapsed) return details(`Decisions (${view.decisions.length})`, list)
  return `### Decisions\n\n${list}`
}

/** The task graph (folded into a `<details>` block with `detail.fold`), or a note that it was left out for size. */
export function renderGraph(view: RunView, detail: Detail): string {
  if (view.tasks.length === 0) return ''
  if (!detail.graph) return "_Task graph left out to fit GitHub's comment size limit._"
  const graph = renderMermaid(view.tasks)
  if (detail.fold === true && graph.startsWith('```')) return details('Task graph', graph)
  return `### Task graph\n\n${graph}`
}

/** The waves (tasks that may run side by side) and the critical path. */
export function renderSchedule(view: RunView): string {
  const ids = (list: string[]): string => list.map(escapeMarkdown).join(', ')
  const lines: string[] = []
  if (view.waves.length > 0) {
    lines.push(`**Waves:** ${view.waves.map((wave, i) => `${i + 1}: ${ids(wave)}`).join(' → ')}`)
  }
  if (view.criticalPath.length > 0) {
    lines.push(`**Critical path:** ${view.criticalPath.map(escapeMarkdown).join(' → ')}`)
  }
  return lines.join('\n\n')
}

/** Tokens and cost of the whole run, and per provider when a mixed team used several. */
export function renderUsage(view: RunView, label: string): string {
  const u = view.usage
  const parts = [`${formatTokens(u.inputTokens)} input`, `${formatTokens(u.outputTokens)} output`]
  parts.push(`${formatTokens(u.cacheReadInputTokens)} cache read`)
  if (u.cacheCreationInputTokens > 0) parts.push(`${formatTokens(u.cacheCreationInputTokens)} cache write`)
  const byProvider = Object.entries(view.costByProvider ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([provider, usd]) => `${PROVIDER_NAMES[provider as ModelProvider] ?? provider} ${formatUsd(usd)}`)
  const split = byProvider.length > 0 ? ` (${byProvider.join(' · ')})` : ''
  return `📊 **${label}:** ${parts.join(' · ')} tokens · ${formatUsd(view.costUsd)}${split}`
}

/** Links to the workflow run and, when asked for and known, the pull request. */
export function renderLinks(view: RunView, withPullRequest: boolean): string {
  const links: string[] = []
  const runUrl = safeUrl(view.runUrl)
  const pullUrl = withPullRequest ? safeUrl(view.pullRequestUrl) : undefined
  if (runUrl !== undefined) links.push(link('Workflow run', runUrl))
  if (pullUrl !== undefined) links.push(link('Pull request', pullUrl))
  return links.length === 0 ? '' : `🔗 ${links.join(' · ')}`
}

/**
 * The follow-up round and the plan's revisions: why each version after the first was made and what it
 * changed. `collapsed` folds the revisions into a `<details>` block.
 */
export function renderPlanHistory(view: RunView, detail: Detail, collapsed: boolean): string {
  const blocks: string[] = []
  if (view.round > 1) {
    const cause = view.roundCause ? ` — follow-up on ${escapeMarkdown(view.roundCause)}` : ''
    blocks.push(`🔁 **Round ${view.round}**${cause}`)
  }
  if (view.revisions.length > 0) {
    const list = view.revisions
      .map(revision => {
        const changes = revision.changes.map(
          change => `  - ${escapeMarkdown(truncate(change, detail.textMax))}`
        )
        const reason = escapeMarkdown(truncate(revision.reason, detail.textMax))
        return [`- **Plan v${revision.version}** — ${reason}`, ...changes].join('\n')
      })
      .join('\n')
    const title = `Plan v${view.planVersion} (${plural(view.revisions.length, 'revision')})`
    blocks.push(collapsed ? details(title, list) : `### ${title}\n\n${list}`)
  }
  return blocks.join('\n\n')
}
