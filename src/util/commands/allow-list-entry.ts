import { parseCommandLine } from './command-line.js'
import { WRAPPERS } from './runner-programs.js'
import { deniedArgument, programName } from './denied-argument.js'

/**
 * Programs that run whatever their arguments say: an allow-list entry of the program alone (`node`,
 * `bash`, `git`, `npx`) would let the agent run anything with it, inline code included.
 */
const INTERPRETERS =
  /^(node|nodejs|bun|deno|python[0-9.]*|pypy[0-9.]*|perl[0-9.]*|ruby|jruby|php|lua|luajit|rscript|java|jshell|sh|bash|zsh|dash|ksh|mksh|fish|ash|busybox|pwsh|powershell|git|npx|bunx|npm|pnpm|yarn|awk|gawk|mawk|nawk|sed|go|cargo|dotnet)$/

/** Subcommands that leave the program open: `npm run` runs any script, `npm exec` any package. */
const OPEN_SUBCOMMANDS: Readonly<Record<string, readonly string[]>> = {
  npm: ['run', 'run-script', 'rum', 'urn', 'exec', 'x', 'explore', 'init', 'create'],
  pnpm: ['run', 'exec', 'dlx', 'create'],
  yarn: ['run', 'exec', 'dlx', 'create'],
  bun: ['run', 'x', 'exec'],
  deno: ['run', 'eval', 'task'],
  go: ['run', 'generate'],
  python: ['-m'],
  dotnet: ['run', 'exec']
}

/** What to list instead, per program. */
const EXAMPLES: Readonly<Record<string, string>> = {
  node: '`node --test` or `node scripts/check.js`',
  python: '`python -m pytest`',
  npm: '`npm test` or `npm run lint`',
  pnpm: '`pnpm test` or `pnpm run lint`',
  yarn: '`yarn test` or `yarn lint`',
  npx: '`npx jest` or `npx eslint`',
  git: '`git status` or `git diff`',
  sh: '`sh scripts/test.sh`',
  go: '`go test` or `go vet`',
  cargo: '`cargo test`'
}

/**
 * Why an allow-list entry of the team config cannot be used, or undefined when it can. Refused: entries
 * that allow a whole interpreter or package runner (`node`, `python3`, `bash`, `git`, `npx`, `npm run`,
 * `python -m`), wrappers that run another program (`env`, `timeout`…), and entries that already hold a
 * refused argument (`node -e`, `git -c …`). The message names what to list instead.
 */
export function allowListEntryProblem(line: string): string | undefined {
  const parsed = parseCommandLine(line)
  if (!parsed.ok) return parsed.reason
  const argv = parsed.argv
  const program = programName(argv[0] ?? '')
  if (WRAPPERS.has(program)) {
    return `\`${line.trim()}\` runs a program through \`${program}\`, which would hide it from the sandbox's argument rules; list the program itself (run_command has its own time limit and environment)`
  }
  const family = familyOf(program)
  const instead = `list the command with its script or subcommand instead, e.g. ${EXAMPLES[family] ?? `\`${program} <script>\``}`
  if (argv.length === 1 && INTERPRETERS.test(program)) {
    return `\`${line.trim()}\` would let agents run anything with ${program}, inline code included (\`${program} -e …\`, \`${program} -c …\`); ${instead}`
  }
  if (argv.length === 2 && OPEN_SUBCOMMANDS[family]?.includes(argv[1]!)) {
    return `\`${line.trim()}\` would let agents run any script, module or package with it; ${instead}`
  }
  const denied = deniedArgument(argv)
  if (denied) {
    return `\`${line.trim()}\` holds \`${denied.argument}\`, which ${denied.why}; agents may not run it, so ${instead}`
  }
  return undefined
}

function familyOf(program: string): string {
  if (/^python|^pypy/.test(program)) return 'python'
  if (/^(sh|bash|zsh|dash|ksh|mksh|fish|ash)$/.test(program)) return 'sh'
  if (program === 'nodejs') return 'node'
  return program
}
