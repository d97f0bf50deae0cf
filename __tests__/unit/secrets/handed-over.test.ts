import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createPathPolicy } from '../../../src/agents/path-policy.js'
import { executeTool } from '../../../src/agents/tools/agent-tools.js'
import type { ToolContext } from '../../../src/agents/tools/tool-types.js'
import type { Forge } from '../../../src/github/forge.js'
import { redactingPorts } from '../../../src/ports/redacting-ports.js'
import type { RunPorts } from '../../../src/ports/run-ports.js'
import { createUnsandboxed } from '../../../src/sandbox/unsandboxed.js'
import { scrubbedEnv, secretsToHandOver, secretValues } from '../../../src/secrets/environment.js'
import { tempRepo, type TempDir } from '../agents/temp-repo.js'

/**
 * A secret in a variable whose name matches no credential pattern: a scan of the environment by name
 * cannot find it. It is redacted because the entrypoint hands it over by value.
 */
const SECRET = 'plum-and-7f3c9a1e5b'
const ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/home/ada', FAVOURITE_COLOUR: SECRET }

describe('secrets handed over by the entrypoint', () => {
  it('include what the entrypoint knows, whatever the variable is called', () => {
    expect(secretValues(ENV)).toEqual([])
    expect(secretsToHandOver([SECRET], ENV)).toEqual([SECRET])
  })

  it('keep the name pattern as a second line, and leave out empty and short values', () => {
    const env = { ...ENV, NPM_TOKEN: 'npm_0123456789', SHORT_TOKEN: 'x' }
    expect(secretsToHandOver([SECRET, undefined, '', 'abc', SECRET], env).sort()).toEqual(
      [SECRET, 'npm_0123456789'].sort()
    )
  })

  it('keep a known value out of the agents’ environment even under an allow-listed name', () => {
    const env = { ...ENV, HOME: `/home/${SECRET}` }
    expect(scrubbedEnv(env).HOME).toBe(`/home/${SECRET}`)
    expect(scrubbedEnv(env, [SECRET, undefined]).HOME).toBeUndefined()
    expect(scrubbedEnv(env, [SECRET]).PATH).toBe(ENV.PATH)
    // Short values would take ordinary variables with them.
    expect(scrubbedEnv({ ...env, HOME: '/home/ada' }, ['ada']).HOME).toBe('/home/ada')
  })

  describe('in an agent’s command output', () => {
    let repo: TempDir
    let context: ToolContext
    beforeAll(() => {
      // The agent found the value on disk (a cache, a dotfile), not in its environment, and prints it.
      repo = tempRepo({
        'found.txt': `colour=${SECRET}\n`,
        'leak.js': `console.log(require('fs').readFileSync('found.txt', 'utf8'), process.env.FAVOURITE_COLOUR)\n`
      })
      const secrets = secretsToHandOver([SECRET], ENV)
      const env = scrubbedEnv(ENV, [SECRET])
      context = {
        root: repo.dir,
        pathPolicy: createPathPolicy({ root: repo.dir, protectedPaths: [], allowWorkflowEdits: false }),
        allowList: ['node leak.js'],
        commandTimeoutMs: 10_000,
        maxOutputBytes: 16 * 1024,
        env,
        sandbox: createUnsandboxed(env),
        sandboxEnv: {},
        secrets
      }
    })
    afterAll(() => repo.remove())

    it('is redacted before the model sees it, and the variable never reached the command', async () => {
      const outcome = await executeTool('run_command', { command: 'node leak.js' }, context)
      expect(outcome.content).toContain('colour=***')
      expect(outcome.content).toContain('undefined')
      expect(outcome.content).not.toContain(SECRET)
    })

    it('is redacted from a file the model reads back', async () => {
      const outcome = await executeTool('read_file', { path: 'found.txt' }, context)
      expect(outcome.content).not.toContain(SECRET)
    })
  })

  describe('in what the engine writes itself (redactingPorts)', () => {
    const written: string[] = []
    const forge = {
      createComment: async (_issue: number, body: string) => {
        written.push(body)
        return { id: 1, htmlUrl: 'https://example.test/1' }
      },
      updateComment: async (id: number, body: string) => {
        written.push(body)
        return { id, htmlUrl: 'https://example.test/1' }
      },
      createPull: async (options: { title: string; body: string }) => {
        written.push(options.title, options.body)
        return { number: 2, htmlUrl: 'https://example.test/pull/2', nodeId: 'PR_2', draft: true }
      },
      updatePull: async (_number: number, options: { title?: string; body?: string }) => {
        written.push(options.title ?? '', options.body ?? '')
      },
      replyToReviewComment: async (_pull: number, id: number, body: string) => {
        written.push(body)
        return { id, htmlUrl: 'https://example.test/r' }
      },
      getDefaultBranch: async () => `main-${SECRET}`
    } as unknown as Forge
    const logged: string[] = []
    const log = (line: string) => logged.push(line)
    const ports = redactingPorts(
      { forge, logger: { info: log, warning: log, error: log, debug: log } } as unknown as RunPorts,
      secretsToHandOver([SECRET], ENV)
    )

    it('keeps the secret out of comments, pull requests, review replies and the log', async () => {
      const text = `the run stopped: request failed with ${SECRET}`
      await ports.forge.createComment(1, text)
      await ports.forge.updateComment(1, text)
      await ports.forge.createPull({ head: 'h', base: 'b', title: text, body: text, draft: true })
      await ports.forge.updatePull(2, { body: text })
      await ports.forge.replyToReviewComment(2, 3, text)
      // Git and the HTTP clients carry tokens in base64 (Basic auth): that form is caught too.
      ports.logger.warning(`${text}; header ${Buffer.from(`x-access-token:${SECRET}`).toString('base64')}`)
      ports.logger.info(text)

      for (const line of [...written, ...logged]) expect(line).not.toContain(SECRET)
      expect(written.filter(line => line.includes('***'))).toHaveLength(6)
      expect(logged).toHaveLength(2)
    })

    it('passes every other call to the forge as it is', async () => {
      expect(await ports.forge.getDefaultBranch()).toBe(`main-${SECRET}`)
    })

    it('is the ports as given when there is nothing to redact', () => {
      const given = { forge, logger: { info: log } } as unknown as RunPorts
      expect(redactingPorts(given, [])).toBe(given)
    })
  })
})
