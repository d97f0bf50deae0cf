import { describe, expect, it } from '@jest/globals'
import { parseRunState, serializeRunState } from '../../../src/state/load-state.js'
import { assembleRunState, isSplit, runFilesOf, RUN_FILE } from '../../../src/state/state-files.js'
import { at, planned, play, realisticRun, SHA1, started, taskRun } from './fixtures.js'

const SOURCE = 'agent-team/state:runs/12-add-dark-mode/team-communication.json'

function running() {
  return play([
    started,
    planned,
    ...taskRun('T1', 2, SHA1),
    { type: 'task_started', at: at(7), taskId: 'T2', branch: 'b', attempt: 1 }
  ])
}

function split(files: Map<string, string>) {
  const tasks = [...files]
    .filter(([path]) => path.startsWith('tasks/'))
    .map(([path, text]) => ({ name: path.slice('tasks/'.length), text }))
  return { run: files.get(RUN_FILE) as string, tasks }
}

describe('the files of a run state', () => {
  it('is one whole file, byte for byte the serialized state, while the run is at rest', () => {
    const state = realisticRun()
    expect([...runFilesOf(state)]).toEqual([[RUN_FILE, serializeRunState(state)]])
    expect(isSplit(serializeRunState(state))).toBe(false)
  })

  it('splits a running run into a file per task and the rest, and puts them back together', () => {
    const state = running()
    const files = runFilesOf(state)
    expect([...files.keys()].sort()).toEqual(['tasks/T1.json', 'tasks/T2.json', 'tasks/T3.json', RUN_FILE])
    const { run, tasks } = split(files)
    expect(isSplit(run)).toBe(true)
    expect(JSON.parse(run)).toMatchObject({ tasks: [], task_files: 'tasks/<id>.json' })
    // Any order of the files gives the plan's order back.
    expect(assembleRunState(run, [...tasks].reverse(), SOURCE)).toEqual(
      parseRunState(serializeRunState(state), SOURCE)
    )
  })

  it('names a broken task file and how to start over', () => {
    const { run, tasks } = split(runFilesOf(running()))
    const broken = tasks.map(file =>
      file.name === 'T2.json' ? { ...file, text: '{ "position": 1, ' } : file
    )
    expect(() => assembleRunState(run, broken, SOURCE)).toThrow(
      /runs\/12-add-dark-mode\/tasks\/T2\.json:1:\d+: not valid JSON[\s\S]*start the run over/
    )
    const renamed = tasks.map(file => (file.name === 'T2.json' ? { ...file, name: 'T9.json' } : file))
    expect(() => assembleRunState(run, renamed, SOURCE)).toThrow(/T9\.json holds task "T2"/)
  })

  it('refuses a split state that lost a task another part names', () => {
    const { run, tasks } = split(runFilesOf(running()))
    expect(() => assembleRunState(run, tasks.slice(1), SOURCE)).toThrow(/"T1" is not the id of a task/)
  })
})
