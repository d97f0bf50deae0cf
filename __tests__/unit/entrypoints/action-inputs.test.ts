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

describe('max_parallel input', () => {
  const withMaxParallel = <T>(value: string, read: () => T): T => {
    const before = process.env.INPUT_MAX_PARALLEL
    process.env.INPUT_MAX_PARALLEL = value
    try {
      return read()
    } finally {
      if (before === undefined) delete process.env.INPUT_MAX_PARALLEL
      else process.env.INPUT_MAX_PARALLEL = before
    }
  }

  it('is left to the configuration when empty, and taken from 1 to 16', () => {
    expect(withMaxParallel('', () => readActionInputs().overrides.maxParallel)).toBeUndefined()
    expect(withMaxParallel('1', () => readActionInputs().overrides.maxParallel)).toBe(1)
    expect(withMaxParallel('16', () => readActionInputs().overrides.maxParallel)).toBe(16)
  })

  it.each(['0', '17', '2.5', 'three'])('refuses %s with the range', value => {
    expect(() => withMaxParallel(value, () => readActionInputs())).toThrow(
      `Input max_parallel must be a whole number from 1 to 16, got "${value}".`
    )
  })
})

describe('scale-out inputs', () => {
  /** Reads the inputs with `given` set as the runner sets them (INPUT_<NAME>), and nothing else changed. */
  const withInputs = <T>(given: Record<string, string>, read: () => T): T => {
    const names = Object.keys(given).map(name => `INPUT_${name.toUpperCase()}`)
    const before = names.map(name => process.env[name])
    for (const [name, value] of Object.entries(given)) process.env[`INPUT_${name.toUpperCase()}`] = value
    try {
      return read()
    } finally {
      names.forEach((name, index) => {
        if (before[index] === undefined) delete process.env[name]
        else process.env[name] = before[index]
      })
    }
  }

  it('keeps the whole run in one job unless runners says more, and reads a task job', () => {
    expect(withInputs({}, () => readActionInputs()).runners).toBe(1)
    const task = withInputs({ mode: 'task', task: 'T3', run_key: 'issue-12', runners: '4' }, () =>
      readActionInputs()
    )
    expect(task).toMatchObject({ mode: 'task', task: 'T3', runKey: 'issue-12', runners: 4 })
    expect(task.heartbeatTimeoutMinutes).toBe(20)
  })

  it('refuses a task job that does not say which task of which run, naming the dispatch inputs', () => {
    expect(() => withInputs({ mode: 'task', task: 'T3' }, () => readActionInputs())).toThrow(
      'mode: task needs the inputs task (e.g. T3) and run_key (e.g. issue-12)'
    )
  })

  it('refuses runners that is not a whole number from 1 to 64', () => {
    for (const runners of ['0', '2.5', '65', 'four'])
      expect(() => withInputs({ runners }, () => readActionInputs())).toThrow(
        `Input runners must be a whole number from 1 to 64, got "${runners}".`
      )
  })

  it('refuses the classic state layout with several runners: the feature branch cannot be shared', () => {
    expect(() => withInputs({ runners: '3', state: 'feature-branch' }, () => readActionInputs())).toThrow(
      'state: feature-branch keeps the state on the feature branch, which several runners cannot share'
    )
  })
})
