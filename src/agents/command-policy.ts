import { parseCommandLine, type CommandParse } from '../util/commands/command-line.js'
import { deniedArgument } from '../util/commands/denied-argument.js'

export { defaultAllowList } from './default-allow-list.js'

/** The command an agent may run, or why not. */
export type CommandCheck = CommandParse

/**
 * Parses `line` without a shell and checks it against `allowList` (argv prefixes written as command
 * lines) and then every extra argument against the rules of util/commands/argument-rules.ts (inline code,
 * npm settings by any prefix, git options that run programs or reach outside the repository…). The
 * result's argv is what runs: nothing is rewritten. Refusals say what is allowed instead.
 */
export function checkCommand(line: string, allowList: readonly string[]): CommandCheck {
  const parsed = parseCommandLine(line)
  if (!parsed.ok) return parsed
  const argv = parsed.argv
  const allowed = allowList
    .map(entry => parseCommandLine(entry))
    .flatMap(entry => (entry.ok ? [canonical(entry.argv)] : []))
  const wanted = canonical(argv)
  if (!allowed.some(prefix => isPrefix(prefix, wanted))) {
    const listed = allowList.length > 0 ? allowList.map(entry => `\`${entry}\``).join(', ') : '(none)'
    return {
      ok: false,
      reason: `\`${line.trim()}\` is not on this role's command allow-list. Allowed commands (extra arguments may follow where safe): ${listed}.`
    }
  }
  const denied = deniedArgument(argv)
  if (denied) {
    return {
      ok: false,
      reason:
        `\`${denied.argument}\` is refused for \`${argv[0]}\`: it ${denied.why}. ` +
        'Run the allowed command without it; put what you need in a file of the repository (a test, a script) and run that through the allowed command.'
    }
  }
  return { ok: true, argv }
}

function isPrefix(prefix: readonly string[], argv: readonly string[]): boolean {
  return prefix.length > 0 && prefix.length <= argv.length && prefix.every((arg, i) => arg === argv[i])
}

/**
 * npm's aliases (`npm t`, `npm run-script`, `npm test` for `npm run test`) name the same thing, so an
 * allow-list entry written one way allows the others. Matching only; the agent's argv runs unchanged.
 */
function canonical(argv: readonly string[]): string[] {
  if (argv[0] !== 'npm' || argv.length < 2) return [...argv]
  const sub = argv[1]
  if (sub === 'test' || sub === 't' || sub === 'tst') return ['npm', 'run', 'test', ...argv.slice(2)]
  if (sub === 'run-script' || sub === 'rum' || sub === 'urn') return ['npm', 'run', ...argv.slice(2)]
  return [...argv]
}
