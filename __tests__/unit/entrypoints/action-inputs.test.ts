import { describe, expect, it } from '@jest/globals'
import { parseAuthor, readActionInputs } from '../../../src/entrypoints/action-inputs.js'

describe('commit_author input', () => {
  it('reads "Name <email>"', () => {
    expect(parseAuthor(' Ada Lovelace <ada@example.com> ')).toEqual({
      name: 'Ada Lovelace',
      email: 'ada@example.com'
    })
  })
  it('means the default identity when empty', () => {
    expect(parseAuthor('')).toBeUndefined()
  })
  it('refuses anything else with the expected form', () => {
    expect(() => parseAuthor('ada@example.com')).toThrow(
      'Input commit_author must look like "Name <email@example.com>"'
    )
    expect(() => parseAuthor('Ada <not an email>')).toThrow('commit_author')
  })
})

describe('approval input', () => {
  // @actions/core reads inputs from INPUT_<NAME>, as the runner sets them.
  const withApproval = <T>(value: string | undefined, read: () => T): T => {
    const before = process.env.INPUT_APPROVAL
    if (value === undefined) delete process.env.INPUT_APPROVAL
    else process.env.INPUT_APPROVAL = value
    try {
      return read()
    } finally {
      if (before === undefined) delete process.env.INPUT_APPROVAL
      else process.env.INPUT_APPROVAL = before
    }
  }

  it('is none unless given, and plan when asked for', () => {
    expect(withApproval(undefined, () => readActionInputs().approval)).toBe('none')
    expect(withApproval('plan', () => readActionInputs().approval)).toBe('plan')
  })

  it('refuses any other value, naming the accepted ones', () => {
    expect(() => withApproval('always', () => readActionInputs())).toThrow(
      'Input approval must be one of none, plan, got "always".'
    )
  })
})
