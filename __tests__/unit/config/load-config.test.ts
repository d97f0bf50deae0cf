import { afterEach, describe, expect, it } from '@jest/globals'
import { loadTeamConfig } from '../../../src/config/load-config.js'
import { ConfigError } from '../../../src/util/errors.js'
import { lines, tempRepos } from './temp-repo.js'

const repos = tempRepos()
afterEach(() => repos.cleanup())

const DEFAULT_PATH = '.ai-agents/config.yml'
const load = (repoDir: string, path = DEFAULT_PATH, explicit = false) =>
  loadTeamConfig({ repoDir, path, explicit })

const sonnet = { provider: 'anthropic', modelName: 'claude-sonnet-4-6' }
const defaultLimits = {
  maxParallel: 3,
  maxTurns: 40,
  tokenBudget: 0,
  costLimitUsd: 5,
  commandTimeoutSeconds: 300,
  maxTasks: 50
}

describe('limits.max_parallel', () => {
  it.each([1, 16])('takes %d, an end of the range the action input and the CLI flag share', async n => {
    const team = await load(await repos.make({ [DEFAULT_PATH]: lines(`limits: { max_parallel: ${n} }`) }))

    expect(team.limits.maxParallel).toBe(n)
  })
})

describe('loadTeamConfig without a configuration file', () => {
  it('uses the built-in team and every default', async () => {
    const team = await load(await repos.make())

    expect(team.source).toBe('(built-in)')
    expect(team.manager).toMatchObject({ name: 'manager', base: 'manager', model: sonnet, maxTokens: 8192 })
    expect(Object.keys(team.roles)).toEqual(['backend-dev', 'frontend-dev', 'qa-tester'])
    expect(team.limits).toEqual(defaultLimits)
    expect(team.coordination).toEqual({ maxIterations: 3, autoMerge: true })
    expect(team).toMatchObject({ protectedPaths: [], allowWorkflowEdits: false, checks: [] })
  })

  it('refuses a missing file at a path the user named', async () => {
    const error = await load(await repos.make(), 'team/agents.yml', true).catch(e => e)

    expect(error).toBeInstanceOf(ConfigError)
    expect(error.message).toBe(
      'team/agents.yml:1:1: the configuration file does not exist. This path was set explicitly (the "config" ' +
        'input): create the file, or leave the input unset to use the built-in team'
    )
  })

  it("gates on the repository's test script, run with the package manager of its lockfile", async () => {
    const manifest = JSON.stringify({ scripts: { test: 'jest' } })
    expect((await load(await repos.make({ 'package.json': manifest }))).checks).toEqual(['npm test'])
    expect((await load(await repos.make({ 'package.json': manifest, 'pnpm-lock.yaml': '' }))).checks).toEqual(
      ['pnpm test']
    )
    expect((await load(await repos.make({ 'package.json': manifest, 'yarn.lock': '' }))).checks).toEqual([
      'yarn test'
    ])
  })

  it("does not gate on npm's placeholder test script", async () => {
    const placeholder = JSON.stringify({ scripts: { test: 'echo "Error: no test specified" && exit 1' } })
    expect((await load(await repos.make({ 'package.json': placeholder }))).checks).toEqual([])
  })
})

