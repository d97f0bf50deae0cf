import { describe, expect, it } from '@jest/globals'
import { mergeTrailers, runTrailers, taskTrailers, trailerLines } from '../../../src/workspace/trailers.js'

describe('commit trailers', () => {
  const task = { id: 'T1', role: 'backend' }

  it('names the run, the task and the role with the keys git log is asked about', () => {
    expect(trailerLines(runTrailers('issue-12'))).toEqual(['Agent-Team-Run: issue-12'])
    expect(trailerLines(taskTrailers(task))).toEqual(['Agent-Role: backend', 'Agent-Task: T1'])
    expect(trailerLines(mergeTrailers(task))).toEqual(['Agent-Task: T1', 'Agent-Role: backend'])
  })

  it('refuses a value that would end the trailer and start another', () => {
    expect(() => trailerLines(taskTrailers({ id: 'T1\nSigned-off-by: someone', role: 'qa' }))).toThrow(
      'must be a word and a one-line value'
    )
  })
})
