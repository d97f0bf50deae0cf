import { describe, expect, it } from '@jest/globals'
import { parseRunState, serializeRunState } from '../../../src/state/load-state.js'
import { emptyRunState } from '../../../src/state/run-state.js'
import { StateError } from '../../../src/util/errors.js'
import { realisticRun } from './fixtures.js'

const SOURCE = 'agent-team/state:runs/12-add-dark-mode/team-communication.json'

function errorOf(text: string): string {
  try {
    parseRunState(text, SOURCE)
  } catch (error) {
    expect(error).toBeInstanceOf(StateError)
    return (error as StateError).message
  }
  throw new Error('parseRunState accepted the text')
}

/** The realistic state's JSON, changed by `edit` as a person editing the file would. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- hand edits reach any path, typed or not
function edited(edit: (json: any) => void): string {
  const json = JSON.parse(serializeRunState(realisticRun()))
  edit(json)
  return JSON.stringify(json, null, 2)
}

describe('serializeRunState', () => {
  it('writes 2-space JSON with a trailing newline, the format fields first', () => {
    const text = serializeRunState(realisticRun())
    expect(text.endsWith('}\n')).toBe(true)
    expect(text.split('\n').slice(0, 4)).toEqual([
      '{',
      '  "schema_version": 1,',
      '  "current_feature": "Add dark mode",',
      '  "run": {'
    ])
  })

  it('gives the same bytes for the same state, whatever order its keys were set in', () => {
    const state = realisticRun()
    const reordered = {
      ...Object.fromEntries(Object.entries(state).reverse()),
      agent_updates_archived: { T2: state.agent_updates_archived.T2, T1: state.agent_updates_archived.T1 }
    } as unknown as typeof state
    expect(serializeRunState(reordered)).toBe(serializeRunState(state))
  })

  it('refuses to write a state that would not load again', () => {
    const state = emptyRunState('k')
    expect(() => serializeRunState({ ...state, run: { ...state.run, updated_at: 'yesterday' } })).toThrow(
      /Refusing to write a run state that would not load again:\n {2}- run.updated_at: Invalid ISO datetime/
    )
  })
})

describe('parseRunState', () => {
  it('reads back exactly what was written', () => {
    const state = realisticRun()
    const text = serializeRunState(state)
    const parsed = parseRunState(text, SOURCE)
    expect(parsed).toEqual(state)
    expect(serializeRunState(parsed)).toBe(text)
  })

  it('accepts a byte order mark that an editor may have added', () => {
    expect(parseRunState(`\uFEFF${serializeRunState(realisticRun())}`, SOURCE)).toEqual(realisticRun())
  })

  it('points at the line and column where a truncated file ends, and says how to start over', () => {
    const lines = serializeRunState(realisticRun()).split('\n')
    const message = errorOf(lines.slice(0, 10).join('\n') + '\n')
    expect(message).toMatch(new RegExp(`^${SOURCE}:11:1: not valid JSON: .*it looks truncated\\)\\.`))
    expect(message).toContain(
      `Fix the file by hand, or delete ${SOURCE} to start the run over (the task branches and the pull request stay as they are).`
    )
  })

  it('points at a hand-made syntax error', () => {
    const text = serializeRunState(realisticRun()).replace('"actor": "octocat",', '"actor": "octocat",,')
    const line = text.split('\n').findIndex(l => l.includes('"actor"')) + 1
    expect(errorOf(text)).toMatch(
      new RegExp(`^${SOURCE}:${line}:24: not valid JSON: expected a property name`)
    )
  })

  it('lists a wrong type deep inside by its JSON path', () => {
    const message = errorOf(
      edited(json => {
        json.tasks[1].usage.input_tokens = '2000'
      })
    )
    expect(message).toBe(
      `${SOURCE} is not a valid run state:\n` +
        '  - tasks[1].usage.input_tokens: Invalid input: expected number, received string\n' +
        `Fix the file by hand, or delete ${SOURCE} to start the run over (the task branches and the pull request stay as they are).`
    )
  })

  it('lists the first five problems and counts the rest', () => {
    const message = errorOf(
      edited(json => {
        json.run.status = 'sleeping'
        json.tasks[0].state = 'paused'
        json.tasks[0].colour = 'blue'
        json.tasks[2].attempts = -1
        json.questions[0].asked_at = 'soon'
        delete json.usage
        json.agent_updates_archived.T1.count = 0
      })
    )
    const listed = message.split('\n').filter(line => line.startsWith('  - '))
    expect(listed).toEqual([
      '  - run.status: Invalid option: expected one of "planning"|"planned"|"awaiting_approval"|"running"|"done"|"partial"|"waiting"|"failed"|"interrupted"|"stopped"',
      '  - tasks[0].state: Invalid option: expected one of "queued"|"running"|"blocked"|"done"|"failed"|"dropped"',
      '  - tasks[0].colour: Unrecognized key: "colour"',
      '  - tasks[2].attempts: Too small: expected number to be >=0',
      '  - agent_updates_archived.T1.count: Too small: expected number to be >0',
      '  - and 2 more'
    ])
  })

  it('reports task ids that repeat or name no task', () => {
    const message = errorOf(
      edited(json => {
        json.tasks[2].id = 'T1'
        json.tasks[1].dependencies = ['T0']
      })
    )
    expect(message).toContain('  - tasks[2].id: "T1" is the id of an earlier task\n')
    expect(message).toContain('  - tasks[1].dependencies[0]: "T0" is not the id of a task\n')
  })

  it('explains a file written by a newer release', () => {
    const message = errorOf(edited(json => (json.schema_version = 2)))
    expect(message).toBe(
      `${SOURCE} was written by a newer release of agent-team (state schema_version 2; this release reads ` +
        'version 1). Use the newer release for this run, or delete the file to start the run over with this one ' +
        '(its task branches and pull request stay).'
    )
  })

  it('recognises a team-communication.json that another tool wrote', () => {
    const classic = JSON.stringify({
      current_feature: 'FAQ',
      manager_instructions: { active_tasks: [] },
      agent_updates: []
    })
    expect(errorOf(classic)).toMatch(/is not an agent-team run state: it has no schema_version/)
  })

  it('says so when the file is empty', () => {
    expect(errorOf('  \n')).toMatch(new RegExp(`^${SOURCE} is empty\\. Fix the file by hand`))
  })

  it('rebuilds the classic task lists from the tasks, ignoring hand edits to them', () => {
    const parsed = parseRunState(
      edited(json => {
        json.manager_instructions.active_tasks = []
        json.manager_instructions.completed_tasks = []
      }),
      SOURCE
    )
    expect(parsed.manager_instructions).toEqual(realisticRun().manager_instructions)
  })

  it('keeps top-level keys other tools add to the file', () => {
    const text = edited(json => {
      json.shared_resources = { documentation: ['README.md'] }
    })
    const parsed = parseRunState(text, SOURCE)
    expect(parsed.shared_resources).toEqual({ documentation: ['README.md'] })
    expect(serializeRunState(parsed)).toContain('"shared_resources": {')
  })
})
