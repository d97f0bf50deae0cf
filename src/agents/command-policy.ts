import path from 'node:path'
import { parseCommandLine, type CommandParse } from './command-line.js'

export { defaultAllowList } from './default-allow-list.js'

/**
 * Flags that turn an allowed program into a way around the allow-list. They matter when a role allows a
 * broad prefix (`node`, `bash`, `git`); a prefix like `npm test` already pins the first words.
 */
interface DeniedFlags {
  program: RegExp
  /** Subcommands that must come first for the rule to apply (`npm exec`); none = the program itself. */
  subcommands?: string[]
  flags: string[]
  /** PowerShell: flags match by any prefix of their name, case-insensitively. */
  abbreviable?: boolean
  /**
   * `options`: only the program's own options count, up to its first positional argument (after it, a
   * flag belongs to the script or package being run: `npx jest -c jest.config.js` is fine). `valueFlags`
   * take the next argument as their value, so that argument does not end the options.
   * `until-dashdash`: anywhere before `--`, for programs that read flags from the whole line or whose
   * option syntax is too rich to follow; `stopAt` ends the scan early (`python -m mod …`).
   */
  scope: 'options' | 'until-dashdash'
  valueFlags?: string[]
  stopAt?: RegExp
  /** Argument values refused anywhere (`node --import data:…` is inline code too). */
  values?: RegExp
  why: string
}

const DENIED: DeniedFlags[] = [
  {
    // A role allowed to run `node scripts/check.js` must not get `node -e '<anything>'`: inline code
    // never shows up in the diff a reviewer reads, so it is the easy path for a prompt-injected agent.
    program: /^(node|nodejs|bun|deno)$/,
    flags: ['-e', '--eval', '-p', '--print'],
    values: /(^|=)data:/i,
    scope: 'until-dashdash',
    why: 'runs inline code'
  },
  {
    program: /^(python[0-9.]*|pypy[0-9.]*)$/,
    flags: ['-c'],
    scope: 'until-dashdash',
    // Everything after `-m module` is the module's (`python -m pytest -c pytest.ini` is fine).
    stopAt: /^-m/,
    why: 'runs inline code'
  },
  { program: /^(perl|ruby)$/, flags: ['-e', '-E'], scope: 'until-dashdash', why: 'runs inline code' },
  { program: /^php$/, flags: ['-r'], scope: 'until-dashdash', why: 'runs inline code' },
  {
    // `bash -c '…'` is a shell again, with pipes, redirection and `curl | sh`.
    program: /^(sh|bash|zsh|dash|ksh|fish)$/,
    flags: ['-c', '--command'],
    scope: 'until-dashdash',
    why: 'runs a shell command line'
  },
  {
    // PowerShell accepts any unambiguous abbreviation of a parameter (`-c`, `-Comm`, `-e` for
    // -EncodedCommand), in any case, after `-` or `--`.
    program: /^(pwsh|powershell)$/,
    flags: ['command', 'encodedcommand', 'commandwithargs', 'ec', 'cwa'],
    abbreviable: true,
    scope: 'until-dashdash',
    why: 'runs a shell command line'
  },
  {
    // `npx -c '…'` runs a shell line; `npx -p <pkg>` downloads and runs any package from the registry.
    program: /^(npx|bunx)$/,
    flags: ['-c', '--call', '-p', '--package'],
    scope: 'options',
    why: 'runs a shell line or a package that is not on the allow-list'
  },
  {
    program: /^npm$/,
    subcommands: ['exec', 'x'],
    flags: ['-c', '--call', '-p', '--package'],
    scope: 'options',
    why: 'runs a shell line or a package that is not on the allow-list'
  },
  {
    // npm reads config flags from the whole line: `npm test --script-shell=./evil` runs every script
    // through a program of the agent's choosing; a registry or userconfig swap installs someone else's code.
    program: /^(npm|pnpm|yarn)$/,
    flags: ['--script-shell', '--userconfig', '--globalconfig', '--registry', '--node-options'],
    scope: 'until-dashdash',
    why: 'changes which programs or packages the package manager runs'
  },
  {
    // `git -c core.pager=…` and `-c alias.x=!…` run arbitrary commands; they only count before the
    // subcommand (after it, `-c` means something else, e.g. `git log -c`).
    program: /^git$/,
    flags: ['-c', '--config-env', '--exec-path'],
    scope: 'options',
    valueFlags: ['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix'],
    why: 'makes git run another program'
  },
  {
    program: /^git$/,
    flags: ['--upload-pack', '--receive-pack'],
    scope: 'until-dashdash',
    why: 'makes git run another program'
  },
  {
    program: /^go$/,
    flags: ['-exec', '--exec', '-toolexec', '--toolexec'],
    scope: 'until-dashdash',
    why: 'makes go run another program'
  },
  {
    program: /^cargo$/,
    flags: ['--config'],
    scope: 'until-dashdash',
    why: 'can set the program cargo runs tests with'
  },
  { program: /^g?make$/, flags: ['--eval', '-E'], scope: 'until-dashdash', why: 'adds inline makefile rules' }
]

/** The command an agent may run, or why not. */
export type CommandCheck = CommandParse

/**
 * Parses `line` without a shell and checks it against `allowList` (argv prefixes written as command
 * lines) and the deny list. The result's argv is what runs: nothing is rewritten.
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
      reason: `\`${line.trim()}\` is not on this role's command allow-list. Allowed commands (extra arguments may follow): ${listed}.`
    }
  }
  const denied = deniedFlag(argv)
  if (denied)
    return { ok: false, reason: `\`${denied.flag}\` is refused for \`${argv[0]}\`: it ${denied.why}.` }
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

function deniedFlag(argv: readonly string[]): { flag: string; why: string } | undefined {
  const program = path
    .basename(argv[0])
    .toLowerCase()
    .replace(/\.(exe|cmd)$/, '')
  for (const rule of DENIED) {
    if (!rule.program.test(program)) continue
    let start = 1
    if (rule.subcommands) {
      if (!rule.subcommands.includes(argv[1] ?? '')) continue
      start = 2
    }
    const args = argv.slice(start)
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]
      if (arg === '--' || rule.stopAt?.test(arg)) break
      if (rule.scope === 'options' && !arg.startsWith('-')) {
        if (!rule.valueFlags?.includes(args[i - 1] ?? '')) break
        continue
      }
      if (rule.values?.test(arg)) return { flag: arg, why: rule.why }
      if (rule.flags.some(flag => flagMatches(rule, flag, arg))) return { flag: arg, why: rule.why }
    }
  }
  return undefined
}

/**
 * `--eval` and `--eval=…`; for one-letter flags also clusters and attached values (`-pe`, `-cimport os`),
 * so the letter counts anywhere in the leading run of letters of a single-dash argument.
 */
function flagMatches(rule: DeniedFlags, flag: string, arg: string): boolean {
  if (rule.abbreviable) {
    if (!arg.startsWith('-')) return false
    const name = arg.replace(/^--?/, '').toLowerCase().split(/[:=]/)[0]
    return name.length > 0 && flag.startsWith(name)
  }
  if (/^-[a-zA-Z]$/.test(flag)) {
    if (arg.startsWith('--') || !arg.startsWith('-')) return false
    return (/^-([a-zA-Z]*)/.exec(arg)?.[1] ?? '').includes(flag[1])
  }
  const lower = arg.toLowerCase()
  return lower === flag || lower.startsWith(`${flag}=`)
}
