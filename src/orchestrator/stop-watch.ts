import type { Forge } from '../github/forge.js'
import { authorizeActor } from '../trigger/authorize.js'
import { parseCommand } from '../trigger/parse-command.js'
import type { Clock } from '../util/clock.js'
import { errorMessage } from '../util/errors.js'
import type { Logger } from '../util/logger.js'

/** How often a live run looks for `/agents stop`: well inside the 30 s a person may wait for it. */
export const STOP_POLL_MS = 10_000

/**
 * Watches a live run's issue and pull request for `/agents stop`. A command posted while a run is going
 * starts its own workflow job, which cannot reach into this process (and whose state save the live run would
 * overwrite), so the live run looks for the command itself. Each look is a conditional request: GitHub
 * answers 304 while nothing changed, and 304s do not count against the rate limit, so watching costs
 * nothing. The author needs the same right as for any command (write access, or a bot in allowed_bots).
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
  intervalMs?: number
  clock: Clock
  logger: Logger
  signal: AbortSignal
  onStop(actor: string): void
}): Promise<void> {
  const etags = new Map<number, string>()
  const seen = new Set<number>()
  const interval = options.intervalMs ?? STOP_POLL_MS
  while (!options.signal.aborted) {
    try {
      await options.clock.sleep(interval, options.signal)
    } catch {
      return
    }
    for (const number of options.numbers()) {
      try {
        const poll = await options.forge.pollComments(number, {
          since: options.since,
          etag: etags.get(number)
        })
        if (!poll.changed) continue
        if (poll.etag) etags.set(number, poll.etag)
        for (const comment of poll.comments) {
          if (seen.has(comment.id) || Date.parse(comment.createdAt) < Date.parse(options.since)) continue
          seen.add(comment.id)
          const parsed = parseCommand(comment.body, options.triggerPhrase)
          if (parsed.kind !== 'command' || parsed.command.name !== 'stop') continue
          const auth = await authorizeActor(
            options.forge,
            { actor: comment.author, actorIsBot: /\[bot\]$/i.test(comment.author), trigger: 'issue_comment' },
            options.allowedBots
          )
          if (!auth.allowed) {
            options.logger.info(`Ignored a stop request: ${auth.reason}`)
            continue
          }
          options.logger.warning(`@${comment.author} asked the run to stop; stopping.`)
          options.onStop(comment.author)
          return
        }
      } catch (error) {
        // Watching is a courtesy on top of the run: a failed look is retried at the next one.
        options.logger.debug(`Could not look for /agents stop on #${number}: ${errorMessage(error)}`)
      }
    }
  }
}
