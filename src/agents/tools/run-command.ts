import fs from 'node:fs/promises'
import type { ToolSpec } from '../../models/model.js'
import { checkCommand } from '../command-policy.js'
import { redactSecrets } from '../../secrets/redact.js'
import { errorOutcome, guarded, onlyFields, optionalString, requiredString } from './tool-input.js'
import type { ToolExecutor } from './tool-types.js'

/** The model-facing contract of run_command. */
export const runCommandSpec: ToolSpec = {
  name: 'run_command',
  description:
    'Run one allowed command (tests, build, lint) in the repository and get its exit code and output. ' +
    'There is no shell: no pipes, `&&`, `;`, redirection, variables or globs; one program with its ' +
    'arguments per call. Only commands on the role’s allow-list may run (extra arguments after an allowed ' +
    'command are fine); a refused command’s message lists them. Commands have a time limit, long output ' +
    'is cut in the middle, and no credentials are available to them.',
  input_schema: {
    type: 'object',
    properties: {
      command: { type: 'string', description: 'The command line, e.g. `npm test -- src/a.test.ts`.' },
      cwd: {
        type: 'string',
        description: 'Directory to run in, relative to the repository root (default: the root).'
      }
    },
    required: ['command'],
    additionalProperties: false
  }
}

/**
 * Checks a command against the policy, runs it without a shell in the sandbox (the worktree the only
 * writable place, no network, no secrets) and reports the redacted result.
 */
export const executeRunCommand: ToolExecutor = guarded('run_command', async (input, context) => {
  onlyFields(input, ['command', 'cwd'])
  const command = requiredString(input, 'command')
  const where = optionalString(input, 'cwd')
  let cwd = context.pathPolicy.root
  if (where !== undefined) {
    const resolved = context.pathPolicy.resolveForRead(where)
    if (!resolved.ok) return errorOutcome(resolved.reason)
    const isDirectory = await fs.stat(resolved.absolute).then(
      stat => stat.isDirectory(),
      () => false
    )
    if (!isDirectory) return errorOutcome(`\`${where}\` is not a directory of the repository.`)
    cwd = resolved.absolute
  }

  const checked = checkCommand(command, context.allowList)
  if (!checked.ok) return errorOutcome(checked.reason)
  const result = await context.sandbox.run(checked.argv, {
    root: context.root,
    cwd,
    env: context.sandboxEnv,
    timeoutMs: context.commandTimeoutMs,
    maxOutputBytes: context.maxOutputBytes,
    secrets: context.secrets,
    dependencies: context.dependencies,
    limits: context.sandboxLimits
  })

  const status = result.timedOut
    ? `timed out after ${seconds(context.commandTimeoutMs)}; the command and everything it started were stopped`
    : result.exitCode === null
      ? `killed by ${result.signal}`
      : `exit code ${result.exitCode}`
  const parts = [`$ ${command.trim()}`, `${status} (${seconds(result.durationMs)})`]
  if (result.stdout !== '') parts.push(`--- stdout ---\n${result.stdout.trimEnd()}`)
  if (result.stderr !== '') parts.push(`--- stderr ---\n${result.stderr.trimEnd()}`)
  if (result.stdout === '' && result.stderr === '') parts.push('(no output)')
  return {
    content: redactSecrets(parts.join('\n'), context.secrets),
    isError: result.timedOut || result.exitCode !== 0
  }
})

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}
