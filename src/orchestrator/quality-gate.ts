import { parseCommandLine } from '../util/commands/command-line.js'
import { redactSecrets } from '../secrets/redact.js'
import { sandboxLimits } from './agent-session.js'
import type { TeamContext } from './team-context.js'

/**
 * A failed gate names the `check` that failed, its output (`failure`, for a fix round's brief and the
 * progress view) and a few telling lines of it (`excerpt`, for a one-line reason).
 */
/** A gate's verdict; `nothingNew`: it did not run, since the merge brought nothing to check. */
export type GateResult =
  { passed: true; nothingNew?: true } | { passed: false; check: string; failure: string; excerpt: string }

/** Output of a failing check kept for the fix round and the progress view. */
const FAILURE_OUTPUT_BYTES = 8_000

/**
 * Runs the config's `checks:` in `root`, one after another, without a shell and in the sandbox (the checks
 * run code the agents wrote). The first failure stops the gate.
 */
export async function runQualityGate(ctx: TeamContext, root: string): Promise<GateResult> {
  for (const line of ctx.team.checks) {
    const parsed = parseCommandLine(line)
    if (!parsed.ok) {
      const failure = `check \`${line}\` cannot run: ${parsed.reason}`
      return { passed: false, check: line, failure, excerpt: parsed.reason }
    }
    const result = await ctx.sandbox.run(parsed.argv, {
      root,
      cwd: root,
      timeoutMs: ctx.team.limits.commandTimeoutSeconds * 1000,
      maxOutputBytes: FAILURE_OUTPUT_BYTES,
      env: ctx.team.sandbox.env,
      secrets: ctx.secrets,
      dependencies: ctx.dependencies,
      limits: sandboxLimits(ctx)
    })
    ctx.ports.logger.info(
      `check \`${line}\`: exit ${result.exitCode}${result.timedOut ? ' (timed out)' : ''}`
    )
    if (result.exitCode !== 0 || result.timedOut) {
      const output = redactSecrets(`${result.stdout}\n${result.stderr}`.trim(), ctx.secrets)
      return {
        passed: false,
        check: line,
        excerpt: excerptOf(output),
        failure: `\`${line}\` exited ${result.exitCode}${result.timedOut ? ' (timed out)' : ''}:\n\n\`\`\`\n${output}\n\`\`\``
      }
    }
  }
  return { passed: true }
}

/** Lines that usually say what went wrong, in the output of test runners, compilers and linters. */
const TELLING = /\b(error|errors|fail|failed|failure|not ok|assert\w*|expected|cannot|unable)\b/i
const EXCERPT_LINES = 3
const EXCERPT_LINE_CHARS = 160

/**
 * A few lines of a check's output for a one-line reason: the first that say what failed, else the last
 * ones (summaries such as a runner's closing counts come last, so they are the fallback, not the choice).
 */
export function excerptOf(output: string): string {
  const lines = output
    .split('\n')
    .map(line => line.trim())
    .filter(line => line !== '' && !line.startsWith('```'))
  const telling = lines.filter(line => TELLING.test(line))
  const chosen = telling.length > 0 ? telling.slice(0, EXCERPT_LINES) : lines.slice(-EXCERPT_LINES)
  return chosen
    .map(line => (line.length > EXCERPT_LINE_CHARS ? `${line.slice(0, EXCERPT_LINE_CHARS - 1)}…` : line))
    .join(' / ')
}
