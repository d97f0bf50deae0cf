import { createOctokitForge } from '../../../src/github/octokit-forge.js'
import type { Model } from '../../../src/models/model.js'
import type { RunPorts, RunSettings } from '../../../src/ports/run-ports.js'
import { openBranchStateStore } from '../../../src/state/branch-state-store.js'
import type { StateEvent } from '../../../src/state/events.js'
import type { AgentCommand, CommandRequest } from '../../../src/trigger/request.js'
import { silentLogger } from '../../../src/util/logger.js'
import type { FakeGitHub } from '../../harness/fake-github.js'
import { testGitEnv, type TempRepo } from '../../harness/git-repo.js'
import { at } from '../state/fixtures.js'

/** The feature the command tests' issue asks for, as GitHub holds the issue. */
export const DARK_MODE = { title: 'Add dark mode', body: 'Users want a dark theme.' }

/** The start of a run for DARK_MODE on `issue`, labelled by octocat, building `featureBranch`. */
export function darkModeStarted(
  issue: number,
  featureBranch = `agent-team/${issue}-add-dark-mode`
): StateEvent {
  return {
    type: 'run_started',
    at: at(0),
    trigger: 'issues.labeled',
    actor: 'octocat',
    issueNumber: issue,
    feature: { ...DARK_MODE },
    baseBranch: 'main',
    featureBranch
  }
}

export interface CommandContextOptions {
  /** The model a command may call (the manager revising a plan); until it returns one, the port throws. */
  model?: () => Model | undefined
  /** Settings that differ from the defaults, e.g. `approval: 'plan'`. */
  settings?: Partial<RunSettings>
}

/**
 * Settings and ports for code that acts on a committed run without running agents (commands, the start of a
 * follow-up): the fake GitHub through the real Octokit forge, the state branch of `repo`, a fixed clock.
 * The sandbox and workspace ports throw, and so does the model port unless `options.model` gives one, so a
 * test fails the moment such code reaches for them.
 */
export function commandContext(
  github: FakeGitHub,
  repo: TempRepo,
  now: number,
  options: CommandContextOptions = {}
) {
  const settings: RunSettings = {
    repoDir: repo.work,
    config: { path: '.ai-agents/config.yml', explicit: false },
    label: 'agent-team',
    triggerPhrase: '/agents',
    allowedBots: [],
    dispatch: {},
    mode: 'all',
    push: true,
    secrets: [],
    commandEnv: {},
    ...options.settings
  }
  const ports: RunPorts = {
    forge: createOctokitForge({
      token: 'test-token',
      repo: { owner: 'octo-org', repo: 'widgets' },
      baseUrl: github.url,
      logger: silentLogger,
      throttle: false,
      retryBaseMs: 1
    }),
    modelFor: () => {
      const model = options.model?.()
      if (!model) throw new Error('no model call is expected here')
      return model
    },
    prepareSandbox: () => {
      throw new Error('no agent runs here')
    },
    openWorkspace: () => {
      throw new Error('no workspace is opened here')
    },
    openStateStore: () => openBranchStateStore({ repoDir: repo.work, env: testGitEnv }),
    clock: { now: () => now, sleep: async () => undefined },
    logger: silentLogger
  }
  return { settings, ports }
}

/** Posts `/agents <text>` on `issue` as octocat would, and the request the trigger makes of that comment. */
export function postCommand(
  github: FakeGitHub,
  issue: number,
  text: string,
  command: Exclude<AgentCommand, { name: 'run' }>
): CommandRequest {
  const commentId = github.addComment(issue, { body: `/agents ${text}`, user: 'octocat' })
  return {
    kind: 'command',
    trigger: 'issue_comment',
    command,
    actor: 'octocat',
    actorIsBot: false,
    issueNumber: issue,
    commentId
  }
}
