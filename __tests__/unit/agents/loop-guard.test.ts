import { describe, expect, it } from '@jest/globals'
import { createLoopGuard, type LoopGuard, type TurnVerdict } from '../../../src/agents/loop-guard.js'

/** Ends `count` turns that make no call and change no file; returns their verdicts. */
function idleTurns(guard: LoopGuard, count: number): TurnVerdict['action'][] {
  return Array.from({ length: count }, () => guard.endTurn(false).action)
}

/** A turn with one call never made before: progress without a file change. */
function novelTurn(guard: LoopGuard, tag: string): TurnVerdict {
  expect(guard.checkCall('read_file', { path: tag })).toBeUndefined()
  return guard.endTurn(false)
}

describe('createLoopGuard: exact repeats', () => {
  it('lets a call through the first time and refuses the identical call while nothing has changed', () => {
    const guard = createLoopGuard()
    expect(guard.checkCall('run_command', { command: 'npm test' })).toBeUndefined()
    guard.endTurn(false)

    const note = guard.checkCall('run_command', { command: 'npm test' })
    expect(note).toContain('You already made this exact run_command call')
    expect(note).toContain('nothing has changed since')
    // Still refused on later turns: only a file change makes the answer able to differ.
    guard.endTurn(false)
    expect(guard.checkCall('run_command', { command: 'npm test' })).toBeDefined()
  })

  it('treats inputs with the same content as the same call, whatever the key order', () => {
    const guard = createLoopGuard()
    guard.checkCall('edit_file', { path: 'a.ts', edits: [{ old: 'x', new: 'y' }], opts: { b: 1, a: 2 } })
    expect(
      guard.checkCall('edit_file', { opts: { a: 2, b: 1 }, edits: [{ new: 'y', old: 'x' }], path: 'a.ts' })
    ).toBeDefined()
  })

  it('tells apart calls that differ in tool name, in a value, or in array order', () => {
    const guard = createLoopGuard()
    expect(guard.checkCall('read_file', { path: 'a.ts' })).toBeUndefined()
    expect(guard.checkCall('list_files', { path: 'a.ts' })).toBeUndefined()
    expect(guard.checkCall('read_file', { path: 'b.ts' })).toBeUndefined()
    expect(guard.checkCall('read_file', { path: 'a.ts', limit: 10 })).toBeUndefined()
    expect(guard.checkCall('search', { terms: ['a', 'b'] })).toBeUndefined()
    expect(guard.checkCall('search', { terms: ['b', 'a'] })).toBeUndefined()
    // A string that looks like a number is not the number.
    expect(guard.checkCall('read_file', { path: 'a.ts', limit: '10' })).toBeUndefined()
  })

  it('refuses the same call twice within one turn', () => {
    const guard = createLoopGuard()
    expect(guard.checkCall('read_file', { path: 'a.ts' })).toBeUndefined()
    expect(guard.checkCall('read_file', { path: 'a.ts' })).toBeDefined()
  })

  it('allows every earlier call again after a turn that changed a file', () => {
    const guard = createLoopGuard()
    guard.checkCall('run_command', { command: 'npm test' })
    guard.checkCall('read_file', { path: 'a.ts' })
    guard.endTurn(true)
    expect(guard.checkCall('run_command', { command: 'npm test' })).toBeUndefined()
    expect(guard.checkCall('read_file', { path: 'a.ts' })).toBeUndefined()
  })

  it('allows earlier calls again right after noteFileChange, within the same turn', () => {
    const guard = createLoopGuard()
    guard.checkCall('read_file', { path: 'a.ts' })
    guard.endTurn(false)
    guard.checkCall('edit_file', { path: 'a.ts', old_string: 'x', new_string: 'y' })
    guard.noteFileChange()
    expect(guard.checkCall('read_file', { path: 'a.ts' })).toBeUndefined()
  })
})

