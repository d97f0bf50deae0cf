import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { checkoutLayouts, type CheckoutLayout } from '../harness/checkout-layouts.js'
import { FEATURE_BRANCH, GREETING_ISSUE, useE2e } from '../harness/e2e-fixture.js'
import { testGitEnv } from '../harness/git-repo.js'
import { branchFiles } from '../harness/sample-project.js'
import {
  fourTaskPlan,
  GREETING_WORK,
  isPlanCall,
  planReply,
  scriptedAgent,
  taskIdOf
} from '../harness/scripted-team.js'

/** What actions/checkout was given (the workflow's GITHUB_TOKEN) and what the action is given instead. */
const CHECKOUT_TOKEN = 'ghs_checkout_token_0123456789abcdef'
const GITHUB_TOKEN_INPUT = 'github_pat_team_token_0123456789abcdef'

const oneTaskPlan = () => fourTaskPlan({ tasks: [fourTaskPlan().tasks[0]] })

/**
 * The first run on a real repository: the action pushes through git's smart HTTP protocol to an origin that
 * refuses what GitHub refuses (two Authorization headers, a missing or unknown token), from a checkout that
 * holds what each actions/checkout version stores, and opens its PR on a GitHub that refuses a PR with no
 * commits.
 */
describe('on real GitHub, first time (dist/index.js)', () => {
  // Each test serves the origin itself, in the checkout layout it is about.
  const e2e = useE2e({ checkout: 'path' })

  /** The credentials git in the checkout would send to the origin, includes followed, at this moment. */
  function storedCredentials(layoutFile?: string): string[] {
    let found = ''
    try {
      found = execFileSync('git', ['config', '--includes', '--get-regexp', 'extraheader'], {
        cwd: e2e.repo.work,
        env: testGitEnv,
        encoding: 'utf8'
      })
    } catch {
      // git exits 1 when nothing matches
    }
    const inFile =
      layoutFile && readFileSync(layoutFile, 'utf8').includes('AUTHORIZATION') ? [layoutFile] : []
    return [...found.split('\n').filter(Boolean), ...inFile]
  }

  // v7 stores credentials exactly as v6 does (see checkout-layouts.ts): four layouts cover every way.
  it.each(checkoutLayouts.filter(layout => layout !== 'v7'))(
    'builds through the smart-HTTP origin with exactly one Authorization header, github_token’s (checkout %s)',
    async (layout: CheckoutLayout) => {
      const served = await e2e.serve({ token: CHECKOUT_TOKEN, layout, extraTokens: [GITHUB_TOKEN_INPUT] })
      const issue = e2e.github.addIssue(GREETING_ISSUE)
      let credentialsWhenAgentsStarted: string[] | undefined
      e2e.anthropic.setHandler(request => {
        if (isPlanCall(request)) return planReply(oneTaskPlan())
        credentialsWhenAgentsStarted ??= storedCredentials(served.checkout.credentialsFile)
        return scriptedAgent(GREETING_WORK)(request)
      })

      const result = await e2e.label(issue, {
        inputs: { github_token: GITHUB_TOKEN_INPUT },
        timeoutMs: 90_000
      })

      expect(result.outputs.status).toBe('done')
      expect(result.code).toBe(0)
      const log = served.origin.log
      expect(log.filter(entry => entry.push).length).toBeGreaterThan(0)
      // Every git request carried one header, with the token the action was given, and was served.
      expect(log.map(entry => entry.authorizationHeaders)).toEqual(log.map(() => 1))
      expect(new Set(log.map(entry => entry.token))).toEqual(new Set([GITHUB_TOKEN_INPUT]))
      expect(log.filter(entry => entry.status >= 400)).toEqual([])
      // By the time the first agent ran, nothing in the checkout held a token.
      expect(credentialsWhenAgentsStarted).toEqual([])
      expect(taskIdOf(e2e.anthropic.requests.at(-1)?.body as never)).toBe('T1')
      expect(await branchFiles(e2e.repo.origin, FEATURE_BRANCH)).toContain('src/greet.js')
      expect(e2e.github.pulls()).toHaveLength(1)
    }
  )
})
