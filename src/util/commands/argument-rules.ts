/**
 * Arguments that turn an allowed program into a way around the allow-list: inline code, another program
 * to run, a configuration that names one, or a file outside the worktree. An allow-list entry pins a
 * program and its first words (`npm test`, `node --test`); these rules decide which *extra* arguments the
 * agent may add after it. Inline code matters most: it never shows up in the diff a reviewer reads, so it
 * is the easy path for a prompt-injected agent.
 */
export interface ArgumentRule {
  /** The program's base name, lowercased, without `.exe`/`.cmd`. */
  program: RegExp
  /**
   * Subcommands that must come first for the rule to apply (`npm exec`); none = the program itself. For
   * git, the subcommand is the first word after git's own options.
   */
  subcommands?: readonly string[]
  /** `-x` letters and `--long` names (with their dashes). */
  flags: readonly string[]
  /**
   * How a `--long` argument is compared with `flags`:
   * - `exact`: `--eval` and `--eval=…`;
   * - `abbreviation`: also any prefix of a flag's name (`--scrip` for `--script-shell`), because the
   *   program accepts unambiguous abbreviations (npm's nopt, git's parse-options, PowerShell). Names in
   *   `exceptions` are the program's own harmless options that happen to be prefixes (`git diff --text`).
   */
  match: 'exact' | 'abbreviation'
  exceptions?: readonly string[]
  /** nopt reads `-scrip` like `--scrip`: single-dash words are long names too. */
  singleDashLong?: boolean
  /** PowerShell: names match case-insensitively after `-` or `--`, letters are never clustered. */
  anyCase?: boolean
  /** Node treats `_` in an option name as `-` (`--experimental_loader`). */
  underscoreIsDash?: boolean
  /**
   * Short options that take the rest of their word as a value (`-Ilib`, `-mpytest`): letters after one of
   * these are its value, not more options, so `perl -Imodules` is not `-m`.
   */
  attached?: string
  /**
   * `options`: only the program's own options count, up to its first positional argument (after it, a
   * flag belongs to the script or package being run: `npx jest -c jest.config.js` is fine). `valueFlags`
   * take the next argument as their value, so that argument does not end the options.
   * `until-dashdash`: anywhere before `--`, for programs that read flags from the whole line or whose
   * option syntax is too rich to follow; `stopAt` ends the scan early (`python -m mod …`).
   */
  scope: 'options' | 'until-dashdash'
  valueFlags?: readonly string[]
  stopAt?: RegExp
  /** Whole arguments refused anywhere in the scope (`node --import data:…`, `make SHELL=./x`). */
  values?: RegExp
  why: string
}

const NPM_FAMILY = /^(npm|pnpm|yarn)$/

/**
 * npm settings that choose a program to run, a config file to load, or the packages and folder to work
 * on. npm takes any unambiguous prefix of a setting (`--scrip=./x.sh` is `--script-shell`), anywhere on
 * the line before `--`, so every prefix of these counts as the setting itself.
 */
const NPM_RISKY_SETTINGS = [
  '--script-shell',
  '--scripts-prepend-node-path',
  '--node-options',
  '--userconfig',
  '--globalconfig',
  '--prefix',
  '--registry',
  '--shell',
  '--call',
  '--package',
  '--git',
  '--editor',
  '--browser',
  '--viewer',
  '--onload-script',
  '--init-module',
  '--dir',
  '-C'
]

