import fs from 'node:fs/promises'
import type { ToolSpec } from '../../models/model.js'
import { toolPrompt } from '../../prompts/index.js'
import { checkCommand } from '../command-policy.js'
import { redactSecrets } from '../../secrets/redact.js'
import { errorOutcome, guarded, onlyFields, optionalString, requiredString } from './tool-input.js'
import type { ToolExecutor } from './tool-types.js'

// The words are in src/prompts/tools/run-command.md; the name and the schema's shape stay here.
const words = toolPrompt('run-command')

/** The model-facing contract of run_command. */
export const runCommandSpec: ToolSpec = {
  name: 'run_command',
  description: words.description,
  input_schema: {
    type: 'object',
    properties: {
      command: { type: 'string', description: words.field('command') },
      cwd: { type: 'string', description: words.field('cwd') }
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
