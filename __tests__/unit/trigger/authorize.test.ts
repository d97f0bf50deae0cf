import { describe, expect, it } from '@jest/globals'
import type { Permission } from '../../../src/github/forge.js'
import { authorizeActor } from '../../../src/trigger/authorize.js'

/** A permission lookup over a fixed table, recording who was looked up; unknown logins fail like a 404. */
function permissions(table: Record<string, Permission>) {
  const asked: string[] = []
  return {
    asked,
    async getPermission(login: string): Promise<Permission> {
      asked.push(login)
      const permission = table[login]
      if (permission === undefined) throw new Error(`Not Found: ${login} is not a user`)
      return permission
    }
  }
}

const person = (actor: string) => ({ actor, actorIsBot: false })
const bot = (actor: string, trigger?: 'issue_comment' | 'workflow_dispatch' | 'issues.labeled') => ({
  actor,
  actorIsBot: true,
  trigger
})

describe('authorizeActor', () => {
  describe('people', () => {
    it.each(['write', 'maintain', 'admin'] as const)('allows %s access, reporting it', async permission => {
      const forge = permissions({ octocat: permission })
      await expect(authorizeActor(forge, person('octocat'), [])).resolves.toEqual({
        allowed: true,
        permission
      })
    })

    it.each(['triage', 'read', 'none'] as const)(
      'refuses %s access and says what is needed',
      async permission => {
        const result = await authorizeActor(permissions({ octocat: permission }), person('octocat'), [])
        expect(result).toEqual({
          allowed: false,
          reason: `octocat has ${permission} access; write, maintain or admin is needed to run the team`
        })
      }
    )

    it('refuses, without throwing, when the lookup fails', async () => {
      const result = await authorizeActor(permissions({}), person('ghost'), [])
      expect(result).toEqual({
        allowed: false,
        reason: 'could not read the repository permission of ghost: Not Found: ghost is not a user'
      })
    })

    it('refuses an empty actor without asking GitHub', async () => {
      const forge = permissions({ '': 'admin' })
      const result = await authorizeActor(forge, person('  '), ['*'])
      expect(result.allowed).toBe(false)
      expect(forge.asked).toEqual([])
    })
  })

  describe('bots', () => {
    it('refuses a bot that allowed_bots does not name, without a lookup', async () => {
      const forge = permissions({ 'renovate[bot]': 'write' })
      const result = await authorizeActor(forge, bot('renovate[bot]'), ['dependabot'])
      expect(result).toEqual({
        allowed: false,
        reason: 'renovate[bot] is a bot; add "renovate" to allowed_bots to let it start a run'
      })
      expect(forge.asked).toEqual([])
    })

    it('treats a login ending in [bot] as a bot even when the flag says otherwise', async () => {
      const result = await authorizeActor(permissions({ 'evil[bot]': 'admin' }), person('evil[bot]'), [])
      expect(result.allowed).toBe(false)
    })

    it.each([['renovate'], ['renovate[bot]'], ['Renovate[BOT]'], ['*']])(
      'allows a listed bot (listed as %j) by its account type and name, without a permission lookup',
      async listed => {
        // GitHub answers 404 for an App bot's collaborator permission: a lookup would refuse every bot.
        const forge = permissions({})
        await expect(authorizeActor(forge, bot('renovate[bot]'), [listed])).resolves.toEqual({
          allowed: true,
          permission: 'allowed_bots'
        })
        expect(forge.asked).toEqual([])
      }
    )

    it('still looks up people, whatever allowed_bots says', async () => {
      const forge = permissions({ reader: 'read' })
      expect(await authorizeActor(forge, person('reader'), ['*'])).toMatchObject({
        allowed: false,
        reason: expect.stringContaining('has read access')
      })
      expect(forge.asked).toEqual(['reader'])
    })
  })

  describe('the workflow token bot (github-actions[bot])', () => {
    it('is refused from a comment even when every bot is allowed: the team must not re-trigger itself', async () => {
      const forge = permissions({ 'github-actions[bot]': 'admin' })
      const result = await authorizeActor(forge, bot('github-actions[bot]', 'issue_comment'), ['*'])
      expect(result).toMatchObject({
        allowed: false,
        reason: expect.stringContaining('"*" does not cover it')
      })
      expect(forge.asked).toEqual([])
    })

    it('is refused from a comment or label even when named', async () => {
      for (const trigger of ['issue_comment', 'issues.labeled'] as const) {
        const result = await authorizeActor(permissions({}), bot('github-actions[bot]', trigger), [
          'github-actions'
        ])
        expect(result).toEqual({
          allowed: false,
          reason:
            'github-actions[bot] may only start a run through workflow_dispatch, never from a comment or label'
        })
      }
    })

    it('is refused when the trigger is not known', async () => {
      const result = await authorizeActor(permissions({}), bot('github-actions[bot]'), [
        'github-actions[bot]'
      ])
      expect(result.allowed).toBe(false)
    })

    it('may dispatch the next wave when named, without a lookup the API cannot answer', async () => {
      const forge = permissions({})
      const result = await authorizeActor(forge, bot('github-actions[bot]', 'workflow_dispatch'), [
        'github-actions[bot]'
      ])
      expect(result).toEqual({ allowed: true, permission: 'write' })
      expect(forge.asked).toEqual([])
    })
  })
})
