import { createOctokitForge } from '../../../src/github/octokit-forge.js'
import type { RunPorts, RunSettings } from '../../../src/ports/run-ports.js'
import { openBranchStateStore } from '../../../src/state/branch-state-store.js'
import { silentLogger } from '../../../src/util/logger.js'
import type { FakeGitHub } from '../../harness/fake-github.js'
import { testGitEnv, type TempRepo } from '../../harness/git-repo.js'

/**
 * Settings and ports for code that acts on a committed run without running agents (commands, the start of a
 * follow-up): the fake GitHub through the real Octokit forge, the state branch of `repo`, a fixed clock.
 * The model, sandbox and workspace ports throw, so a test fails the moment such code reaches for them.
 */
export function commandContext(github: FakeGitHub, repo: TempRepo, now: number) {
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
    commandEnv: {}
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
      throw new Error('no model call is expected here')
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
