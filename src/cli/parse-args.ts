import { parseArgs as parseArgsOfNode } from 'node:util'
import { OVERRIDE_NAMES, readOverrides } from '../config/overrides.js'
import { didYouMean } from '../config/suggest.js'
import { SANDBOX_MODES, type SandboxMode } from '../sandbox/sandbox.js'
import { AgentTeamError, errorMessage } from '../util/errors.js'

/** `agent-team run` (plan and build) or `agent-team plan` (stop after the plan). */
export interface RunCommand {
  command: 'run' | 'plan'
  feature: string
  repo?: string
  config?: string
  maxParallel?: number
  /** A model id for every role, or `scripted:FILE` to replay a transcript. */
  model?: string
  push: boolean
  allowDirty: boolean
  record?: string
  /** Where agents' commands run: `auto` (bubblewrap when it works here, else unsandboxed with a warning). */
  sandbox: SandboxMode
}

/** `agent-team status`: the runs committed to the state branch. */
export interface StatusCommand {
  command: 'status'
  repo?: string
}

export type CliCommand = RunCommand | StatusCommand | { command: 'help' }

/** A command line that cannot be run as typed; the CLI prints the message and exits with 2. */
export class UsageError extends AgentTeamError {}

/** What `--help` prints. */
export const USAGE = `agent-team: a team of LLM agents turns a feature request into a branch, on your machine.

Usage:
  agent-team run "<feature>" [options]    plan the feature, build it on branches, merge them
  agent-team plan "<feature>" [options]   print the plan and its task graph, build nothing
  agent-team status [--repo DIR]          list the runs committed to the agent-team/state branch

Options:
  --repo DIR          the repository to work in (default: the current directory)
  --config FILE       the team configuration (default: .ai-agents/config.yml, if present)
  --max-parallel N    tasks worked on at once, 1 to 16 (run only; default: from the configuration)
  --model ID          the model id for every role, or scripted:FILE to replay a recorded transcript
  --record FILE       write every model exchange to FILE (secrets redacted), for --model scripted:FILE
  --push              push the feature and task branches to the remote (run only; default: local only)
  --allow-dirty       run even when the work tree has uncommitted changes (run only)
  --sandbox MODE      where agents' commands run: auto (bubblewrap when it works here, else without a
                      sandbox and a warning), bubblewrap (required), none (directly; default: auto)
  -h, --help          show this help

The team reads ANTHROPIC_API_KEY (and ANTHROPIC_BASE_URL, if set) from the environment.
The pull request, the live progress and the plan are written to .git/agent-team/.
`

type Flag = 'repo' | 'config' | 'max-parallel' | 'model' | 'record' | 'push' | 'allow-dirty' | 'sandbox'

/** Each flag as `node:util` parseArgs reads it: a value (`--repo DIR`, `--repo=DIR`) or a switch. */
const FLAG_TYPES: Record<Flag, 'string' | 'boolean'> = {
  repo: 'string',
  config: 'string',
  'max-parallel': 'string',
  model: 'string',
  record: 'string',
  push: 'boolean',
  'allow-dirty': 'boolean',
  sandbox: 'string'
}

const FLAGS_OF: Record<'run' | 'plan' | 'status', readonly Flag[]> = {
  run: ['repo', 'config', 'max-parallel', 'model', 'record', 'push', 'allow-dirty', 'sandbox'],
  plan: ['repo', 'config', 'model', 'record'],
  status: ['repo']
}

/**
 * Reads the command line (without `node` and the script) into a command. Options may come before or after
 * the feature and take their value as `--repo DIR` or `--repo=DIR`; `--` ends the options. Words of the
 * feature left unquoted are joined with spaces. Throws a UsageError that names the word at fault.
 */
