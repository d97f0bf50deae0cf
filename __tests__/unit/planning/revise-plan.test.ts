import { describe, expect, it } from '@jest/globals'
import { revisePlan, type RevisePlanOptions, type TaskSnapshot } from '../../../src/planning/revise-plan.js'
import { PlanError } from '../../../src/planning/plan-error.js'
import { fakeModel, toolUseReply } from '../../harness/fake-model.js'
import { task, webTeam } from './fixtures.js'

const snapshot = (
  id: string,
  state: TaskSnapshot['state'],
  merged: boolean,
  deps: string[] = []
): TaskSnapshot => ({
  ...task(id, deps),
  state,
  merged
})

const current = {
  summary: 'API, then UI, then QA.',
  decisions: ['JSON everywhere'],
  tasks: [
    snapshot('API', 'done', true),
    snapshot('UI', 'failed', false, ['API']),
    snapshot('QA', 'queued', false, ['UI'])
  ]
}

function options(replies: Parameters<typeof fakeModel>[0], extra: Partial<RevisePlanOptions> = {}) {
  const model = fakeModel(replies)
  const base: RevisePlanOptions = {
    model,
    team: webTeam,
    managerPrompt: 'You manage the team.',
    feature: { title: 'Todo list', body: 'A page of todos.' },
    current,
    reason: { kind: 'failure', taskId: 'UI', detail: 'the React build needs a newer Node' }
  }
  return { model, options: { ...base, ...extra } }
}

const revise = (input: Record<string, unknown>) => toolUseReply('revise_plan', input)

describe('revisePlan', () => {
  it('turns a revision into the whole new plan: merged tasks first and unchanged, the rest as revised', async () => {
    const { model, options: opts } = options([
      revise({
        change: 'UI split in two; the failed one is dropped.',
        summary: 'API, two smaller UI tasks, QA.',
        tasks: [
          task('UI-1', ['API'], { role: 'frontend-dev' }),
          task('UI-2', ['UI-1'], { role: 'frontend-dev' }),
          task('QA', ['UI-2'], { role: 'qa' })
        ],
        dropped: [{ id: 'UI', reason: 'too big for one session' }]
      })
    ])
    const revised = await revisePlan(opts)
    expect(revised.plan.tasks.map(t => t.id)).toEqual(['API', 'UI-1', 'UI-2', 'QA'])
    expect(revised.dropped).toEqual([{ id: 'UI', reason: 'too big for one session' }])
    expect(revised.change).toMatch(/split/)
    const sent = JSON.stringify(model.requests[0]?.messages)
    expect(sent).toContain('UI (backend-dev, failed)')
    expect(sent).toContain('the React build needs a newer Node')
    expect(model.requests[0]?.toolChoice).toEqual({ type: 'tool', name: 'revise_plan' })
  })

  it('sends back a revision that touches merged work or forgets a task, and takes the repaired one', async () => {
    const { model, options: opts } = options([
      revise({ change: 'redo', summary: 's', tasks: [task('API'), task('UI', ['API'])] }),
      revise({ change: 'redo UI', summary: 's', tasks: [task('UI', ['API']), task('QA', ['UI'])] })
    ])
    const revised = await revisePlan(opts)
    expect(revised.plan.tasks.map(t => t.id)).toEqual(['API', 'UI', 'QA'])
    const repair = JSON.stringify(model.requests[1]?.messages.at(-1))
    expect(repair).toContain('API is merged; leave it out of tasks')
    expect(repair).toContain('QA (queued) is neither in tasks nor in dropped')
    expect(repair).toContain('call revise_plan again')
  })

  it('needs an answer for every review comment, by tasks of the revision or with a reason', async () => {
    const review = {
      kind: 'review' as const,
      by: 'reviewer',
      text: 'Two nits.',
      comments: [
        { id: 7, author: 'reviewer', path: 'src/a.ts', line: 3, diffHunk: '@@ -1 +1 @@', body: 'Rename x.' },
        { id: 8, author: 'reviewer', path: 'src/b.ts', startLine: 1, line: 2, diffHunk: '@@', body: 'Why?' }
      ]
    }
    const done = {
      ...current,
      tasks: current.tasks.map(t => ({ ...t, state: 'done' as const, merged: true }))
    }
    const { model, options: opts } = options(
      [
        revise({ change: 'c', summary: 's', tasks: [task('R2-1')], comments: [{ id: 7, tasks: ['R9'] }] }),
        revise({
          change: 'Rename x.',
          summary: 's',
          tasks: [task('R2-1')],
          comments: [
            { id: 7, tasks: ['R2-1'] },
            { id: 8, reason: 'It is explained in the README.' }
          ]
        })
      ],
      { reason: review, current: done }
    )
    const revised = await revisePlan(opts)
    expect(revised.comments).toEqual([
      { id: 7, tasks: ['R2-1'] },
      { id: 8, reason: 'It is explained in the README.' }
    ])
    const first = JSON.stringify(model.requests[0]?.messages)
    expect(first).toContain('file=\\"src/b.ts\\" at=\\"lines 1-2\\"')
    const repair = JSON.stringify(model.requests[1]?.messages.at(-1))
    expect(repair).toContain('comment 7 names R9, which is not a task of this revision')
    expect(repair).toContain('comments has no entry for comment 8')
  })

  it('gives up with a PlanError after the repairs, carrying the usage', async () => {
    const bad = revise({ change: '', summary: 's', tasks: [] })
    const { options: opts } = options([bad, bad], { maxRepairs: 1 })
    await expect(revisePlan(opts)).rejects.toBeInstanceOf(PlanError)
  })
})
