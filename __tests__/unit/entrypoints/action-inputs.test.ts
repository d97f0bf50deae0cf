import { describe, expect, it } from '@jest/globals'
import { parseAuthor } from '../../../src/entrypoints/action-inputs.js'

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