export function parseArgs(argv: readonly string[]): CliCommand {
  const [name, ...rest] = argv
  if (name === undefined || argv.some(arg => arg === '--help' || arg === '-h') || name === 'help') {
    return { command: 'help' }
  }
  if (name !== 'run' && name !== 'plan' && name !== 'status') {
    throw new UsageError(
      `Unknown command "${name}"${didYouMean(name, ['run', 'plan', 'status']) || '.'} Commands: run, plan, status (see agent-team --help).`
    )
  }
  const { values, words } = readFlags(name, rest)

  if (name === 'status') {
    if (words.length > 0) throw new UsageError(`"status" takes no text; remove "${words.join(' ')}".`)
    return { command: 'status', repo: values.get('repo') }
  }
  const feature = words.join(' ').trim()
  if (feature === '') {
    throw new UsageError(
      `Give the feature to build, in quotes: agent-team ${name} "Add a greeting banner to the CLI".`
    )
  }
  const command: RunCommand = {
    command: name,
    feature,
    push: values.has('push'),
    allowDirty: values.has('allow-dirty'),
    sandbox: sandboxMode(values.get('sandbox'))
  }
  if (values.has('repo')) command.repo = values.get('repo')
  if (values.has('config')) command.config = values.get('config')
  if (values.has('model')) command.model = values.get('model')
  if (values.has('record')) command.record = values.get('record')
  // The reader the action's inputs use too, so the ranges and their messages are one; here they are usage
  // errors. A scripted replay (`scripted:FILE`) is the CLI's own and not a model name.
  const model = command.model?.startsWith('scripted:') ? undefined : command.model
  try {
    const read = readOverrides({ maxParallel: values.get('max-parallel'), model }, OVERRIDE_NAMES.cli)
    if (read.maxParallel !== undefined) command.maxParallel = read.maxParallel
  } catch (error) {
    throw new UsageError(errorMessage(error))
  }
  if (command.record !== undefined && command.model?.startsWith('scripted:')) {
    throw new UsageError('--record needs a real model; a scripted replay has nothing new to record.')
  }
  return command
}

/**
 * The flags and the words of one command. `node:util` splits the line (`--flag=value`, `--`, grouped short
 * flags); it runs without `strict` so that each refusal below can name the flag and what to type instead,
 * where strict mode's messages would only say that something is wrong.
 */
function readFlags(
  name: 'run' | 'plan' | 'status',
  args: string[]
): { values: Map<Flag, string>; words: string[] } {
  const allowed = FLAGS_OF[name]
  const options = Object.fromEntries(allowed.map(flag => [flag, { type: FLAG_TYPES[flag] }]))
  const { tokens } = parseArgsOfNode({ args, options, strict: false, allowPositionals: true, tokens: true })
  const values = new Map<Flag, string>()
  const words: string[] = []
  for (const token of tokens) {
    if (token.kind === 'positional') {
      words.push(token.value)
      continue
    }
    if (token.kind === 'option-terminator') continue
    const flag = allowed.find(known => known === token.name)
    if (flag === undefined || token.rawName !== `--${token.name}`) {
      const known = allowed.map(f => `--${f}`)
      throw new UsageError(
        `Unknown option ${token.rawName} for "${name}"${didYouMean(token.rawName, known) || '.'} Options: ${known.join(', ')}.`
      )
    }
    if (values.has(flag)) throw new UsageError(`--${flag} is given twice; give it once.`)
    if (FLAG_TYPES[flag] === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`--${flag} takes no value; write it alone.`)
      values.set(flag, 'true')
      continue
    }
    // Without `=`, a value that looks like a flag is the next flag: `--repo --push` forgot the directory.
    const value = token.value
    if (value === undefined || value === '' || (!token.inlineValue && value.startsWith('--'))) {
      throw new UsageError(`--${flag} needs a value, e.g. --${flag} ${example(flag)}.`)
    }
    values.set(flag, value)
  }
  return { values, words }
}

function sandboxMode(value: string | undefined): SandboxMode {
  if (value === undefined) return 'auto'
  if ((SANDBOX_MODES as readonly string[]).includes(value)) return value as SandboxMode
  throw new UsageError(`--sandbox must be one of ${SANDBOX_MODES.join(', ')}, not "${value}".`)
}

function example(flag: Flag): string {
  switch (flag) {
    case 'repo':
      return '../my-repo'
    case 'config':
      return '.ai-agents/config.yml'
    case 'max-parallel':
      return '2'
    case 'model':
      return 'claude-sonnet-4-6'
    case 'sandbox':
      return 'bubblewrap'
    default:
      return 'run.transcript.json'
  }
}