describe('loadTeamConfig with .ai-agents/config.yml', () => {
  it('reads a full configuration', async () => {
    const repo = await repos.make({
      'docs/architecture.md': '# Architecture',
      'README.md': '# Shop',
      'docs/roles/writer.md': 'You write the user guide.',
      'docs/platforms/hugo.md': 'Hugo notes.',
      'package.json': JSON.stringify({ scripts: { test: 'jest' } }),
      [DEFAULT_PATH]: lines(
        '# The shop team',
        'agents:',
        '  manager:',
        '    base: manager',
        '    project_context: [docs/architecture.md]',
        '    model: { provider: anthropic, model_name: claude-opus-4-1, temperature: 0.3 }',
        '    max_tokens: 16000',
        '  backend-dev:',
        '    base: backend',
        '    platforms: [node]',
        '    project_context: [docs/architecture.md, ./README.md]',
        '    model: { provider: anthropic, model_name: claude-sonnet-4-5, temperature: 0.2 }',
        '    max_tokens: 8192',
        '    description: Builds the API',
        '    commands: ["npm test", "npm run lint"]',
        '  docs-writer:',
        '    base: docs/roles/writer.md',
        '    platforms: [docs/platforms/hugo.md]',
        '    description: Writes the user guide',
        '    model: gpt-4.1',
        'protected_paths: ["infra/**", "*.pem"]',
        'allow_workflow_edits: true',
        'checks: ["npm test", "npm run typecheck"]',
        'sandbox:',
        '  setup: ["npm ci --ignore-scripts", "npm run build"]',
        '  read_only_paths: [/opt/hostedtoolcache/Python]',
        '  env: { NODE_ENV: test, RETRIES: 3 }',
        '  memory_mb: 2048',
        '  max_processes: 256',
        'limits: { max_parallel: 4, max_turns: 60, token_budget: 2000000, cost_limit_usd: 10, command_timeout_seconds: 120, max_tasks: 200 }',
        'coordination: { max_iterations: 2, auto_merge: false }'
      )
    })

    expect(await load(repo)).toEqual({
      source: DEFAULT_PATH,
      manager: {
        name: 'manager',
        description: expect.stringContaining('Plans the feature'),
        base: 'manager',
        platforms: [],
        projectContext: ['docs/architecture.md'],
        model: { provider: 'anthropic', modelName: 'claude-opus-4-1', temperature: 0.3 },
        maxTokens: 16000
      },
      roles: {
        'backend-dev': {
          name: 'backend-dev',
          description: 'Builds the API',
          base: 'backend',
          platforms: ['node'],
          projectContext: ['docs/architecture.md', 'README.md'],
          model: { provider: 'anthropic', modelName: 'claude-sonnet-4-5', temperature: 0.2 },
          maxTokens: 8192,
          commands: ['npm test', 'npm run lint']
        },
        'docs-writer': {
          name: 'docs-writer',
          description: 'Writes the user guide',
          base: 'docs/roles/writer.md',
          platforms: ['docs/platforms/hugo.md'],
          projectContext: [],
          model: { provider: 'openai', modelName: 'gpt-4.1' },
          maxTokens: 8192
        }
      },
      protectedPaths: ['infra/**', '*.pem'],
      allowWorkflowEdits: true,
      checks: ['npm test', 'npm run typecheck'],
      limits: {
        maxParallel: 4,
        maxTurns: 60,
        tokenBudget: 2000000,
        costLimitUsd: 10,
        commandTimeoutSeconds: 120,
        maxTasks: 200
      },
      coordination: { maxIterations: 2, autoMerge: false },
      sandbox: {
        setup: ['npm ci --ignore-scripts', 'npm run build'],
        readOnlyPaths: ['/opt/hostedtoolcache/Python'],
        env: { NODE_ENV: 'test', RETRIES: '3' },
        memoryMb: 2048,
        maxProcesses: 256
      }
    })
  })

  it('fills in what a short file leaves out, and plans with the built-in manager when no role plans', async () => {
    const repo = await repos.make({ [DEFAULT_PATH]: lines('agents:', '  backend-dev:', '  data-engineer:') })
    const team = await load(repo)

    expect(team.manager).toMatchObject({ name: 'manager', base: 'manager', model: sonnet })
    expect(team.roles['backend-dev']).toMatchObject({
      base: 'backend',
      description: expect.stringContaining('server-side')
    })
    expect(team.roles['data-engineer']).toMatchObject({
      base: 'generic',
      platforms: [],
      model: sonnet,
      maxTokens: 8192
    })
    expect(team.roles['data-engineer']!.commands).toBeUndefined()
    expect(team.limits).toEqual(defaultLimits)
  })

  it('reads the classic .ai-agents layout, ignoring the keys it has for other tools', async () => {
    const repo = await repos.make({
      '.ai-agents/context/architecture.md': '# Architecture',
      [DEFAULT_PATH]: lines(
        'project_id: "ecommerce-web-app"',
        'agent_library: { repo: "git@github.com:org/agents.git", version: "1.0.0" }',
        'agents:',
        '  team_manager:',
        '    base: "base/manager.md"',
        '    coordination: { manages: [frontend_developer, backend_developer] }',
        '    model: { provider: "anthropic", model_name: "claude-sonnet-4-5", temperature: 0.7 }',
        '  frontend_developer:',
        '    base: "base/software-developer.md"',
        '    platforms: ["platforms/web/frontend-developer.md"]',
        '    project_context: [".ai-agents/context/architecture.md"]',
        '    skills: ["core/webapp-testing"]',
        '    memory: { enabled: true, retention_policy: "high_priority" }',
        '  backend_developer:',
        '    base: "base/software-developer.md"',
        '    platforms: ["platforms/web/backend-developer.md", "platforms/mobile/mobile-developer.md"]',
        '    model: "claude-sonnet-4"',
        '    max_tokens: 8000',
        '  qa_tester:',
        '    base: "base/qa-tester.md"',
        '    tools: ["tools/testing-tools.md"]',
        '  scrum_master:',
        '    enabled: false',
        '    base: "base/scrum-master.md"',
        'project: { tech_stack: { frontend: [React] } }',
        'context_files: { architecture: ".ai-agents/context/architecture.md" }',
        'state_provider: { type: linear, api_key_env: LINEAR_API_KEY }',
        'notifications: { slack: { webhook_url: "${SLACK_WEBHOOK_URL}" } }'
      )
    })
    const team = await load(repo)

    expect(team.manager).toMatchObject({ name: 'team_manager', base: 'manager', model: { temperature: 0.7 } })
    expect(Object.keys(team.roles)).toEqual(['frontend_developer', 'backend_developer', 'qa_tester'])
    expect(team.roles.frontend_developer).toMatchObject({
      base: 'frontend',
      platforms: ['web'],
      projectContext: ['.ai-agents/context/architecture.md']
    })
    expect(team.roles.backend_developer).toMatchObject({
      base: 'backend',
      platforms: ['node'],
      model: { provider: 'anthropic', modelName: 'claude-sonnet-4' },
      maxTokens: 8000
    })
    expect(team.roles.qa_tester!.base).toBe('qa')
  })

  it('prefers a repository file over the layout library path of the same name', async () => {
    const repo = await repos.make({
      'base/manager.md': 'Our own manager prompt.',
      [DEFAULT_PATH]: lines('agents:', '  lead: { base: base/manager.md }', '  dev: {}')
    })
    const team = await load(repo)

    // A repo file is not the bundled manager, so `lead` is an ordinary role and the built-in manager plans.
    expect(team.roles.lead!.base).toBe('base/manager.md')
    expect(team.manager.name).toBe('manager')
  })

  it('lets roles share settings through an x- anchor and merge keys', async () => {
    const repo = await repos.make({
      [DEFAULT_PATH]: lines(
        'x-defaults: &defaults',
        '  model: { provider: anthropic, model_name: claude-haiku-4-5 }',
        '  max_tokens: 4096',
        'agents:',
        '  backend-dev: { <<: *defaults, base: backend }',
        '  frontend-dev: { <<: *defaults, max_tokens: 2048 }'
      )
    })
    const team = await load(repo)

    expect(team.roles['backend-dev']).toMatchObject({
      model: { modelName: 'claude-haiku-4-5' },
      maxTokens: 4096
    })
    expect(team.roles['frontend-dev']).toMatchObject({ base: 'frontend', maxTokens: 2048 })
  })

  it('treats an empty file as all defaults', async () => {
    const team = await load(await repos.make({ [DEFAULT_PATH]: '# nothing yet\n' }))

    expect(team.source).toBe(DEFAULT_PATH)
    expect(Object.keys(team.roles)).toEqual(['backend-dev', 'frontend-dev', 'qa-tester'])
  })
})

