import { runCommand } from './command-runner.js'
import type { CommandSandbox } from './sandbox.js'

/**
 * The `sandbox: none` adapter: commands run as before the sandbox existed, directly on the runner with the
 * scrubbed environment (`baseEnv`, see scrubbedEnv). This is an explicit opt-out, and the run says so
 * loudly (UNSANDBOXED_WARNING): agent code can then read `/proc/<engine>/environ`, the checkout's
 * `.git/config`, GITHUB_ENV, and reach the network.
 */
export function createUnsandboxed(baseEnv: Readonly<Record<string, string>>): CommandSandbox {
  return {
    kind: 'none',
    description: 'none: commands run directly on the runner (sandbox: none)',
    run: (argv, options) =>
      runCommand(argv, {
        cwd: options.cwd,
        env: { ...baseEnv, ...options.env },
        timeoutMs: options.timeoutMs,
        maxOutputBytes: options.maxOutputBytes,
        secrets: options.secrets
      })
  }
}
