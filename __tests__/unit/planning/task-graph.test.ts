import { describe, expect, it } from '@jest/globals'
import { checkPlan, computeWaves, criticalPath, DEFAULT_MAX_TASKS } from '../../../src/planning/task-graph.js'
import { plan, task } from './fixtures.js'

const roles = ['backend-dev', 'frontend-dev', 'qa']

// A → B, A → C, B → D, C → D (D waits for B and C, which both wait for A).
const diamond = [task('A'), task('B', ['A']), task('C', ['A']), task('D', ['B', 'C'])]
const chain = [task('T1'), task('T2', ['T1']), task('T3', ['T2']), task('T4', ['T3'])]
const independent = [task('X'), task('Y'), task('Z')]
// One root, many leaves, and a QA task on top of them all.
const wide = [
  task('ROOT'),
  ...['L1', 'L2', 'L3', 'L4', 'L5'].map(id => task(id, ['ROOT'])),
  task('QA', ['L1', 'L2', 'L3', 'L4', 'L5'], { role: 'qa' })
]

describe('checkPlan', () => {
  it('accepts a sound plan', () => {
    expect(checkPlan(plan(diamond), roles)).toEqual([])
    expect(checkPlan(plan(wide), roles)).toEqual([])
  })

  it('asks for at least one task', () => {
    expect(checkPlan(plan([]), roles)).toEqual(['The plan has no tasks; add at least one task.'])
  })

  it('caps the number of tasks at 50 unless the configuration says otherwise', () => {
    const many = Array.from({ length: DEFAULT_MAX_TASKS + 1 }, (_, index) => task(`T${index + 1}`))
    expect(checkPlan(plan(many), roles)).toEqual([
      `The plan has 51 tasks, more than the limit of 50; merge small tasks into larger ones.`
    ])
    expect(checkPlan(plan(many.slice(0, DEFAULT_MAX_TASKS)), roles)).toEqual([])
  })

  it('takes a plan of 200 tasks under a limit of 200, and refuses one more', () => {
    const many = Array.from({ length: 201 }, (_, index) => task(`T${index + 1}`))
    expect(checkPlan(plan(many.slice(0, 200)), roles, 200)).toEqual([])
    expect(checkPlan(plan(many), roles, 200)).toEqual([
      `The plan has 201 tasks, more than the limit of 200; merge small tasks into larger ones.`
    ])
  })

  it('refuses ids that cannot be part of a git branch name', () => {
    const problems = checkPlan(
      plan([task('T 1'), task('api/1'), task('v1.2'), task('1st'), task('T2')]),
      roles
    )
    const rule =
      'is not a valid task id; use a letter followed by up to 31 letters, digits, "-" or "_" (ids become git branch names).'
    expect(problems).toEqual([
      `tasks[0].id "T 1" ${rule}`,
      `tasks[1].id "api/1" ${rule}`,
      `tasks[2].id "v1.2" ${rule}`,
      `tasks[3].id "1st" ${rule}`
    ])
  })

  it('accepts ids of up to 32 characters with dashes and underscores, and no longer', () => {
    expect(checkPlan(plan([task('API-1'), task('db_migration'), task(`A${'b'.repeat(31)}`)]), roles)).toEqual(
      []
    )
    expect(checkPlan(plan([task(`A${'b'.repeat(32)}`)]), roles)).toHaveLength(1)
  })

  it('names every position of a duplicated id', () => {
    expect(checkPlan(plan([task('T1'), task('T2'), task('T1')]), roles)).toEqual([
      'Task id "T1" is used by 2 tasks (tasks[0], tasks[2]); give each task its own id.'
    ])
  })

  it('lists the allowed roles when a task has an unknown one', () => {
    expect(checkPlan(plan([task('T1', [], { role: 'devops' })]), roles)).toEqual([
      'Task T1 has role "devops", which is not a team role; use one of: backend-dev, frontend-dev, qa.'
    ])
  })

  it('reports dependencies on tasks that do not exist', () => {
    expect(checkPlan(plan([task('T1'), task('T2', ['T1', 'T9'])]), roles)).toEqual([
      'Task T2 depends on "T9", which is not a task in the plan; remove it or add that task.'
    ])
  })

  it('reports a task that depends on itself, and not as a cycle too', () => {
    expect(checkPlan(plan([task('T1', ['T1'])]), roles)).toEqual([
      'Task T1 depends on itself; remove "T1" from its dependencies.'
    ])
  })

  it('names the tasks of a cycle in the order they wait for each other', () => {
    const tasks = [task('T1', ['T3']), task('T2'), task('T3', ['T1'])]
    expect(checkPlan(plan(tasks), roles)).toEqual([
      'Dependencies form a cycle: T1 → T3 → T1 (each task waits for the next); remove one of these dependencies.'
    ])
  })

  it('names a longer cycle once, and each separate cycle', () => {
    const tasks = [
      task('A', ['B']),
      task('B', ['C']),
      task('C', ['A']),
      task('D', ['A']),
      task('E', ['F']),
      task('F', ['E'])
    ]
    expect(checkPlan(plan(tasks), roles)).toEqual([
      'Dependencies form a cycle: A → B → C → A (each task waits for the next); remove one of these dependencies.',
      'Dependencies form a cycle: E → F → E (each task waits for the next); remove one of these dependencies.'
    ])
  })

  it('asks for the required fields to be filled in', () => {
    const empty = task('T1', [], {
      title: ' ',
      description: '',
      deliverables: [],
      acceptance_criteria: ['ok', '']
    })
    expect(checkPlan({ summary: '', decisions: [], tasks: [empty] }, roles)).toEqual([
      'summary is empty; describe in one paragraph how the team will build the feature.',
      'Task T1 has an empty title.',
      'Task T1 has an empty description.',
      'Task T1 has no deliverables; list at least one.',
      'Task T1 has an empty entry in acceptance_criteria.'
    ])
  })

  it('reports every problem of a plan at once', () => {
    const tasks = [task('T1', ['T2'], { role: 'ops' }), task('T2', ['T1']), task('T2')]
    expect(checkPlan(plan(tasks), roles)).toEqual([
      'Task id "T2" is used by 2 tasks (tasks[1], tasks[2]); give each task its own id.',
      'Task T1 has role "ops", which is not a team role; use one of: backend-dev, frontend-dev, qa.',
      'Dependencies form a cycle: T1 → T2 → T1 (each task waits for the next); remove one of these dependencies.'
    ])
  })
})

