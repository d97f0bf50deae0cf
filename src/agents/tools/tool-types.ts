import type { CommandSandbox, SandboxLimits } from '../../sandbox/sandbox.js'
import type { PathPolicy } from '../path-policy.js'

/** What every tool of one agent session works with. Built once per session by the tool-use loop. */
export interface ToolContext {
  /** The task's worktree; commands and git run here. */
  root: string
  pathPolicy: PathPolicy
  /** Command prefixes the role may run (`npm test`, `npx jest`). */
  allowList: readonly string[]
  commandTimeoutMs: number
  /** Cap on what one tool call returns to the model. */
  maxOutputBytes: number
  /** The environment of the engine's own git (search, list_files), already scrubbed (see scrubbedEnv). */
  env: Record<string, string>
  /** Where run_command runs the agents' commands: the OS sandbox, or nothing with `sandbox: none`. */
  sandbox: CommandSandbox
  /** Variables the configuration adds to the sandbox's environment (`sandbox.env`, the role's `env`). */
  sandboxEnv: Record<string, string>
  /** The `node_modules` that `sandbox.setup` prepared, shown read-only in the worktree. */
  dependencies?: string
  sandboxLimits?: SandboxLimits
  /** Values to redact from anything the model sees (see secretValues). */
  secrets: readonly string[]
}

/** A tool call that ends the session: the task is done, or it needs an answer first. */
export type TerminalOutcome =
  | { kind: 'finish'; summary: string; filesChanged: string[]; checksRun: string[] }
  | { kind: 'blocker'; question: string }

/** What a tool call returns: the text for the model's tool_result, and facts for the loop. */
export interface ToolOutcome {
  content: string
  /** Becomes the tool_result's `is_error`: the model should read it and change course. */
  isError: boolean
  /** Repo-relative paths this call wrote, for the loop's progress guard. */
  changedFiles?: string[]
  terminal?: TerminalOutcome
}

/** Runs one tool call. Never throws: bad input and failures come back as error outcomes. */
export type ToolExecutor = (input: unknown, context: ToolContext) => Promise<ToolOutcome>
