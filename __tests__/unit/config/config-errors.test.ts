import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdir, symlink } from 'node:fs/promises'
import { join } from 'node:path'
import { loadTeamConfig } from '../../../src/config/load-config.js'
import { ConfigError } from '../../../src/util/errors.js'
import { lines, tempRepos } from './temp-repo.js'

const repos = tempRepos()
afterEach(() => repos.cleanup())

const YAML = '.ai-agents/config.yml'
const JSON_FILE = '.ai-agents/orchestrator-config.json'

/** The ConfigError that loading these files gives; fails the test when loading succeeds. */
async function errorFrom(
  files: Record<string, string>,
  prepare?: (repo: string) => Promise<void>
): Promise<ConfigError> {
  const repo = await repos.make(files)
  await prepare?.(repo)
  const outcome = await loadTeamConfig({ repoDir: repo, path: YAML, explicit: false }).then(
    team => new Error(`expected a ConfigError, got a team from ${team.source}`),
    (error: unknown) => error
  )
  if (!(outcome instanceof ConfigError)) throw outcome
  return outcome
}

const worker = '  dev: {}'

describe('configuration errors', () => {
  it('reports a YAML syntax error where the parser stopped', async () => {
    const error = await errorFrom({
      [YAML]: lines('agents:', '  dev:', '    base: backend', '   platforms: [node]')
    })

    expect(error.message).toBe(`${YAML}:4:1: invalid YAML: All mapping items must start at the same column`)
    expect([error.file, error.line, error.column]).toEqual([YAML, 4, 1])
  })

  it('reports a key given twice at its second appearance', async () => {
    const error = await errorFrom({ [YAML]: lines('checks: [npm test]', 'checks: [npm run lint]') })

    expect(error.message).toBe(`${YAML}:2:1: invalid YAML: Map keys must be unique`)
  })

  it('reports a wrong type at the value, with what was expected and what was found', async () => {
    const error = await errorFrom({ [YAML]: lines('limits:', '  max_parallel: "three"') })

    expect(error.message).toBe(
      `${YAML}:2:17: limits.max_parallel: expected a whole number from 1 to 16, got "three"`
    )
  })

  it('reports a number out of range', async () => {
    const error = await errorFrom({ [YAML]: lines('limits: { max_turns: 40, max_parallel: 17 }') })

    expect(error.message).toBe(
      `${YAML}:1:40: limits.max_parallel: expected a whole number from 1 to 16, got 17`
    )
  })

  it.each([0, 17])(
    'refuses limits.max_parallel %d, outside the range of the action input and CLI flag',
    async n => {
      const error = await errorFrom({ [YAML]: lines(`limits: { max_parallel: ${n} }`) })

      expect(error.message).toBe(
        `${YAML}:1:25: limits.max_parallel: expected a whole number from 1 to 16, got ${n}`
      )
    }
  )

  it.each([0, 201, 2.5])('refuses limits.max_tasks %d, naming the file, line and range', async n => {
    const error = await errorFrom({ [YAML]: lines('limits:', `  max_tasks: ${n}`) })

    expect(error.message).toBe(
      `${YAML}:2:14: limits.max_tasks: expected a whole number from 1 to 200, got ${n}`
    )
  })

  it('does not read yes as true', async () => {
    const error = await errorFrom({ [YAML]: lines('coordination:', '  auto_merge: yes') })

    expect(error.message).toBe(`${YAML}:2:15: coordination.auto_merge: expected true or false, got "yes"`)
  })

  it('suggests the key a typo was meant to be, pointing at the key', async () => {
    const error = await errorFrom({ [YAML]: lines('limits:', '  max_turns: 10', '  max_paralel: 3') })

    expect(error.message).toBe(`${YAML}:3:3: limits: unknown key "max_paralel"; did you mean "max_parallel"?`)
  })

  it('suggests agent keys too, whatever their spelling style', async () => {
    const error = await errorFrom({ [YAML]: lines('agents:', '  dev:', '    projectContext: [README.md]') })

    expect(error.message).toBe(
      `${YAML}:3:5: agents.dev: unknown key "projectContext"; did you mean "project_context"?`
    )
  })

  it('lists the known keys for an unknown key that is no typo', async () => {
    const error = await errorFrom({ [YAML]: lines('checks: []', 'favourite_colour: blue') })

    expect(error.message).toBe(
      `${YAML}:2:1: unknown key "favourite_colour"; expected one of: agents, protected_paths, ` +
        'allow_workflow_edits, checks, sandbox, limits, coordination'
    )
  })

  it('rejects an unknown provider', async () => {
    const error = await errorFrom({ [YAML]: lines('agents:', '  dev:', '    model: { provider: antropic }') })

    expect(error.message).toBe(
      `${YAML}:3:24: agents.dev.model.provider: expected one of anthropic, openai, bedrock, vertex, scripted, got "antropic"; ` +
        'did you mean "anthropic"?'
    )
  })

  it('asks for a model name when the provider has no default model', async () => {
    const error = await errorFrom({ [YAML]: lines('agents:', '  dev:', '    model: { provider: openai }') })

    expect(error.message).toBe(
      `${YAML}:3:12: agents.dev.model: model_name is required when the provider is openai`
    )
  })

  it('keeps an anthropic temperature within 0 to 1', async () => {
    const error = await errorFrom({ [YAML]: lines('agents:', '  dev: { model: { temperature: 1.5 } }') })

    expect(error.message).toBe(
      `${YAML}:2:32: agents.dev.model.temperature: expected a number from 0 to 1 for a Claude model (anthropic), got 1.5`
    )
  })

  it('rejects an empty agents map', async () => {
    const error = await errorFrom({ [YAML]: lines('checks: []', 'agents: {}') })

    expect(error.message).toBe(
      `${YAML}:2:1: agents: expected at least one role; remove "agents:" to use the built-in team`
    )
  })

  it('rejects a team with a manager and no one to do the tasks', async () => {
    const error = await errorFrom({ [YAML]: lines('agents:', '  manager: {}', '  dev: { enabled: false }') })

    expect(error.message).toBe(
      `${YAML}:1:1: agents: the team needs at least one enabled role besides the manager to carry out the tasks`
    )
  })

  it('rejects a second manager at its name', async () => {
    const error = await errorFrom({
      [YAML]: lines('agents:', '  manager: {}', worker, '  lead: { base: manager }')
    })

    expect(error.message).toBe(
      `${YAML}:4:3: agents.lead: only one role may plan for the team, and "manager" already does ` +
        '(a role named "manager" or with base: manager is the planner)'
    )
  })

  it('rejects a role name that cannot become part of a branch name', async () => {
    const error = await errorFrom({ [YAML]: lines('agents:', '  Backend Dev: {}') })

    expect(error.message).toBe(
      `${YAML}:2:3: agents.Backend Dev: a role name is lowercase letters, digits, "-" and "_", starts with a ` +
        'letter and has at most 40 characters, got "Backend Dev"'
    )
  })

  it('suggests a built-in base for an unknown one', async () => {
    const error = await errorFrom({ [YAML]: lines('agents:', '  dev: { base: backnd }') })

    expect(error.message).toBe(
      `${YAML}:2:16: agents.dev.base: unknown base "backnd"; did you mean "backend"? Expected one of manager, ` +
        'backend, frontend, qa, generic, or the repository path of a Markdown file'
    )
  })

  it('suggests a built-in platform for an unknown one', async () => {
    const error = await errorFrom({ [YAML]: lines('agents:', '  dev:', '    platforms: [web, nodejs]') })

    expect(error.message).toBe(
      `${YAML}:3:22: agents.dev.platforms[1]: unknown platform "nodejs"; did you mean "node"? Expected one of ` +
        'web, node, python, or the repository path of a Markdown file'
    )
  })

  it('names a base file that does not exist', async () => {
    const error = await errorFrom({ [YAML]: lines('agents:', '  dev:', '    base: docs/roles/dev.md') })

    expect(error.message).toBe(
      `${YAML}:3:11: agents.dev.base: "docs/roles/dev.md" does not exist in the repository; or use a built-in ` +
        'base: manager, backend, frontend, qa, generic'
    )
  })

  it('names a project_context file that does not exist, at the line that lists it', async () => {
    const error = await errorFrom({
      'README.md': '# Shop',
      [YAML]: lines(
        'agents:',
        '  dev:',
        '    project_context:',
        '      - README.md',
        '      - docs/missing.md'
      )
    })

    expect(error.message).toBe(
      `${YAML}:5:9: agents.dev.project_context[1]: "docs/missing.md" does not exist in the repository`
    )
  })

  it('refuses project_context outside the repository', async () => {
    const climbing = await errorFrom({
      [YAML]: lines('agents:', '  dev: { project_context: [../notes.md] }')
    })
    expect(climbing.message).toBe(
      `${YAML}:2:28: agents.dev.project_context[0]: "../notes.md" points outside the repository; only files ` +
        'inside it can be read'
    )

    const absolute = await errorFrom({
      [YAML]: lines('agents:', '  dev: { project_context: [/etc/passwd] }')
    })
    expect(absolute.message).toBe(
      `${YAML}:2:28: agents.dev.project_context[0]: "/etc/passwd" is an absolute path; give a path relative to ` +
        'the repository root'
    )
  })

  it('refuses a project_context symlink whose target is outside the repository', async () => {
    const outside = await repos.make({ 'secret.txt': 'not for the model' })
    const error = await errorFrom(
      { [YAML]: lines('agents:', '  dev:', '    project_context: [docs/notes.md]') },
      async repo => {
        await mkdir(join(repo, 'docs'))
        await symlink(join(outside, 'secret.txt'), join(repo, 'docs/notes.md'))
      }
    )

    expect(error.message).toBe(
      `${YAML}:3:23: agents.dev.project_context[0]: "docs/notes.md" is a symlink that leads outside the ` +
        'repository; only files inside it can be read'
    )
  })

  it('never reads .git/, where the job token lives', async () => {
    const error = await errorFrom({
      '.git/config': '[core]',
      [YAML]: lines('agents:', '  dev: { project_context: [.git/config] }')
    })

    expect(error.message).toBe(
      `${YAML}:2:28: agents.dev.project_context[0]: ".git/config" is inside .git/, which is never read`
    )
  })

  it('rejects a command that needs a shell', async () => {
    const error = await errorFrom({
      [YAML]: lines('agents:', '  dev:', '    commands: ["npm ci && npm test"]')
    })

    expect(error.message).toBe(
      `${YAML}:3:16: agents.dev.commands[0]: expected one command without shell operators (; & | < > \` $( )), ` +
        'got "npm ci && npm test": commands run without a shell, so give each one its own item'
    )
  })

  it('rejects a protected path that is not relative to the repository', async () => {
    const error = await errorFrom({ [YAML]: lines('protected_paths: ["../etc/**"]') })

    expect(error.message).toBe(
      `${YAML}:1:19: protected_paths[0]: expected a gitignore-style pattern inside the repository (a leading "/" ` +
        'anchors it at the root), without ".." or a drive letter, got "../etc/**"'
    )
  })

  it.each([
    ['node', 'node --test'],
    ['python3', 'python -m pytest'],
    ['bash', 'sh scripts/test.sh'],
    ['sh', 'sh scripts/test.sh'],
    ['git', 'git status'],
    ['perl', 'perl <script>'],
    ['ruby', 'ruby <script>'],
    ['npx', 'npx jest'],
    ['npm run', 'npm test'],
    ['python3 -m', 'python -m pytest']
  ])('refuses an allow-list entry that allows a whole interpreter: %s', async (entry, example) => {
    const error = await errorFrom({
      [YAML]: lines('agents:', '  dev:', '    commands:', '      - npm test', `      - ${entry}`)
    })

    expect([error.file, error.line, error.column]).toEqual([YAML, 5, 9])
    expect(error.message).toContain(`agents.dev.commands[1]: \`${entry}\` would let agents run any`)
    expect(error.message).toContain(example)
  })

  it.each([
    ["node -e 'x'", '-e'],
    ['git -c core.pager=less log', '-c'],
    ['git submodule', 'git submodule'],
    ['npm test --script-shell=./x.sh', '--script-shell=./x.sh']
  ])('refuses an allow-list entry that holds a refused argument: %s', async (entry, argument) => {
    const error = await errorFrom({
      [YAML]: lines('agents:', '  dev:', `    commands: ["${entry}"]`)
    })

    expect(error.message).toContain(
      `${YAML}:3:16: agents.dev.commands[0]: \`${entry}\` holds \`${argument}\``
    )
  })

  it('refuses a wrapper that would hide the program it runs', async () => {
    const error = await errorFrom({
      [YAML]: lines('agents:', '  dev:', '    commands: ["timeout 60 npm test"]')
    })

    expect(error.message).toContain('runs a program through `timeout`')
    expect(error.message).toContain('list the program itself')
  })
})

