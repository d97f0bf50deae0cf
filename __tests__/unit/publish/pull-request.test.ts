import { describe, expect, it } from '@jest/globals'
import type { Forge, PullRef } from '../../../src/github/forge.js'
import { finishPull, IN_PROGRESS_PREFIX } from '../../../src/publish/pull-request.js'
import type { RunPorts } from '../../../src/ports/run-ports.js'
import type { Logger } from '../../../src/util/logger.js'

const pull = (draft: boolean, title = 'Greeting banner'): PullRef => ({
  number: 2,
  htmlUrl: 'https://github.com/octo-org/widgets/pull/2',
  nodeId: 'PR_2',
  draft,
  title
})

function portsWith(forge: Partial<Forge>) {
  const warnings: string[] = []
  const logger: Logger = {
    info: () => {},
    debug: () => {},
    error: () => {},
    warning: m => void warnings.push(m)
  }
  return { ports: { forge, logger } as unknown as RunPorts, warnings }
}

describe('finishing the pull request', () => {
  it('reports a GraphQL refusal to leave draft instead of throwing: the work is merged all the same', async () => {
    const { ports, warnings } = portsWith({
      markReadyForReview: async () => {
        throw new Error('Request failed due to following response errors: Something went wrong')
      }
    })

    const problem = await finishPull(ports, pull(true))

    expect(problem).toMatch(/Could not mark pull request #2 ready for review: .*Something went wrong/)
    expect(warnings).toHaveLength(1)
  })

  it('takes the in-progress prefix off a normal PR, where the repository has no drafts', async () => {
    const updates: unknown[] = []
    const { ports } = portsWith({
      updatePull: async (number, changes) => void updates.push([number, changes])
    })

    expect(await finishPull(ports, pull(false, `${IN_PROGRESS_PREFIX}Greeting banner`))).toBeUndefined()

    expect(updates).toEqual([[2, { title: 'Greeting banner' }]])
  })
})
