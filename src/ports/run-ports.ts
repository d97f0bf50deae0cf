import type { RoleConfig, SandboxSettings } from '../config/team-config.js'
import type { Forge } from '../github/forge.js'
import type { Model } from '../models/model.js'
import type { RunState } from '../state/run-state.js'
import type { Clock } from '../util/clock.js'
import type { Logger } from '../util/logger.js'
import type { GitIdentity, Workspace } from '../workspace/workspace.js'
import type { StateStore } from '../state/state-store.js'
import type { CommandSandbox } from '../sandbox/sandbox.js'
import type { SettingOverrides } from '../config/overrides.js'
import type { RunnerRef } from '../state/events.js'

/** The side effects a run may have. The action, the CLI and the tests each pass their own. */
export interface RunPorts {
  forge: Forge
  /** The model a role talks to. Called only once the run is authorised, so a missing key costs nothing before. */
  modelFor(role: RoleConfig): Model
  /** Git for the run's branches and worktrees; opened only when the team starts working. */
  openWorkspace(): Promise<Workspace>
  /** Where the run state is committed (the state branch, or the feature branch in the classic layout). */
  openStateStore(run: { featureBranch: string; baseBranch: string }): Promise<StateStore>
  /**
   * The sandbox agents' commands will run in, checked to work (`true` has run in it). Called once per run
   * that may run agents' code, before the first model call; throws SandboxUnavailable (with the steps that
   * fix the machine) when the sandbox cannot start and the run must not go on.
   */
  prepareSandbox(settings: SandboxSettings): Promise<CommandSandbox>
  clock: Clock
  logger: Logger
  /** Hears every change of the run state (the CLI's live terminal view). The action passes none. */
  onStateChange?(state: RunState): void
}

/** Plain settings, already parsed from action inputs or CLI flags. */
export interface RunSettings {
  /** The repository checkout the team works in. */
  repoDir: string
  config: { path: string; explicit: boolean }
  label: string
  triggerPhrase: string
  /** Bots that may trigger a run (logins, `*` for all). */
  allowedBots: string[]
  /** workflow_dispatch inputs given to the action. */
  dispatch: { feature?: string; issue?: string }
  /** Link to this workflow run, shown in comments. */
  runUrl?: string
  /**
   * What action inputs or CLI flags set over the team configuration (`model`, `max_parallel`), already
   * checked; resolveTeamSettings applies them once, where the configuration is loaded.
   */
  overrides?: SettingOverrides
  /**
   * `all`: plan and build; `plan`: stop after publishing the plan; `task`: one task of a run spread over
   * several runners (`scaleOut.task`), started by a workflow_dispatch of an earlier job.
   */
  mode: 'all' | 'plan' | 'task'
  /** The run spread over several runners (input `runners` above 1, or mode `task`); unset: one process. */
  scaleOut?: ScaleOut
  /**
   * `plan` (input `approval`): a fresh run of mode `all` stops after publishing its plan, waiting for
   * `/agents approve`. Unset or `none`: it builds at once.
   */
  approval?: 'none' | 'plan'
  /** Branch the feature branch starts from; default the repository's default branch. */
  baseBranch?: string
  /** Push branches to the remote. */
  push: boolean
  /**
   * The values the entrypoint knows to be secret (the GitHub token, the model API key, the runner's own
   * tokens), handed over by value: the engine redacts them from everything a model, a comment or a log line
   * sees (redacting-ports.ts, the agents' tools, the QA gate). The core never reads the process environment,
   * so what is redacted never depends on what a variable happens to be called.
   */
  secrets: readonly string[]
  /**
   * The environment agents' commands and the engine's git in their tools start from, already scrubbed by
   * the entrypoint (scrubbedEnv: allow-listed names only, no known secret value).
   */
  commandEnv: Record<string, string>
  /**
   * Aborted when the runner cancels the job (SIGTERM/SIGINT): no new work starts, model calls in flight are
   * aborted, work in progress is committed to its task branch, and the run is recorded as interrupted. Inside
   * the run the same field carries the run's halt signal (see halt.ts), which a stop or the deadline aborts.
   */
  signal?: AbortSignal
  /** Author of the agents' commits; default the github-actions bot identity. */
  author?: GitIdentity
  /**
   * The run's own deadline (input `timeout_minutes`): when it passes no new work starts, running sessions
   * drain with their work pushed, and the run ends `partial`. Unset: no deadline.
   */
  timeoutMinutes?: number
  /** How often a live run looks for `/agents stop` on its issue and PR; default 10 s. */
  stopPollMs?: number
}

/** This job's part in a run spread over several runners (orchestrator/scale-out.ts). */
export interface ScaleOut {
  /** How many runners may work on the run at once, this one included (input `runners`). */
  runners: number
  /** This job: `<run id>-<attempt>`, and its page. */
  runner: RunnerRef
  /**
   * The workflow file that starts more jobs and the branch it is on (from GITHUB_WORKFLOW_REF); undefined
   * outside GitHub Actions, where no job can be dispatched.
   */
  workflow?: { file: string; ref: string }
  /** Mode `task`: the task this job does, and the run it belongs to (inputs `task` and `run_key`). */
  task?: string
  runKey?: string
  /** A task whose runner gave no sign of life for this long is dispatched again (input heartbeat_timeout_minutes). */
  staleAfterMs: number
}

/** The webhook event (or a CLI stand-in) that started the run. */
export interface RunEvent {
  name: string
  payload: unknown
}
