import { describe, expect, it } from '@jest/globals'
import type { CommentPoll, Permission, PolledComment } from '../../../src/github/forge.js'
import { nextStopLookIn, watchForStop } from '../../../src/orchestrator/stop-watch.js'
import { silentLogger } from '../../../src/util/logger.js'
import { manualClock } from '../../harness/manual-clock.js'

const SINCE = '2026-01-01T00:00:00Z'

function comment(
  issueNumber: number,
  id: number,
  author: string,
  body: string,
  createdAt = '2026-01-01T00:01:00Z'
): PolledComment {
  return { issueNumber, id, author, body, createdAt, htmlUrl: `https://github.com/c/${id}` }
}

/**
 * A forge whose comments the test adds; like GitHub's repository-wide list it answers with every issue's
 * comments, newest first, and a new ETag per change.
 */
function forgeWith(permissions: Record<string, Permission>) {
  const comments: PolledComment[] = []
  const polls: { etag?: string; changed: boolean }[] = []
  let version = 0
  return {
    polls,
    add(data: PolledComment) {
      comments.push(data)
      version++
    },
    async pollComments(options: { since: string; etag?: string }): Promise<CommentPoll> {
      const etag = `"v${version}"`
      const changed = options.etag !== etag
      polls.push({ etag: options.etag, changed })
      return changed ? { changed, etag, comments: [...comments].reverse() } : { changed: false }
    },
    async getPermission(login: string): Promise<Permission> {
      return permissions[login] ?? 'none'
    }
  }
}

function watch(forge: ReturnType<typeof forgeWith>, numbers: number[]) {
  const clock = manualClock()
  const stopped: string[] = []
  const controller = new AbortController()
  const done = watchForStop({
    forge,
    numbers: () => numbers,
    since: SINCE,
    triggerPhrase: '/agents',
    allowedBots: ['deploy-bot'],
    intervalMs: 1_000,
    clock,
    logger: silentLogger,
    signal: controller.signal,
    onStop: actor => stopped.push(actor)
  })
  return { clock, stopped, controller, done }
}

describe('watching a live run for /agents stop', () => {
  it.each([
    ['pull request', 2],
    ['issue', 1]
  ])('sees a command on the %s, with one request per look for both', async (_where, number) => {
    const forge = forgeWith({ maintainer: 'maintain' })
    const { clock, stopped, done } = watch(forge, [1, 2])

    await clock.advance(1_000)
    expect(stopped).toEqual([])
    forge.add(comment(number, 10, 'maintainer', '/agents stop'))
    await clock.advance(1_000)

    expect(stopped).toEqual(['maintainer'])
    await done
    expect(forge.polls).toHaveLength(2)
  })

  it('ignores a stop command on an issue the run does not watch', async () => {
    const forge = forgeWith({ writer: 'write' })
    const { clock, stopped, controller, done } = watch(forge, [1, 2])

    forge.add(comment(3, 12, 'writer', '/agents stop'))
    await clock.advance(1_000)
    await clock.advance(1_000)

    expect(stopped).toEqual([])
    controller.abort()
    await done
  })

  it('asks conditionally: once nothing changed, GitHub answers 304 with no comments', async () => {
    const forge = forgeWith({})
    const { clock, controller, done } = watch(forge, [1])

    await clock.advance(1_000)
    await clock.advance(1_000)
    await clock.advance(1_000)
    controller.abort()
    await done

    expect(forge.polls.map(p => p.changed)).toEqual([true, false, false])
    expect(forge.polls[1]!.etag).toBe('"v0"')
  })

  it('ignores readers, unlisted bots, other commands and comments older than the run', async () => {
    const forge = forgeWith({ reader: 'read', writer: 'write' })
    forge.add(comment(1, 1, 'writer', '/agents stop', '2025-12-31T23:59:00Z'))
    forge.add(comment(1, 2, 'reader', '/agents stop'))
    forge.add(comment(1, 3, 'other-bot[bot]', '/agents stop'))
    forge.add(comment(1, 4, 'writer', '/agents status'))
    forge.add(comment(1, 5, 'writer', 'please /agents stop'))
    const { clock, stopped, controller, done } = watch(forge, [1])

    await clock.advance(1_000)
    expect(stopped).toEqual([])
    forge.add(comment(1, 6, 'deploy-bot[bot]', '/agents stop'))
    await clock.advance(1_000)

    expect(stopped).toEqual(['deploy-bot[bot]'])
    controller.abort()
    await done
  })

  it('keeps watching when a look fails', async () => {
    const forge = forgeWith({ writer: 'write' })
    const real = forge.pollComments.bind(forge)
    let failures = 1
    forge.pollComments = async options => {
      if (failures-- > 0) throw new Error('502 Bad Gateway')
      return real(options)
    }
    forge.add(comment(1, 7, 'writer', '/agents stop'))
    const { clock, stopped, done } = watch(forge, [1])

    await clock.advance(1_000)
    expect(stopped).toEqual([])
    await clock.advance(1_000)

    expect(stopped).toEqual(['writer'])
    await done
  })

  it('looks every interval for 12 intervals, then doubles the wait at each look up to 6 intervals', async () => {
    const forge = forgeWith({})
    const { clock, controller, done } = watch(forge, [1])
    const lookedAt: number[] = []

    for (let elapsed = 0; elapsed < 40_000; elapsed += 1_000) {
      await clock.advance(1_000)
      if (forge.polls.length > lookedAt.length) lookedAt.push(clock.now())
    }
    controller.abort()
    await done

    const brisk = Array.from({ length: 12 }, (_, i) => (i + 1) * 1_000)
    expect(lookedAt).toEqual([...brisk, 14_000, 18_000, 24_000, 30_000, 36_000])
  })

  it('stretches from 10 s to a minute over a run of hours', () => {
    const waits: number[] = []
    let waitMs = 10_000
    for (let age = 0; age < 3_600_000; age += waitMs) {
      waitMs = nextStopLookIn({ previousMs: waitMs, ageMs: age + waitMs, briskMs: 10_000 })
      waits.push(waitMs)
    }
    expect(waits.slice(0, 11)).toEqual(Array(11).fill(10_000))
    expect(waits.slice(11, 15)).toEqual([20_000, 40_000, 60_000, 60_000])
    // An hour costs 12 brisk looks, 2 stretching ones and about one a minute after that.
    expect(waits.length).toBeLessThan(75)
  })
})
