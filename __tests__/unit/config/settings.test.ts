import { afterEach, describe, expect, it } from '@jest/globals'
import { applyOverrides, OVERRIDE_NAMES, readOverrides } from '../../../src/config/overrides.js'
import { resolveTeamSettings } from '../../../src/config/settings.js'
import { builtInTeam } from '../../../src/config/default-team.js'
import { ConfigError } from '../../../src/util/errors.js'
import { lines, tempRepos } from './temp-repo.js'

const repos = tempRepos()
afterEach(() => repos.cleanup())

const CONFIG = '.ai-agents/config.yml'
const resolve = (repoDir: string, overrides = {}) =>
  resolveTeamSettings({ repoDir, path: CONFIG, explicit: false, overrides })

describe('resolveTeamSettings: inputs and flags over the configuration over the defaults', () => {
  it('takes max_parallel from the built-in default when nothing sets it', async () => {
    const team = await resolve(await repos.make())
    expect(team.limits.maxParallel).toBe(3)
  })

  it('takes the configuration file over the default', async () => {
    const team = await resolve(await repos.make({ [CONFIG]: lines('limits: { max_parallel: 5 }') }))
    expect(team.limits.maxParallel).toBe(5)
  })

  it('takes the input or flag over the configuration file, and leaves the other limits to the file', async () => {
    const repo = await repos.make({ [CONFIG]: lines('limits: { max_parallel: 5, max_turns: 12 }') })
    const team = await resolve(repo, { maxParallel: 7 })
    expect(team.limits).toMatchObject({ maxParallel: 7, maxTurns: 12 })
  })

  it('gives every role, the manager included, the model of the input, and each its own without one', async () => {
    const repo = await repos.make({
      [CONFIG]: lines(
        'agents:',
        '  backend-dev:',
        '    base: backend',
        '    model: { provider: anthropic, model_name: claude-haiku-4-5 }'
      )
    })
    expect((await resolve(repo)).roles['backend-dev']?.model.modelName).toBe('claude-haiku-4-5')

    const team = await resolve(repo, { model: 'claude-opus-4-1' })
    expect(team.manager.model.modelName).toBe('claude-opus-4-1')
    expect(Object.values(team.roles).map(role => role.model.modelName)).toEqual(['claude-opus-4-1'])
  })

  it('refuses a file outside the one range with the file, line and column', async () => {
    const repo = await repos.make({ [CONFIG]: lines('limits:', '  max_parallel: 17') })
    const error = await resolve(repo, { maxParallel: 2 }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).message).toMatch(/^\.ai-agents\/config\.yml:2:\d+: limits\.max_parallel/)
    expect((error as ConfigError).message).toContain('a whole number from 1 to 16')
  })
})

describe('readOverrides: one range, named as the person wrote it', () => {
  it('leaves unset and blank to the configuration', () => {
    expect(readOverrides({}, OVERRIDE_NAMES.action)).toEqual({})
    expect(readOverrides({ model: '  ', maxParallel: '' }, OVERRIDE_NAMES.action)).toEqual({})
  })

  it('reads both ends of the range and a trimmed model id', () => {
    expect(readOverrides({ maxParallel: '1', model: ' claude-x ' }, OVERRIDE_NAMES.action)).toEqual({
      maxParallel: 1,
      model: 'claude-x'
    })
    expect(readOverrides({ maxParallel: '16' }, OVERRIDE_NAMES.cli)).toEqual({ maxParallel: 16 })
  })

  it.each(['0', '17', '2.5', 'three', '-1'])('refuses %s, naming the input or the flag', value => {
    expect(() => readOverrides({ maxParallel: value }, OVERRIDE_NAMES.action)).toThrow(
      `Input max_parallel must be a whole number from 1 to 16, got "${value}".`
    )
    expect(() => readOverrides({ maxParallel: value }, OVERRIDE_NAMES.cli)).toThrow(
      `--max-parallel must be a whole number from 1 to 16, got "${value}".`
    )
  })

  it('holds the range for overrides built in code too', () => {
    expect(() => applyOverrides(builtInTeam(), { maxParallel: 64 })).toThrow(
      'max_parallel must be a whole number from 1 to 16, got "64".'
    )
  })

  it('reads provider:model, names the provider for every role, and refuses a prefix that is not one', () => {
    expect(readOverrides({ model: 'openai:gpt-5' }, OVERRIDE_NAMES.action)).toEqual({ model: 'openai:gpt-5' })
    const team = applyOverrides(builtInTeam(), { model: 'openai:gpt-5' })
    const models = [team.manager, ...Object.values(team.roles)].map(role => role.model)
    expect(models.every(m => m.provider === 'openai' && m.modelName === 'gpt-5')).toBe(true)
    // A bare name keeps each role's provider, unless it is plainly OpenAI's.
    expect(applyOverrides(builtInTeam(), { model: 'claude-opus-4-1' }).manager.model).toMatchObject({
      provider: 'anthropic',
      modelName: 'claude-opus-4-1'
    })
    expect(applyOverrides(builtInTeam(), { model: 'gpt-5' }).manager.model.provider).toBe('openai')
    // A Bedrock id names Anthropic as its vendor and carries a colon of its own.
    expect(
      applyOverrides(builtInTeam(), { model: 'us.anthropic.claude-sonnet-4-6-v1:0' }).manager.model
    ).toEqual(
      expect.objectContaining({ provider: 'bedrock', modelName: 'us.anthropic.claude-sonnet-4-6-v1:0' })
    )
    expect(
      applyOverrides(builtInTeam(), { model: 'vertex:claude-sonnet-4-6@20260115' }).manager.model
    ).toEqual(expect.objectContaining({ provider: 'vertex', modelName: 'claude-sonnet-4-6@20260115' }))

    for (const [names, where] of [
      [OVERRIDE_NAMES.action, 'Input model'],
      [OVERRIDE_NAMES.cli, '--model']
    ] as const) {
      expect(() => readOverrides({ model: 'gemini:pro' }, names)).toThrow(
        `${where} is "gemini:pro": expected a model name, or a provider and a model name such as openai:gpt-5 (providers: anthropic, openai, bedrock, vertex, scripted).`
      )
      expect(() => readOverrides({ model: 'openai:' }, names)).toThrow(`${where} is "openai:"`)
    }
  })

  it('changes nothing without overrides', () => {
    const team = builtInTeam()
    expect(applyOverrides(team, {})).toBe(team)
  })
})
