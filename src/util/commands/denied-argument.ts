import { ARGUMENT_RULES, type ArgumentRule } from './argument-rules.js'
import { GIT_RUNS_PROGRAMS, WRAPPERS } from './runner-programs.js'

/** An argument the sandbox refuses, and what it would do. */
export interface DeniedArgument {
  argument: string
  why: string
}

/** The name rules match a program by: base name, lowercased, without a Windows extension. */
export function programName(argv0: string): string {
  return (argv0.split(/[\\/]/).pop() ?? argv0).toLowerCase().replace(/\.(exe|cmd|bat)$/, '')
}

const GIT_VALUE_OPTIONS = new Set([
  '-C',
  '-c',
  '--git-dir',
  '--work-tree',
  '--namespace',
  '--config-env',
  '--super-prefix'
])

/** The index of git's subcommand in `argv` (after git's own options), or undefined when there is none. */
export function gitSubcommandIndex(argv: readonly string[]): number | undefined {
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!
    if (GIT_VALUE_OPTIONS.has(arg)) i++
    else if (!arg.startsWith('-')) return i
  }
  return undefined
}

/**
 * The first argument of `argv` that the rules of argument-rules.ts refuse, or undefined. A wrapper program
 * (`env`, `xargs`, `timeout`…) is refused as a whole, and so is a git subcommand that runs programs.
 */
export function deniedArgument(argv: readonly string[]): DeniedArgument | undefined {
  const [first = ''] = argv
  const program = programName(first)
  if (WRAPPERS.has(program)) {
    return { argument: first, why: 'runs another program named in its arguments' }
  }
  const gitSub = program === 'git' ? gitSubcommandIndex(argv) : undefined
  const subcommand = gitSub === undefined ? undefined : argv[gitSub]
  if (subcommand !== undefined && GIT_RUNS_PROGRAMS.has(subcommand)) {
    return {
      argument: `git ${subcommand}`,
      why: 'runs programs named on its command line or in git config'
    }
  }
  for (const rule of ARGUMENT_RULES) {
    if (!rule.program.test(program)) continue
    let start = 1
    if (rule.subcommands) {
      const at = program === 'git' ? gitSub : 1
      if (at === undefined) continue
      if (!rule.subcommands.includes('*') && !rule.subcommands.includes(argv[at] ?? '')) continue
      start = at + 1
    }
    const found = scan(rule, argv.slice(start))
    if (found) return { argument: found, why: rule.why }
  }
  return undefined
}

function scan(rule: ArgumentRule, args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === '--') break
    if (rule.scope === 'options' && !arg.startsWith('-')) {
      if (!rule.valueFlags?.includes(args[i - 1] ?? '')) break
      continue
    }
    // A value may be attached (`-mtimeit`) or be the next word (`-m timeit`).
    const next = args[i + 1]
    if (
      rule.values &&
      (rule.values.test(arg) || (next !== undefined && rule.values.test(`${arg} ${next}`)))
    ) {
      return next !== undefined && !rule.values.test(arg) ? `${arg} ${next}` : arg
    }
    if (rule.stopAt?.test(arg)) break
    if (matchesFlag(rule, arg)) return arg
  }
  return undefined
}

function matchesFlag(rule: ArgumentRule, arg: string): boolean {
  if (!arg.startsWith('-') || arg === '-') return false
  const singleDash = !arg.startsWith('--')
  const letters = /^-([a-zA-Z]+)/.exec(arg)?.[1] ?? ''
  // One dash and one or more letters: a cluster of short options (`-pe`, `-Bc`), unless the program reads
  // such words as long names (PowerShell always; npm for two letters or more, after trying shorthands).
  if (singleDash && !rule.anyCase && shortMatch(rule, letters)) return true
  const readsAsLong = !singleDash || rule.anyCase || (rule.singleDashLong && letters.length >= 2)
  if (singleDash && !readsAsLong) {
    // Single-dash long words (`find -exec`, `go -toolexec`) are compared whole.
    return rule.flags.some(flag => flag.length > 2 && !flag.startsWith('--') && sameOrValued(arg, flag))
  }
  let name = arg.replace(/^-+/, '').toLowerCase()
  const equals = name.indexOf('=')
  let base = equals === -1 ? name : name.slice(0, equals)
  if (rule.underscoreIsDash) {
    base = base.replace(/_/g, '-')
    name = equals === -1 ? base : base + name.slice(equals)
  }
  for (const flag of rule.flags) {
    if (flag.length <= 2 && !rule.anyCase) continue
    const flagName = flag.replace(/^-+/, '').toLowerCase()
    if (rule.match === 'exact') {
      if (base === flagName) return true
    } else if (base.length > 0 && flagName.startsWith(base) && !rule.exceptions?.includes(`--${base}`)) {
      return true
    }
  }
  return rule.flags.some(flag => flag.length > 2 && !flag.startsWith('--') && sameOrValued(arg, flag))
}

/** `-e` among the leading letters, stopping at a letter that takes the rest of the word as its value. */
function shortMatch(rule: ArgumentRule, letters: string): boolean {
  for (const letter of letters) {
    if (rule.flags.includes(`-${letter}`)) return true
    if (rule.attached?.includes(letter)) return false
  }
  return false
}

function sameOrValued(arg: string, flag: string): boolean {
  const lower = arg.toLowerCase()
  return lower === flag || lower.startsWith(`${flag}=`)
}
