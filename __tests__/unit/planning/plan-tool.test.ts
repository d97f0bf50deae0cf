import { describe, expect, it } from '@jest/globals'
import { parsePlanInput, planTool } from '../../../src/planning/plan-tool.js'
import { DEFAULT_MAX_TASKS } from '../../../src/planning/task-graph.js'
import { plan, task } from './fixtures.js'

type Schema = {
  required: string[]
  properties: {
    tasks: {
      maxItems: number
      items: { required: string[]; properties: Record<string, Record<string, unknown>> }
    }
  }
}

describe('planTool', () => {
  const tool = planTool(['backend-dev', 'qa'])
  const schema = tool.input_schema as unknown as Schema
  const taskSchema = schema.properties.tasks.items

  it('is called submit_plan and asks for a summary, decisions and tasks', () => {
    expect(tool.name).toBe('submit_plan')
    expect(schema.required).toEqual(['summary', 'decisions', 'tasks'])
  })

  it('offers exactly the team roles', () => {
    expect(taskSchema.properties.role!.enum).toEqual(['backend-dev', 'qa'])
  })

  it('requires every task field but files, and states the id pattern and the task cap', () => {
    expect(taskSchema.required).toEqual([
      'id',
      'title',
      'role',
      'description',
      'deliverables',
      'dependencies',
      'acceptance_criteria'
    ])
    expect(taskSchema.properties.files).toBeDefined()
    expect(taskSchema.properties.id!.pattern).toBe('^[A-Za-z][A-Za-z0-9_-]{0,31}$')
    expect(schema.properties.tasks.maxItems).toBe(DEFAULT_MAX_TASKS)
  })

  it('caps the tasks at the configured limit', () => {
    const capped = planTool(['backend-dev'], 200).input_schema as unknown as Schema
    expect(capped.properties.tasks.maxItems).toBe(200)
  })
})

describe('parsePlanInput', () => {
  it('reads a well-formed plan as it is', () => {
    const input = plan(
      [task('T1', [], { files: ['src/api.ts'] }), task('T2', ['T1'])],
      ['Routes live under /api']
    )
    expect(parsePlanInput(structuredClone(input))).toEqual({ plan: input, problems: [] })
  })

  it('treats missing decisions and dependencies as none, and drops unknown keys', () => {
    const { dependencies: _omit, ...bare } = task('T1')
    const result = parsePlanInput({ summary: 'S', tasks: [{ ...bare, estimate: '2h' }], confidence: 'high' })
    expect(result.problems).toEqual([])
    expect(result.plan).toEqual({ summary: 'S', decisions: [], tasks: [task('T1')] })
  })

  it('reads a list the model sent as JSON text', () => {
    const result = parsePlanInput(
      plan([task('T1'), { ...task('T2'), dependencies: '["T1"]' as unknown as string[] }])
    )
    expect(result.plan?.tasks[1]!.dependencies).toEqual(['T1'])
  })

  it('refuses an input that is not an object', () => {
    expect(parsePlanInput('a plan').problems).toEqual([
      'The submit_plan input must be an object with summary, decisions and tasks; got a text.'
    ])
    expect(parsePlanInput([]).problems).toEqual([
      'The submit_plan input must be an object with summary, decisions and tasks; got a list.'
    ])
  })

  it('names missing top-level fields', () => {
    expect(parsePlanInput({})).toEqual({
      problems: [
        'summary is missing; it must be a text.',
        'tasks is missing; it must be a list of task objects.'
      ]
    })
  })

  it('reports each shape error with its JSON path', () => {
    const tasks = [
      task('T1'),
      'T2: build the page',
      { ...task('T3'), title: 7, dependencies: 'T1', deliverables: ['code', 3], files: null },
      { ...task('T4'), role: undefined, acceptance_criteria: { all: 'pass' } }
    ]
    const result = parsePlanInput({ summary: 'S', decisions: 'none', tasks })
    expect(result.plan).toBeUndefined()
    expect(result.problems).toEqual([
      'decisions must be a list of texts; got a text.',
      'tasks[1] must be an object with id, title, role, description, deliverables, dependencies and acceptance_criteria; got a text.',
      'tasks[2].title must be a text; got a number.',
      'tasks[2].deliverables must be a list of texts; got a list containing a number.',
      'tasks[2].dependencies must be a list of task ids; got a text.',
      'tasks[2].files must be a list of file paths; got null.',
      'tasks[3].role is missing; it must be a text.',
      'tasks[3].acceptance_criteria must be a list of texts; got an object.'
    ])
  })

  it('leaves content rules to checkPlan', () => {
    const result = parsePlanInput(plan([task('bad id', ['bad id'], { role: 'nobody', deliverables: [] })]))
    expect(result.problems).toEqual([])
    expect(result.plan?.tasks[0]!.id).toBe('bad id')
  })
})
