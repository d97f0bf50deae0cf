/** Programs and git subcommands whose job is to run other programs: refused whatever the allow-list says. */

/**
 * Programs whose job is to run another program named in their arguments. They would hide that program
 * from every rule above, so they are never allowed; run_command has its own time limit and environment.
 */
export const WRAPPERS: ReadonlySet<string> = new Set([
  'env',
  'xargs',
  'sudo',
  'doas',
  'su',
  'nice',
  'nohup',
  'timeout',
  'time',
  'stdbuf',
  'setsid',
  'strace',
  'ltrace',
  'gdb',
  'watch',
  'flock',
  'chroot',
  'unshare',
  'nsenter',
  'script',
  'command',
  'exec',
  'eval',
  'parallel',
  'bwrap',
  'firejail'
])

/** Git subcommands that run programs named on their command line or in configuration they change. */
export const GIT_RUNS_PROGRAMS: ReadonlySet<string> = new Set([
  'config',
  'submodule',
  'bisect',
  'filter-branch',
  'filter-repo',
  'mergetool',
  'send-email',
  'daemon',
  'instaweb',
  'web--browse',
  'upload-pack',
  'receive-pack',
  'upload-archive',
  'credential',
  'hook',
  'fsmonitor--daemon',
  'remote-ext',
  'help'
])