describe('sandbox configuration errors', () => {
  it('rejects a setup command that needs a shell, at its line', async () => {
    const error = await errorFrom({ [YAML]: lines('sandbox:', '  setup:', '    - npm ci && npm run build') })

    expect(error.message).toMatch(
      new RegExp(`^${YAML}:3:7: sandbox\\.setup\\[0\\]: expected one command without shell operators`)
    )
  })

  it('rejects a read-only path that is not absolute', async () => {
    const error = await errorFrom({ [YAML]: lines('sandbox:', '  read_only_paths: [tools/bin]') })

    expect(error.message).toBe(
      `${YAML}:2:21: sandbox.read_only_paths[0]: expected an absolute path without ".." (a directory of the ` +
        'runner to show read-only in the sandbox), got "tools/bin"'
    )
  })

  it('refuses a variable that would load code into every process', async () => {
    const error = await errorFrom({
      [YAML]: lines('sandbox:', '  env:', '    NODE_OPTIONS: --require ./x.js')
    })

    expect(error.message).toBe(
      `${YAML}:3:19: sandbox.env.NODE_OPTIONS: NODE_OPTIONS is set by the sandbox itself and cannot be changed here`
    )
  })

  it('refuses a role variable whose name looks like a secret', async () => {
    const error = await errorFrom({
      [YAML]: lines('agents:', '  dev:', '    env: { SESSION_COOKIE_NAME: sid }')
    })

    expect(error.message).toMatch(
      new RegExp(
        `^${YAML}:3:\\d+: agents\\.dev\\.env\\.SESSION_COOKIE_NAME: SESSION_COOKIE_NAME looks like it holds a secret`
      )
    )
  })

  it('keeps the memory limit at a usable size', async () => {
    const error = await errorFrom({ [YAML]: lines('sandbox: { memory_mb: 16 }') })

    expect(error.message).toBe(
      `${YAML}:1:23: sandbox.memory_mb: expected a whole number of MiB from 128, got 16`
    )
  })
})

