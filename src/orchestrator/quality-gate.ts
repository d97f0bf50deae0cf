import { parseCommandLine } from '../agents/command-line.js'
import { redactSecrets } from '../agents/scrub-env.js'
import { sandboxLimits } from './agent-session.js'
import type { TeamContext } from './team-context.js'

export type GateResult = { passed: true } | { passed: false; failure: string }

/** Output of a failing check kept for the fix round and the progress view. */
const FAILURE_OUTPUT_BYTES = 8_000

/**
 * Runs the config's `checks:` in `root`, one after another, without a shell and in the sandbox (the checks
 * run code the agents wrote). The first failure stops the gate.
 */
export async function runQualityGate(ctx: TeamContext, root: string): Promise<GateResult> {
  for (const line of ctx.team.checks) {
    const parsed = parseCommandLine(line)
    if (!parsed.ok) return { passed: false, failure: `check \`${line}\` cannot run: ${parsed.reason}` }
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
        failure: `\`${line}\` exited ${result.exitCode}${result.timedOut ? ' (timed out)' : ''}:\n\n\`\`\`\n${output}\n\`\`\``
      }
    }
  }
  return { passed: true }
}
