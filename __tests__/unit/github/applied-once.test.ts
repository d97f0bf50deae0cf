import { describe, expect, it } from '@jest/globals'
import { createOnce } from '../../../src/github/applied-once.js'
import { silentLogger } from '../../../src/util/logger.js'

const noWait = { sleep: async () => undefined }
const failure = (status?: number) => Object.assign(new Error(`HTTP ${status ?? 'reset'}`), { status })

describe('a write that must happen once', () => {
  it('returns what GitHub made when it answered 502 after applying the write, without sending it again', async () => {
    let sent = 0
    const made = { id: 7 }
    const result = await createOnce({
      what: 'Commenting',
      create: async () => {
        sent++
        throw failure(502)
      },
      lookup: async () => made,
      retries: 3,
      baseMs: 1,
      clock: noWait,
      logger: silentLogger
    })
    expect(result).toBe(made)
    expect(sent).toBe(1)
  })

  it('sends it again when the lookup finds nothing, and gives up after the retries', async () => {
    let sent = 0
    const attempt = createOnce({
      what: 'Commenting',
      create: async () => {
        sent++
        throw failure(500)
      },
      lookup: async () => undefined,
      retries: 2,
      baseMs: 1,
      clock: noWait,
      logger: silentLogger
    })
    await expect(attempt).rejects.toThrow('HTTP 500')
    expect(sent).toBe(3)
  })

  it('treats a lost connection like a 5xx, and a refusal (4xx) as final', async () => {
    let sent = 0
    await expect(
      createOnce({
        what: 'Opening the pull request',
        create: async () => {
          sent++
          if (sent === 1) throw failure(undefined)
          throw failure(422)
        },
        lookup: async () => undefined,
        retries: 5,
        baseMs: 1,
        clock: noWait,
        logger: silentLogger
      })
    ).rejects.toThrow('HTTP 422')
    expect(sent).toBe(2)
  })
})