describe('secrets in the configuration', () => {
  const advice =
    'and secrets must never be in this file: it is committed with the repository, so everyone who can read the ' +
    'repository can read it. Remove it, store the value as a repository secret, and pass it to the action as ' +
    'an input (for example anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }})'

  it('refuses a key meant for a secret, before any other problem', async () => {
    const error = await errorFrom({
      [YAML]: lines('limits: { max_parallel: 99 }', 'agents:', '  dev:', '    api_key: "" # set later')
    })

    expect(error.message).toBe(`${YAML}:4:5: agents.dev.api_key: this key holds a secret, ${advice}`)
  })

  it('refuses a token-shaped value anywhere, ignored sections included', async () => {
    const token = `ghp_${'a1B2'.repeat(9)}`
    const error = await errorFrom({ [YAML]: lines('notifications:', '  slack:', `    channel: ${token}`) })

    expect(error.message).toBe(
      `${YAML}:3:14: notifications.slack.channel: this value looks like an API key or token, ${advice}`
    )
  })

  it('accepts the name of an environment variable', async () => {
    const repo = await repos.make({
      [YAML]: lines('state_provider: { api_key_env: LINEAR_API_KEY }', 'checks: []')
    })
    await expect(loadTeamConfig({ repoDir: repo, path: YAML, explicit: false })).resolves.toMatchObject({
      checks: []
    })
  })

  it('refuses a secret in orchestrator-config.json too', async () => {
    const error = await errorFrom({
      [JSON_FILE]: lines('{', '  "coordination": {},', '  "anthropic_api_key": "x"', '}')
    })

    expect(error.message).toBe(`${JSON_FILE}:3:3: anthropic_api_key: this key holds a secret, ${advice}`)
  })
})

describe('orchestrator-config.json errors', () => {
  it('reports a JSON syntax error at its line and column', async () => {
    const error = await errorFrom({
      [JSON_FILE]: lines('{', '  "coordination": {', '    "max_iterations": 5,', '  }', '}')
    })

    expect(error.message).toBe(
      `${JSON_FILE}:3:24: invalid JSON: a trailing comma before "}" is not allowed in JSON`
    )
  })

  it('reports a wrong type at its line and column', async () => {
    const error = await errorFrom({
      [JSON_FILE]: lines('{', '  "coordination": {', '    "max_iterations": "many"', '  }', '}')
    })

    expect(error.message).toBe(
      `${JSON_FILE}:3:23: coordination.max_iterations: expected a whole number from 0 to 100, got "many"`
    )
  })

  it('suggests the key a typo was meant to be', async () => {
    const error = await errorFrom({ [JSON_FILE]: lines('{ "coordination": { "auto_merg": true } }') })

    expect(error.message).toBe(
      `${JSON_FILE}:1:21: coordination: unknown key "auto_merg"; did you mean "auto_merge"?`
    )
  })
})
