import { describe, expect, it } from '@jest/globals'
import type { CommentData, CommentPoll, Permission } from '../../../src/github/forge.js'
import { watchForStop } from '../../../src/orchestrator/stop-watch.js'
import { silentLogger } from '../../../src/util/logger.js'
import { manualClock } from '../../harness/manual-clock.js'

const SINCE = '2026-01-01T00:00:00Z'

function comment(id: number, author: string, body: string, createdAt = '2026-01-01T00:01:00Z'): CommentData {
  return { id, author, body, createdAt, htmlUrl: `https://github.com/c/${id}` }
}

/** A forge whose comments the test adds; it answers like GitHub with an ETag per change. */
function forgeWith(permissions: Record<string, Permission>) {
  const comments = new Map<number, CommentData[]>()
  const polls: { number: number; etag?: string; changed: boolean }[] = []
  let version = 0
  return {
    polls,
    add(number: number, data: CommentData) {
      comments.set(number, [...(comments.get(number) ?? []), data])
      version++
    },
    async pollComments(number: number, options: { since: string; etag?: string }): Promise<CommentPoll> {
      const etag = `"v${version}-${number}"`
      const changed = options.etag !== etag
      polls.push({ number, etag: options.etag, changed })
      return changed ? { changed, etag, comments: comments.get(number) ?? [] } : { changed: false }
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
  it('stops on a command from someone with write access, on the issue or the PR', async () => {
    const forge = forgeWith({ maintainer: 'maintain' })
    const { clock, stopped, done } = watch(forge, [1, 2])

    await clock.advance(1_000)
    expect(stopped).toEqual([])
    forge.add(2, comment(10, 'maintainer', '/agents stop'))
    await clock.advance(1_000)

    expect(stopped).toEqual(['maintainer'])
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
    expect(forge.polls[1]!.etag).toBe(forge.polls[0]!.etag ?? '"v0-1"')
  })

  it('ignores readers, unlisted bots, other commands and comments older than the run', async () => {
    const forge = forgeWith({ reader: 'read', writer: 'write' })
    forge.add(1, comment(1, 'writer', '/agents stop', '2025-12-31T23:59:00Z'))
    forge.add(1, comment(2, 'reader', '/agents stop'))
    forge.add(1, comment(3, 'other-bot[bot]', '/agents stop'))
    forge.add(1, comment(4, 'writer', '/agents status'))
    forge.add(1, comment(5, 'writer', 'please /agents stop'))
    const { clock, stopped, controller, done } = watch(forge, [1])

    await clock.advance(1_000)
    expect(stopped).toEqual([])
    forge.add(1, comment(6, 'deploy-bot[bot]', '/agents stop'))
    await clock.advance(1_000)

    expect(stopped).toEqual(['deploy-bot[bot]'])
    controller.abort()
    await done
  })

  it('keeps watching when a look fails', async () => {
    const forge = forgeWith({ writer: 'write' })
    const real = forge.pollComments.bind(forge)
    let failures = 1
    forge.pollComments = async (number, options) => {
      if (failures-- > 0) throw new Error('502 Bad Gateway')
      return real(number, options)
    }
    forge.add(1, comment(7, 'writer', '/agents stop'))
    const { clock, stopped, done } = watch(forge, [1])

    await clock.advance(1_000)
    expect(stopped).toEqual([])
    await clock.advance(1_000)

    expect(stopped).toEqual(['writer'])
    await done
  })
})
