import { describe, expect, it } from '@jest/globals'
import { scrubbedEnv, secretValues } from '../../../src/secrets/environment.js'
import { redactSecrets } from '../../../src/secrets/redact.js'

describe('scrubbed environment', () => {
  const env = {
    PATH: '/usr/bin',
    HOME: '/home/runner',
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    CI: 'true',
    TMPDIR: '/tmp',
    GITHUB_TOKEN: 'ghs_x',
    GH_TOKEN: 'ghp_x',
    INPUT_LABEL: 'agents',
    INPUT_ANTHROPIC_API_KEY: 'sk-ant-x',
    ACTIONS_RUNTIME_TOKEN: 'x',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x',
    ACTIONS_CACHE_URL: 'https://cache',
    ANTHROPIC_BASE_URL: 'https://api',
    OPENAI_ORG: 'org',
    NPM_TOKEN: 'x',
    NODE_AUTH_TOKEN: 'x',
    AWS_ACCESS_KEY_ID: 'AKIA',
    GOOGLE_APPLICATION_CREDENTIALS: '/key.json',
    AZURE_CLIENT_SECRET: 'x',
    SSH_AUTH_SOCK: '/tmp/agent',
    DATABASE_URL: 'postgres://u:p@h/db',
    NODE_OPTIONS: '--require ./evil.js',
    GITHUB_OUTPUT: '/tmp/out'
  }

  it('keeps only known-safe variables', () => {
    expect(Object.keys(scrubbedEnv(env)).sort()).toEqual(
      [
        'CI',
        'GIT_CONFIG_NOSYSTEM',
        'GIT_TERMINAL_PROMPT',
        'HOME',
        'LANG',
        'LC_ALL',
        'NO_COLOR',
        'PATH',
        'TMPDIR'
      ].sort()
    )
  })

  it('tells git never to prompt nor read the system config, and sets CI so test runners do not watch', () => {
    const clean = scrubbedEnv({ PATH: '/bin' })
    expect(clean).toMatchObject({ GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1', CI: 'true' })
  })

  it('drops a safe-listed name if it somehow looks secret', () => {
    expect(scrubbedEnv({ LC_AUTH_TOKEN: 'x' }).LC_AUTH_TOKEN).toBeUndefined()
  })

  it('collects the values of secret-looking variables for redaction, skipping short ones', () => {
    const values = secretValues({
      GITHUB_TOKEN: 'ghs_1234567890',
      INPUT_ANTHROPIC_API_KEY: 'sk-ant-abcdef',
      INPUT_LABEL: 'agents',
      NPM_TOKEN: 'x'
    })
    expect(values.sort()).toEqual(['ghs_1234567890', 'sk-ant-abcdef'])
  })
})

describe('secret redaction', () => {
  const token = 'ghs_AbCdEf0123456789XyZ'

  it('removes plain secret values', () => {
    expect(redactSecrets(`token=${token}; again ${token}`, [token])).toBe('token=***; again ***')
  })

  it('removes the base64 form git sends in its auth header, at any alignment', () => {
    for (const prefix of ['x-access-token:', 'x-access-token:a', 'x-access-token:ab', '']) {
      const header = `AUTHORIZATION: basic ${Buffer.from(`${prefix}${token}`).toString('base64')}`
      const redacted = redactSecrets(header, [token])
      expect(redacted).toContain('***')
      // Only the encoding of the prefix survives, give or take the characters that straddle it.
      const rest = redacted.replace('AUTHORIZATION: basic ', '').replace('***', '').replace(/=+$/, '')
      expect(rest.length).toBeLessThanOrEqual(Math.ceil((prefix.length * 4) / 3) + 4)
    }
  })

  it('ignores values shorter than 6 characters, which would shred ordinary text', () => {
    expect(redactSecrets('the cat sat', ['cat', ''])).toBe('the cat sat')
  })
})
