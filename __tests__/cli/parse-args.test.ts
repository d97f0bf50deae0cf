import { describe, expect, it } from '@jest/globals'
import { parseArgs, UsageError } from '../../src/cli/parse-args.js'

describe('command line', () => {
  it('reads a run with every option, before or after the feature, spaced or with =', () => {
    expect(
      parseArgs([
        'run',
        '--repo',
        '../widgets',
        'Add a greeting banner',
        '--config=team.yml',
        '--max-parallel',
        '3',
        '--model',
        'claude-opus-4-5',
        '--push',
        '--allow-dirty',
        '--record',
        'run.json',
        '--sandbox',
        'bubblewrap'
      ])
    ).toEqual({
      command: 'run',
      feature: 'Add a greeting banner',
      repo: '../widgets',
      config: 'team.yml',
      maxParallel: 3,
      model: 'claude-opus-4-5',
      push: true,
      allowDirty: true,
      record: 'run.json',
      sandbox: 'bubblewrap'
    })
  })

  it('joins feature words typed without quotes, and takes everything after -- as feature text', () => {
    expect(parseArgs(['plan', 'Add', 'a', 'banner'])).toMatchObject({
      command: 'plan',
      feature: 'Add a banner'
    })
    expect(parseArgs(['plan', '--', '--push', 'is', 'a', 'word'])).toMatchObject({
      feature: '--push is a word',
      push: false
    })
  })

  it('shows help for --help anywhere, for help, and for no arguments', () => {
    for (const argv of [['--help'], ['run', 'x', '-h'], ['help'], []])
      expect(parseArgs(argv)).toEqual({ command: 'help' })
  })

  it('takes --max-parallel from 1 to 16, the range of the action input and the configuration', () => {
    expect(parseArgs(['run', 'x', '--max-parallel', '1'])).toMatchObject({ maxParallel: 1 })
    expect(parseArgs(['run', 'x', '--max-parallel=16'])).toMatchObject({ maxParallel: 16 })
  })

  it('reads status with its repository', () => {
    expect(parseArgs(['status', '--repo', 'x'])).toEqual({ command: 'status', repo: 'x' })
  })

  it.each([
    [['deploy'], /^Unknown command "deploy"\. Commands: run, plan, status \(see agent-team --help\)\.$/],
    [['rum', 'x'], /^Unknown command "rum"; did you mean "run"\? Commands: run, plan, status/],
    [['run', 'x', '--frobnicate'], /Unknown option --frobnicate for "run"/],
    [['run', 'x', '--max-paralel', '2'], /did you mean "--max-parallel"\?/],
    [
      ['plan', 'x', '--push'],
      /Unknown option --push for "plan"\. Options: --repo, --config, --model, --record\./
    ],
    [['run', 'x', '-p'], /Unknown option -p/],
    [['run'], /Give the feature to build, in quotes: agent-team run "/],
    [['run', '   '], /Give the feature to build/],
    [['run', 'x', '--repo'], /--repo needs a value, e.g. --repo \.\.\/my-repo\./],
    [['run', 'x', '--repo', '--push'], /--repo needs a value/],
    [['run', 'x', '--push=yes'], /--push takes no value/],
    [['run', 'x', '--push', '--push'], /--push is given twice/],
    [['run', 'x', '--max-parallel', '0'], /^--max-parallel must be a whole number from 1 to 16, got "0"\.$/],
    [
      ['run', 'x', '--max-parallel', '17'],
      /^--max-parallel must be a whole number from 1 to 16, got "17"\.$/
    ],
    [['run', 'x', '--max-parallel', 'two'], /got "two"/],
    [['run', 'x', '--max-parallel', '2.5'], /got "2\.5"/],
    [['run', 'x', '--model', 'scripted:a.json', '--record', 'b.json'], /--record needs a real model/],
    [['run', 'x', '--model', 'gemini:pro'], /^--model is "gemini:pro": expected a model name, or a provider/],
    [['status', 'extra'], /"status" takes no text/],
    [['run', 'x', '--sandbox', 'docker'], /--sandbox must be one of auto, bubblewrap, none, not "docker"/]
  ])('refuses %j with a message that says what to type', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError)
    expect(() => parseArgs(argv)).toThrow(message)
  })
})
