import { describe, expect, it } from '@jest/globals'
import { buildsAfterPlanning } from '../../../src/orchestrator/early-checkout.js'
import type { CommandSandbox } from '../../../src/sandbox/sandbox.js'

const sandbox = { kind: 'bubblewrap' } as unknown as CommandSandbox
const fresh = { resuming: false }
const building = { mode: 'all' as const, approval: 'none' as const }

/** Only a run that builds on this runner right after its plan makes its checkout while the manager plans. */
describe('buildsAfterPlanning', () => {
  it('is true for a fresh run that builds here once planned', () => {
    expect(buildsAfterPlanning(fresh, building, sandbox)).toBe(true)
    expect(buildsAfterPlanning(fresh, { mode: 'all' }, sandbox)).toBe(true)
    expect(buildsAfterPlanning(fresh, { ...building, scaleOut: scaleOut(1) }, sandbox)).toBe(true)
  })

  it('is false when no plan is made now, none is built now, or the tasks go to other runners', () => {
    expect(buildsAfterPlanning({ resuming: true }, building, sandbox)).toBe(false)
    expect(buildsAfterPlanning(fresh, { ...building, mode: 'plan' }, sandbox)).toBe(false)
    expect(buildsAfterPlanning(fresh, { ...building, approval: 'plan' }, sandbox)).toBe(false)
    expect(buildsAfterPlanning(fresh, { ...building, scaleOut: scaleOut(4) }, sandbox)).toBe(false)
    expect(buildsAfterPlanning(fresh, building, undefined)).toBe(false)
  })
})

function scaleOut(runners: number) {
  return { runners } as unknown as NonNullable<Parameters<typeof buildsAfterPlanning>[1]['scaleOut']>
}