describe('computeWaves', () => {
  it('layers a diamond into three waves', () => {
    expect(computeWaves(diamond)).toEqual([['A'], ['B', 'C'], ['D']])
  })

  it('gives a chain one task per wave', () => {
    expect(computeWaves(chain)).toEqual([['T1'], ['T2'], ['T3'], ['T4']])
  })

  it('puts independent tasks in one wave, in plan order', () => {
    expect(computeWaves(independent)).toEqual([['X', 'Y', 'Z']])
  })

  it('keeps plan order inside a wide wave whatever the order of dependencies', () => {
    const shuffled = [0, 6, 3, 1, 5, 2, 4].map(index => wide[index]!)
    expect(computeWaves(shuffled)).toEqual([['ROOT'], ['L3', 'L1', 'L5', 'L2', 'L4'], ['QA']])
  })

  it('places a task after its deepest dependency', () => {
    // C waits for A directly and, through B, for A again: wave 2, not 1.
    expect(computeWaves([task('C', ['A', 'B']), task('B', ['A']), task('A')])).toEqual([['A'], ['B'], ['C']])
  })

  it('leaves out tasks on a cycle and those waiting on it', () => {
    expect(computeWaves([task('A'), task('B', ['C']), task('C', ['B']), task('D', ['B'])])).toEqual([['A']])
  })

  it('returns no waves for no tasks', () => {
    expect(computeWaves([])).toEqual([])
  })
})

describe('criticalPath', () => {
  it('follows the longest chain, counting tasks', () => {
    expect(criticalPath(chain)).toEqual(['T1', 'T2', 'T3', 'T4'])
  })

  it('takes the earlier branch of a diamond when both are as long', () => {
    expect(criticalPath(diamond)).toEqual(['A', 'B', 'D'])
  })

  it('prefers the longer branch even when it comes later in the plan', () => {
    const tasks = [task('A'), task('B', ['A']), task('C', ['A']), task('C2', ['C']), task('D', ['B', 'C2'])]
    expect(criticalPath(tasks)).toEqual(['A', 'C', 'C2', 'D'])
  })

  it('is the first task when none depends on another', () => {
    expect(criticalPath(independent)).toEqual(['X'])
  })

  it('runs through the wide fan to the QA task', () => {
    expect(criticalPath(wide)).toEqual(['ROOT', 'L1', 'QA'])
  })

  it('is empty for no tasks', () => {
    expect(criticalPath([])).toEqual([])
  })
})
