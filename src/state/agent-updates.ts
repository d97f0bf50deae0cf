import type { AgentUpdate, ArchivedUpdates, RunState } from './run-state.js'

/** How many progress messages the state keeps in full; older ones are folded into per-task counts. */
export const MAX_AGENT_UPDATES = 50

/** A message longer than this is cut: agents sometimes paste whole logs into a progress note. */
export const MAX_UPDATE_CHARS = 2000

/** The length of the last message kept for the archived part of a task's log. */
export const ARCHIVED_SUMMARY_CHARS = 200

type UpdateLog = Pick<RunState, 'agent_updates' | 'agent_updates_archived'>

/**
 * The log with `update` appended. When it holds more than `limit` messages, the oldest are folded into
 * `agent_updates_archived` (a count and the last message per task), so the file grows with the number of
 * tasks, not with the length of the run.
 */
export function appendAgentUpdate(log: UpdateLog, update: AgentUpdate, limit = MAX_AGENT_UPDATES): UpdateLog {
  const all = [...log.agent_updates, { ...update, summary: clip(update.summary, MAX_UPDATE_CHARS) }]
  const overflow = Math.max(0, all.length - limit)
  if (overflow === 0) return { agent_updates: all, agent_updates_archived: log.agent_updates_archived }

  const archived: Record<string, ArchivedUpdates> = { ...log.agent_updates_archived }
  for (const old of all.slice(0, overflow)) {
    archived[old.task_id] = {
      count: (archived[old.task_id]?.count ?? 0) + 1,
      last_timestamp: old.timestamp,
      last_agent_id: old.agent_id,
      last_summary: clip(old.summary, ARCHIVED_SUMMARY_CHARS)
    }
  }
  return { agent_updates: all.slice(overflow), agent_updates_archived: archived }
}

/** `text` cut to at most `max` UTF-16 units with `…` at the end, never through a surrogate pair. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text
  let end = max - 1
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end--
  return `${text.slice(0, end)}…`
}
