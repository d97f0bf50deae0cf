import { describe, expect, it } from '@jest/globals'
import { renderPlanComment } from '../../../src/report/plan-comment.js'
import { renderProgressComment } from '../../../src/report/progress-comment.js'
import { renderPlanHistory } from '../../../src/report/run-sections.js'
import { smallView, task } from './run-view-fixtures.js'

const detail = { titleMax: 80, noteMax: 200, textMax: 200, graph: true }

describe('renderPlanHistory', () => {
  it('shows nothing for a first plan in the first round', () => {
    expect(renderPlanHistory(smallView(), detail as never, false)).toBe('')
  })

  it('shows the round and what asked for it, and each revision with its reason and changes', () => {
    const view = smallView({
      round: 2,
      roundCause: "@reviewer's review",
      planVersion: 3,
      revisions: [
        {
          version: 2,
          reason: 'T2 failed: the build broke',
          changes: ['dropped T2: too big', 'added T2a (frontend): Toggle']
        },
        {
          version: 3,
          reason: "round 2: @reviewer's review — rename",
          changes: ['added R2-1 (backend): Rename']
        }
      ]
    })
    const open = renderPlanHistory(view, detail as never, false)
    expect(open).toBe(
      [
        "🔁 **Round 2** — follow-up on @\u200breviewer's review",
        '',
        '### Plan v3 (2 revisions)',
        '',
        '- **Plan v2** — T2 failed: the build broke',
        '  - dropped T2: too big',
        '  - added T2a (frontend): Toggle',
        "- **Plan v3** — round 2: @\u200breviewer's review — rename",
        '  - added R2-1 (backend): Rename'
      ].join('\n')
    )
    expect(renderPlanHistory(view, detail as never, true)).toContain(
      '<details>\n<summary>Plan v3 (2 revisions)</summary>'
    )
    expect(renderProgressComment(view)).toContain('Round 2')
    expect(renderPlanComment(view)).toContain('### Plan v3 (2 revisions)')
  })

  it('shows a dropped task with its mark and reason', () => {
    const view = smallView({ tasks: [task('T2', { state: 'dropped', note: 'replaced by T2a' })] })
    const comment = renderProgressComment(view)
    expect(comment).toContain('➖')
    expect(comment).toContain('replaced by T2a')
  })

  it('asks for approval with the three commands while the plan waits', () => {
    const comment = renderPlanComment(smallView({ status: 'awaiting_approval' }))
    expect(comment).toContain('🗳️ **Waiting for approval**')
    expect(comment).toContain('`/agents approve`')
    expect(comment).toContain('`/agents revise <what to change>`')
    expect(comment).toContain('`/agents stop`')
  })
})
