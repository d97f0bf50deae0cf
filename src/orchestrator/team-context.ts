import type { TeamConfig } from '../config/team-config.js'
import type { CommandSandbox } from '../sandbox/sandbox.js'
import type { Plan } from '../planning/plan.js'
import type { Workspace, GitIdentity } from '../workspace/workspace.js'
import type { Mutex } from '../workspace/mutex.js'
import type { Budget } from './budget.js'
import type { RunKeeper } from '../state/run-keeper.js'
import type { RunPorts } from '../ports/run-ports.js'

/** Everything the tasks of one run share. Built once by team-work.ts after the plan exists. */
export interface TeamContext {
  team: TeamConfig
  plan: Plan
  keeper: RunKeeper
  workspace: Workspace
  ports: RunPorts
  budget: Budget
  featureBranch: string
  issueNumber?: number
  /** The manager's composed prompt, for blocker answers and stall guidance. */
  managerPrompt: string
  /** Role prompts, composed once per role. */
  rolePrompt(role: string): Promise<string>
  /** Merges, integration sessions and the QA gate touch the feature branch one at a time. */
  mergeLock: Mutex
  /** The environment of the engine's own git in the agents' tools (search, list_files): every secret removed. */
  commandEnv: Record<string, string>
  /** Where agents' commands and the QA checks run (prepared and checked before the first model call). */
  sandbox: CommandSandbox
  /** The `node_modules` that `sandbox.setup` prepared for every task, when it did. */
  dependencies?: string
  /** Values scrubbed from anything a model sees. */
  secrets: string[]
  author: GitIdentity
  /** Push branches to the remote (off for a local CLI run without --push). */
  push: boolean
  /** Manager interventions (stall guidance, fix rounds) left in this run. */
  iterationsLeft: { count: number }
  signal?: AbortSignal
}