describe('loadTeamConfig with orchestrator-config.json', () => {
  const orchestratorJson = JSON.stringify(
    {
      project_dir: '/path/to/project',
      communication_file: '.ai-agents/state/team-communication.json',
      agents: [{ id: 'manager', role: 'team_manager', max_concurrent_tasks: 10 }],
      coordination: { check_interval_seconds: 30, max_iterations: 50, auto_merge: false },
      limits: { max_parallel: 5, max_turns: 60 }
    },
    null,
    2
  )

  it('adds its settings, and the YAML wins where both set a key', async () => {
    const repo = await repos.make({
      '.ai-agents/orchestrator-config.json': orchestratorJson,
      [DEFAULT_PATH]: lines('coordination:', '  auto_merge: true', 'limits:', '  max_parallel: 2')
    })
    const team = await load(repo)

    expect(team.coordination).toEqual({ maxIterations: 50, autoMerge: true })
    expect(team.limits).toEqual({ ...defaultLimits, maxParallel: 2, maxTurns: 60 })
    expect(team.source).toBe(DEFAULT_PATH)
  })

  it('applies to the built-in team when there is no YAML', async () => {
    const team = await load(await repos.make({ '.ai-agents/orchestrator-config.json': orchestratorJson }))

    expect(team.source).toBe('.ai-agents/orchestrator-config.json')
    expect(team.coordination).toEqual({ maxIterations: 50, autoMerge: false })
    expect(team.limits.maxParallel).toBe(5)
    expect(Object.keys(team.roles)).toEqual(['backend-dev', 'frontend-dev', 'qa-tester'])
  })

  it('is read beside a YAML file at another path', async () => {
    const repo = await repos.make({
      'team/orchestrator-config.json': '{ "coordination": { "max_iterations": 7 } }',
      '.ai-agents/orchestrator-config.json': '{ "coordination": { "max_iterations": 9 } }',
      'team/agents.yml': lines('checks: []')
    })

    expect((await load(repo, 'team/agents.yml', true)).coordination.maxIterations).toBe(7)
  })
})
