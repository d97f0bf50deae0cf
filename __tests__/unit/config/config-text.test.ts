import { describe, expect, it } from '@jest/globals'
import { findJsonSyntaxError } from '../../../src/util/json-syntax.js'
import { closest } from '../../../src/config/suggest.js'

describe('closest', () => {
  const keys = ['max_parallel', 'max_turns', 'token_budget', 'cost_limit_usd', 'command_timeout_seconds']

  it('finds a misspelt or differently styled key', () => {
    expect(closest('max_paralel', keys)).toBe('max_parallel')
    expect(closest('maxTurns', keys)).toBe('max_turns')
    expect(closest('COST-LIMIT-USD', keys)).toBe('cost_limit_usd')
    expect(closest('qa-tester', ['manager', 'backend', 'qa'])).toBe('qa')
  })

  it('suggests nothing for a word that is not close to any', () => {
    expect(closest('favourite_colour', keys)).toBeUndefined()
    expect(closest('', keys)).toBeUndefined()
  })
})

describe('findJsonSyntaxError', () => {
  it('accepts what JSON.parse accepts', () => {
    for (const text of ['{}', ' [1, -2.5e3, "a\\u00e9\\n", true, false, null] ', '{"a": {"b": []}}']) {
      expect(() => JSON.parse(text)).not.toThrow()
      expect(findJsonSyntaxError(text)).toBeUndefined()
    }
  })

  it('finds the first error and its offset', () => {
    expect(findJsonSyntaxError('{"a": 1,}')).toEqual({
      offset: 7,
      message: 'a trailing comma before "}" is not allowed in JSON'
    })
    expect(findJsonSyntaxError("{'a': 1}")).toEqual({
      offset: 1,
      message: 'expected a property name in double quotes, found "\'"'
    })
    expect(findJsonSyntaxError('{"a": 1 "b": 2}')).toEqual({
      offset: 8,
      message: 'expected "," or "}", found "\\""'
    })
    expect(findJsonSyntaxError('{"a": tru}')).toEqual({ offset: 6, message: 'expected a value, found "t"' })
    expect(findJsonSyntaxError('{"a": "x')).toEqual({ offset: 6, message: 'a string that is never closed' })
    expect(findJsonSyntaxError('{"a": 01}')).toEqual({ offset: 7, message: 'expected "," or "}", found "1"' })
    expect(findJsonSyntaxError('{} {}')).toEqual({
      offset: 3,
      message: 'unexpected "{" after the end of the JSON value'
    })
    expect(findJsonSyntaxError('')).toEqual({
      offset: 0,
      message: 'expected a value, found the end of the file'
    })
  })
})
