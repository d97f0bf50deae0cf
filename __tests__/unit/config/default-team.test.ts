import { describe, expect, it } from '@jest/globals'
import { BUILT_IN_BASES, BUILT_IN_PLATFORMS, builtInTeam } from '../../../src/config/default-team.js'
import { prompt } from '../../../src/prompts/index.js'

const TOOLS = [
  'read_file',
  'write_file',
  'edit_file',
  'list_files',
  'search',
  'run_command',
  'report_blocker',
  'finish_task'
]

describe('the built-in team', () => {
  it('is a manager with a backend developer, a frontend developer and a QA tester', () => {
    const team = builtInTeam()

    expect(team.source).toBe('(built-in)')
    expect(team.manager).toMatchObject({ name: 'manager', base: 'manager' })
    expect(Object.values(team.roles).map(role => [role.name, role.base])).toEqual([
      ['backend-dev', 'backend'],
      ['frontend-dev', 'frontend'],
      ['qa-tester', 'qa']
    ])
    for (const role of [team.manager, ...Object.values(team.roles)]) {
      expect(role.description.length).toBeGreaterThan(40)
      expect(role).toMatchObject({ platforms: [], projectContext: [], maxTokens: 8192 })
      expect(role.model).toEqual({ provider: 'anthropic', modelName: 'claude-sonnet-4-6' })
    }
  })

  it('hands out fresh objects, so one run cannot change the next', () => {
    const first = builtInTeam()
    first.roles['backend-dev']!.platforms.push('node')
    first.limits.maxParallel = 9

    expect(builtInTeam().roles['backend-dev']!.platforms).toEqual([])
    expect(builtInTeam().limits.maxParallel).toBe(3)
  })
})

describe('the bundled role prompts', () => {
  it('exist for every built-in base and platform, each under 80 lines', () => {
    for (const name of [
      ...BUILT_IN_BASES.map(base => `role-${base}`),
      ...BUILT_IN_PLATFORMS.map(p => `platform-${p}`)
    ]) {
      expect(prompt(name).trim().split('\n').length).toBeLessThanOrEqual(80)
    }
  })

  it('teach every worker role all eight tools by name', () => {
    for (const base of BUILT_IN_BASES.filter(base => base !== 'manager')) {
      const text = prompt(`role-${base}`)
      expect(TOOLS.filter(tool => !text.includes(`\`${tool}\``))).toEqual([])
    }
  })
})
