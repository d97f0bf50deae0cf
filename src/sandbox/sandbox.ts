import type { RunResult } from './command-runner.js'

/** How agents' commands are isolated: `bubblewrap` (an OS sandbox) or `none` (an explicit opt-out). */
export type SandboxKind = 'bubblewrap' | 'none'

/** What `sandbox` (the action input, the CLI flag) asks for. */
export type SandboxMode = 'auto' | 'bubblewrap' | 'none'

export const SANDBOX_MODES: readonly SandboxMode[] = ['auto', 'bubblewrap', 'none']

/** Limits every sandboxed command runs under (from the config's `sandbox:` section). */
export interface SandboxLimits {
  /** Data segment limit per process (RLIMIT_DATA), in MiB: heaps and private writable mappings. */
  memoryMb: number
  /** Processes and threads the sandbox may have at once (RLIMIT_NPROC; see bubblewrap-args.ts). */
  maxProcesses: number
}

/** One command to run in the sandbox. */
export interface SandboxedRun {
  /** The worktree the command works on: the only place it may write. */
  root: string
  /** Where the command starts: `root` or a directory inside it. */
  cwd: string
  timeoutMs: number
  /** Cap on stdout + stderr together, applied after redaction. */
  maxOutputBytes: number
  /** Values replaced by `***` in the output before it is cut. */
  secrets: readonly string[]
  /** Variables the configuration adds to the environment built from nothing (names already checked). */
  env?: Readonly<Record<string, string>>
  /** Reach the network (only `sandbox.setup`, which installs dependencies); off for everything else. */
  network?: boolean
  /** A `node_modules` prepared by `sandbox.setup`, shown read-only at `<root>/node_modules`. */
  dependencies?: string
  limits?: SandboxLimits
}

/**
 * The port through which agents' commands (run_command, the QA checks, sandbox.setup) run. The engine's own
 * git never goes through it. Never throws for a failing command: exit code, timeout and output are in the
 * result, like runCommand's.
 */
export interface CommandSandbox {
  readonly kind: SandboxKind
  /** One line for the log: what isolates the commands. */
  readonly description: string
  run(argv: readonly string[], options: SandboxedRun): Promise<RunResult>
}

/** The warning a run without the sandbox shows in its log, progress comment and job summary. */
export const UNSANDBOXED_WARNING =
  'Agents’ commands ran WITHOUT the sandbox (`sandbox: none`): code the agents wrote could read the ' +
  'runner’s secrets and the checkout’s credentials, reach the network and change files outside its worktree.'

/** Warnings the reports show for this sandbox: one for `none`, none otherwise. */
export function sandboxWarnings(sandbox: Pick<CommandSandbox, 'kind'>): string[] {
  return sandbox.kind === 'none' ? [UNSANDBOXED_WARNING] : []
}
