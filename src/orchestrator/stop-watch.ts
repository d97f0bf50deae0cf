import type { Forge, PolledComment } from '../github/forge.js'
import { authorizeActor } from '../trigger/authorize.js'
import { parseCommand } from '../trigger/parse-command.js'
import type { Clock } from '../util/clock.js'
import { errorMessage } from '../util/errors.js'
import type { Logger } from '../util/logger.js'

/** How often a young run looks for `/agents stop`: well inside the 30 s a person may wait for it. */
export const STOP_POLL_MS = 10_000
/** For how many looks' time the watch keeps the brisk pace (2 minutes at the default 10 s). */
const BRISK_LOOKS = 12
/** The longest wait between two looks, in brisk intervals (60 s at the default 10 s). */
const SLOWEST_FACTOR = 6

/**
 * The wait before the next look. Someone who stops a run usually does so soon after starting it, so the
 * first 2 minutes are watched every 10 s; after that the wait doubles at each look up to 60 s, so a run of
 * hours costs about one request a minute. The times scale with `briskMs` (the default 10 s).
 */
export function nextStopLookIn(options: { previousMs: number; ageMs: number; briskMs: number }): number {
  const { previousMs, ageMs, briskMs } = options
  if (ageMs < briskMs * BRISK_LOOKS) return briskMs
  return Math.min(previousMs * 2, briskMs * SLOWEST_FACTOR)
}

/**
 * Watches a live run's issue and pull request for `/agents stop`. A command posted while a run is going
 * starts its own workflow job, which cannot reach into this process (and whose state save the live run would
 * overwrite), so the live run looks for the command itself. Each look is one conditional request for the
 * repository's newest comments, whatever the number of issues watched: GitHub answers 304 while nothing
 * changed, and 304s do not count against the rate limit. The author needs the same right as for any command
 * (write access, or a bot in allowed_bots).
 *
 * Resolves when `signal` aborts; calls `onStop` at most once, with the login that asked.
 */
export async function watchForStop(options: {
  forge: Pick<Forge, 'pollComments' | 'getPermission'>
  /** The issue and PR to watch; read at each look, since the PR opens after the watch starts. */
  numbers: () => number[]
  /** Comments before this moment (ISO time, whole seconds as GitHub documents it) do not stop the run. */
  since: string
  triggerPhrase: string
  allowedBots: string[]
  /** The brisk interval; later ones stretch from it (nextStopLookIn). */
  intervalMs?: number
  clock: Clock
  logger: Logger
  signal: AbortSignal
  onStop(actor: string): void
}): Promise<void> {
  const { clock } = options
  const startedAt = clock.now()
  const briskMs = options.intervalMs ?? STOP_POLL_MS
  const seen = new Set<number>()
  let etag: string | undefined
  let waitMs = briskMs
  while (!options.signal.aborted) {
    try {
      await clock.sleep(waitMs, options.signal)
    } catch {
      return
    }
    try {
      const poll = await options.forge.pollComments({ since: options.since, etag })
      if (poll.changed) {
        etag = poll.etag
        const actor = await firstStopRequest(unseen(poll.comments, seen, options), options)
        if (actor !== undefined) {
          options.logger.warning(`@${actor} asked the run to stop; stopping.`)
          options.onStop(actor)
          return
        }
      }
    } catch (error) {
      // Watching is a courtesy on top of the run: a failed look is retried at the next one.
      options.logger.debug(`Could not look for /agents stop: ${errorMessage(error)}`)
    }
    waitMs = nextStopLookIn({ previousMs: waitMs, ageMs: clock.now() - startedAt, briskMs })
  }
}

/**
 * The comments on the watched issues not looked at before and written during the run, oldest first (the
 * list comes newest first). Marks them seen: an edit to one later does not make it a new command.
 */
function unseen(
  comments: PolledComment[],
  seen: Set<number>,
  options: { numbers: () => number[]; since: string }
): PolledComment[] {
  const watched = options.numbers()
  const since = Date.parse(options.since)
  const fresh = comments.filter(
    c => watched.includes(c.issueNumber) && !seen.has(c.id) && Date.parse(c.createdAt) >= since
  )
  for (const comment of fresh) seen.add(comment.id)
  return fresh.reverse()
}

/** The login of the first comment that is `/agents stop` from someone allowed to give it. */
async function firstStopRequest(
  comments: PolledComment[],
  options: Pick<Parameters<typeof watchForStop>[0], 'forge' | 'triggerPhrase' | 'allowedBots' | 'logger'>
): Promise<string | undefined> {
  for (const comment of comments) {
    const parsed = parseCommand(comment.body, options.triggerPhrase)
    if (parsed.kind !== 'command' || parsed.command.name !== 'stop') continue
    const auth = await authorizeActor(
      options.forge,
      { actor: comment.author, actorIsBot: /\[bot\]$/i.test(comment.author), trigger: 'issue_comment' },
      options.allowedBots
    )
    if (auth.allowed) return comment.author
    options.logger.info(`Ignored a stop request: ${auth.reason}`)
  }
  return undefined
}