describe('createLoopGuard: stalls', () => {
  it('lets turns that change a file or make a new call go on without counting a stall', () => {
    const guard = createLoopGuard({ nudgeAt: 1, stopAt: 2 })
    for (let i = 0; i < 10; i++) expect(novelTurn(guard, `file-${i}.ts`)).toEqual({ action: 'continue' })
    for (let i = 0; i < 10; i++) {
      // The same write each turn still counts: the file changed.
      guard.checkCall('write_file', { path: 'a.ts', content: 'x' })
      expect(guard.endTurn(true)).toEqual({ action: 'continue' })
    }
  })

  it('nudges once at nudgeAt and stops at stopAt with the reason (defaults 3 and 6)', () => {
    const guard = createLoopGuard()
    expect(idleTurns(guard, 2)).toEqual(['continue', 'continue'])
    const nudge = guard.endTurn(false)
    expect(nudge.action).toBe('nudge')
    expect(nudge).toMatchObject({ message: expect.stringContaining('You are not making progress') })
    expect(idleTurns(guard, 2)).toEqual(['continue', 'continue'])
    expect(guard.endTurn(false)).toEqual({
      action: 'stop',
      reason: 'no progress in 6 turns (no file changed and no new tool call)'
    })
  })

  it('honours custom thresholds', () => {
    const guard = createLoopGuard({ nudgeAt: 1, stopAt: 2 })
    expect(idleTurns(guard, 2)).toEqual(['nudge', 'stop'])
  })

  it('counts a turn with a refused repeat as a stall, even when it also made a new call', () => {
    const guard = createLoopGuard({ nudgeAt: 10, stopAt: 2 })
    guard.checkCall('run_command', { command: 'npm test' })
    guard.endTurn(false)
    for (let i = 0; i < 2; i++) {
      expect(guard.checkCall('run_command', { command: 'npm test' })).toBeDefined()
      expect(guard.checkCall('read_file', { path: `new-${i}.ts` })).toBeUndefined()
      const verdict = guard.endTurn(false)
      expect(verdict.action).toBe(i === 0 ? 'continue' : 'stop')
    }
  })

  it('tolerates a detour: a progress turn pays back two stalled turns', () => {
    const guard = createLoopGuard()
    // Twice as many stalled turns as the stop threshold, but never three in a row without progress.
    for (let round = 0; round < 6; round++) {
      expect(idleTurns(guard, 2)).toEqual(['continue', 'continue'])
      expect(guard.endTurn(true)).toEqual({ action: 'continue' })
    }
  })

  it('pays back only two per progress turn, so a loop with rare progress still stops', () => {
    const guard = createLoopGuard()
    // +3 (nudge at 3), -2 → 1, +3 → 4, -2 → 2, +3 → 5, -2 → 3, +3 → 6: stop.
    expect(idleTurns(guard, 3)).toEqual(['continue', 'continue', 'nudge'])
    expect(novelTurn(guard, 'a').action).toBe('continue')
    // Not nudged again while the counter has not come back to zero.
    expect(idleTurns(guard, 3)).toEqual(['continue', 'continue', 'continue'])
    expect(novelTurn(guard, 'b').action).toBe('continue')
    expect(idleTurns(guard, 3)).toEqual(['continue', 'continue', 'continue'])
    expect(novelTurn(guard, 'c').action).toBe('continue')
    expect(idleTurns(guard, 2)).toEqual(['continue', 'continue'])
    expect(guard.endTurn(false)).toEqual({
      action: 'stop',
      reason: 'no progress in 6 turns (no file changed and no new tool call)'
    })
  })

  it('can nudge again once the agent has recovered fully and then stalls anew', () => {
    const guard = createLoopGuard()
    expect(idleTurns(guard, 3)).toEqual(['continue', 'continue', 'nudge'])
    guard.endTurn(true) // 1
    guard.endTurn(true) // 0: recovered
    expect(idleTurns(guard, 3)).toEqual(['continue', 'continue', 'nudge'])
  })
})