/** The table of refused arguments; see ArgumentRule. */
export const ARGUMENT_RULES: readonly ArgumentRule[] = [
  {
    program: /^(node|nodejs|bun|deno)$/,
    flags: [
      '-e',
      '--eval',
      '-p',
      '--print',
      '-r',
      '--require',
      '--import',
      '--loader',
      '--experimental-loader',
      // Reads a file of the agent's choosing into the environment: `--env-file=/proc/self/environ`.
      '--env-file',
      '--env-file-if-exists',
      '--openssl-config',
      '--inspect',
      '--inspect-brk',
      '--inspect-wait',
      '-i',
      '--interactive'
    ],
    match: 'exact',
    underscoreIsDash: true,
    values: /(^|=)data:/i,
    scope: 'until-dashdash',
    why: 'runs inline code or code the command line names'
  },
  {
    program: /^(python[0-9.]*|pypy[0-9.]*)$/,
    flags: ['-c'],
    match: 'exact',
    attached: 'cmWXQ',
    scope: 'until-dashdash',
    // Everything after `-m module` is the module's (`python -m pytest -c pytest.ini` is fine).
    stopAt: /^-m/,
    why: 'runs inline code'
  },
  {
    // These modules run code given as an argument (`-m timeit -s 'import os; …'`), start a shell or a
    // server, or install from the network.
    program: /^(python[0-9.]*|pypy[0-9.]*)$/,
    flags: [],
    match: 'exact',
    values:
      /^-m\s*(timeit|code|pdb|cprofile|profile|trace|pip|ensurepip|venv|http\.server|pydoc|idlelib|webbrowser|runpy|doctest|asyncio)$/i,
    scope: 'until-dashdash',
    stopAt: /^-m/,
    why: 'runs code given as an argument, or installs or serves something'
  },
  {
    // `-MPOSIX;system(…)` is `use POSIX; system(…)`: -M and -m take code, bundled or not.
    program: /^perl[0-9.]*$/,
    flags: ['-e', '-E', '-M', '-m', '-d', '-x'],
    match: 'exact',
    attached: 'CDFIi',
    scope: 'until-dashdash',
    why: 'runs inline code'
  },
  {
    program: /^(ruby|jruby)$/,
    flags: ['-e', '-r', '--require'],
    match: 'exact',
    attached: 'CEFIiKx',
    scope: 'until-dashdash',
    why: 'runs inline code'
  },
  { program: /^php$/, flags: ['-r', '-a'], match: 'exact', scope: 'until-dashdash', why: 'runs inline code' },
  {
    // `bash -c '…'` is a shell again, with pipes, redirection and `curl | sh`.
    program: /^(sh|bash|zsh|dash|ksh|mksh|fish|ash|busybox)$/,
    flags: ['-c', '--command', '--rcfile', '--init-file'],
    match: 'exact',
    scope: 'until-dashdash',
    why: 'runs a shell command line'
  },
  {
    // PowerShell accepts any unambiguous abbreviation of a parameter (`-c`, `-Comm`, `-e` for
    // -EncodedCommand), in any case, after `-` or `--`.
    program: /^(pwsh|powershell)$/,
    flags: ['--command', '--encodedcommand', '--commandwithargs', '--ec', '--cwa'],
    match: 'abbreviation',
    anyCase: true,
    singleDashLong: true,
    scope: 'until-dashdash',
    why: 'runs a shell command line'
  },
  {
    program: NPM_FAMILY,
    flags: NPM_RISKY_SETTINGS,
    match: 'abbreviation',
    singleDashLong: true,
    // pnpm sets any npm setting as `--config.<name>=…`.
    values: /^--?config\./i,
    scope: 'until-dashdash',
    why: 'changes which programs, settings or packages the package manager uses'
  },
  {
    // npx's own options end at the package name; what follows is the package's.
    program: /^npx$/,
    flags: NPM_RISKY_SETTINGS,
    match: 'abbreviation',
    singleDashLong: true,
    scope: 'options',
    why: 'changes which programs, settings or packages the package manager uses'
  },
  {
    // `npx -c '…'` runs a shell line; `npx -p <pkg>` downloads and runs any package from the registry.
    program: /^(npx|bunx)$/,
    flags: ['-c', '--call', '-p', '--package'],
    match: 'abbreviation',
    scope: 'options',
    why: 'runs a shell line or a package that is not on the allow-list'
  },
  {
    program: NPM_FAMILY,
    subcommands: ['exec', 'x', 'dlx'],
    flags: ['-c', '--call', '-p', '--package'],
    match: 'abbreviation',
    scope: 'options',
    why: 'runs a shell line or a package that is not on the allow-list'
  },
  {
    // Before the subcommand: `-c core.pager=…` and `-c alias.x=!…` run commands, `-C`/`--git-dir`/
    // `--work-tree` point git at another repository, outside the worktree included.
    program: /^git$/,
    flags: [
      '-c',
      '--config-env',
      '--exec-path',
      '-C',
      '--git-dir',
      '--work-tree',
      '--namespace',
      '--super-prefix',
      '-p',
      '--paginate'
    ],
    match: 'exact',
    scope: 'options',
    valueFlags: ['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix'],
    why: 'makes git run another program or work on another repository'
  },
  {
    // After the subcommand. Git takes any unambiguous prefix of a long option (`--open-files`).
    program: /^git$/,
    subcommands: ['*'],
    flags: [
      '--open-files-in-pager',
      '-O',
      '--upload-pack',
      '--receive-pack',
      '--exec',
      '--ext-diff',
      '--textconv',
      '--word-diff-regex',
      // Reads or writes files anywhere: `diff --no-index /etc/passwd x`, `log --output=/x`.
      '--no-index',
      '--output',
      '--contents',
      '--config',
      '--template'
    ],
    exceptions: ['--text', '--word-diff'],
    match: 'abbreviation',
    // `-S<string>`, `-G<regex>`, `-C3`: what follows these letters is their value, not more options.
    attached: 'SGUMCBLeAfm',
    scope: 'until-dashdash',
    why: 'makes git run another program, or read or write files outside the repository'
  },
  {
    program: /^git$/,
    subcommands: ['ls-remote', 'clone'],
    flags: ['-u'],
    match: 'exact',
    scope: 'until-dashdash',
    why: 'makes git run another program'
  },
  {
    program: /^git$/,
    subcommands: ['grep'],
    flags: ['-f'],
    match: 'exact',
    scope: 'until-dashdash',
    why: 'reads patterns from a file that may be outside the repository'
  },
  {
    program: /^git$/,
    subcommands: ['rebase', 'difftool'],
    flags: ['-x', '--extcmd', '-t', '--tool'],
    match: 'abbreviation',
    scope: 'until-dashdash',
    why: 'makes git run another program'
  },
  {
    program: /^go$/,
    flags: ['-exec', '--exec', '-toolexec', '--toolexec'],
    match: 'exact',
    scope: 'until-dashdash',
    why: 'makes go run another program'
  },
  {
    program: /^cargo$/,
    flags: ['--config'],
    match: 'exact',
    scope: 'until-dashdash',
    why: 'can set the program cargo runs tests with'
  },
  {
    program: /^g?make$/,
    flags: ['--eval', '-E', '-C', '--directory'],
    match: 'exact',
    // `make test SHELL=./x.sh` runs every recipe through a program of the agent's choosing.
    values: /^\.?SHELL(FLAGS)?=/,
    scope: 'until-dashdash',
    why: 'adds inline makefile rules or changes the shell or folder make uses'
  },
  {
    program: /^find$/,
    flags: ['-exec', '-execdir', '-ok', '-okdir', '-fprint', '-fprint0', '-fprintf', '-fls', '-delete'],
    match: 'exact',
    scope: 'until-dashdash',
    why: 'runs another program or writes files'
  }
]
