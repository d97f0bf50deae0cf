// One team run against local fakes, through the command line or through the action, with what a benchmark
// measures around it. Both start from the greeting sample with a bare origin, as the tests do.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { harnessModule } from './harness.mjs'
import { FEATURE, QUICK, teamHandler, watchPeakRss } from './team.mjs'

const { startFakeAnthropic } = await harnessModule('fake-anthropic')
const { startFakeGitHub } = await harnessModule('fake-github')
const { bareBranchHooks } = await harnessModule('bare-compare')
const { serveOverHttp } = await harnessModule('http-checkout')
const { runAction, DIST_ENTRY } = await harnessModule('run-action')
const { sampleRepo } = await harnessModule('sample-project')
const { labeledIssue } = await harnessModule('webhook-payloads')

export const CLI_ENTRY = fileURLToPath(new URL('../../dist/cli/index.js', import.meta.url))
export { DIST_ENTRY }

/** Stops the script with a message when dist/ has not been built: the benchmarks measure the build. */
export function requireDist() {
  for (const entry of [DIST_ENTRY, CLI_ENTRY]) {
    if (!existsSync(entry)) {
      process.stderr.write(`${entry} is missing; build it with npm run package.\n`)
      process.exit(1)
    }
  }
}

/**
 * The sample's own `npm test` is the default check; `checks: []` turns the gate off. `maxTasks` raises the
 * plan's task limit (`limits.max_tasks`) for the plans bigger than the default allows.
 */
function configFiles(withCheck, maxTasks) {
  const lines = [withCheck ? '' : 'checks: []', maxTasks ? `limits:\n  max_tasks: ${maxTasks}` : ''].filter(
    Boolean
  )
  return lines.length ? { '.ai-agents/config.yml': `${lines.join('\n')}\n` } : {}
}

/** The state branch every run commits to. */
export const STATE_BRANCH = 'agent-team/state'

/**
 * `agent-team run` on a fresh copy of the sample, with the model at a fake Anthropic answering every request
 * after `latencyMs`. Resolves to the wall time of the process (spawn to exit), its peak RSS, its output, the
 * fake's requests and the repository (removed by the caller's `cleanup`).
 */
export async function cliRun({ plan, turns, latencyMs, maxParallel, withCheck = true }) {
  const repo = await sampleRepo(configFiles(withCheck))
  const anthropic = await startFakeAnthropic({ latencyMs, handler: teamHandler(plan, turns) })
  try {
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: repo.root,
      TMPDIR: repo.root,
      USER: 'bench',
      // The host's git configuration (signing, hooks) must not change what is measured.
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
      ANTHROPIC_API_KEY: 'sk-ant-bench-0123456789',
      ANTHROPIC_BASE_URL: anthropic.url,
      ...(process.env.BENCH_DEBUG ? { AGENT_TEAM_DEBUG: '1' } : {})
    }
    const args = [CLI_ENTRY, 'run', FEATURE, '--repo', repo.work, '--max-parallel', String(maxParallel)]
    const started = performance.now()
    const child = spawn(process.execPath, args, { cwd: repo.work, env, stdio: ['ignore', 'pipe', 'pipe'] })
    const rss = watchPeakRss(child.pid)
    // A run that hangs must not hold the whole bench (and CI) forever.
    const timer = setTimeout(() => child.kill('SIGKILL'), 30 * 60_000)
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', chunk => (stdout += chunk))
    child.stderr.on('data', chunk => (stderr += chunk))
    const code = await new Promise((resolve, reject) => {
      child.on('error', reject)
      child.on('close', resolve)
    })
    const ms = performance.now() - started
    clearTimeout(timer)
    return {
      code,
      ms,
      peakRss: await rss.stop(),
      stdout,
      stderr,
      requests: anthropic.requests,
      violations: anthropic.violations,
      gitDir: `${repo.work}/.git`,
      cleanup: () => repo.cleanup()
    }
  } finally {
    await anthropic.close()
  }
}

/** The token checkout persisted and the action gets as `github_token`. */
const GITHUB_TOKEN = 'ghs_bench_token_0123456789'

/**
 * `node dist/index.js` as the runner runs it on an `issues.labeled` event, against a fake GitHub and the
 * sample's origin served over smart HTTP, with the GitHub throttle on as in production (off with --quick). Resolves to the wall
 * time of the process, its peak RSS, the action's result, both fakes' request logs and the bare origin.
 */
export async function actionRun({
  plan,
  turns,
  latencyMs,
  maxParallel,
  withCheck = true,
  maxTasks,
  timeoutMs,
  onStdout
}) {
  const repo = await sampleRepo(configFiles(withCheck, maxTasks))
  const served = await serveOverHttp(repo, { token: GITHUB_TOKEN, layout: 'v6' })
  const github = await startFakeGitHub({ ...bareBranchHooks(repo.origin) })
  const anthropic = await startFakeAnthropic({ latencyMs, handler: teamHandler(plan, turns) })
  try {
    github.setPermission('octocat', 'write')
    const issue = github.addIssue({ title: FEATURE, body: plan.summary })
    let rss
    let started = performance.now()
    const result = await runAction({
      eventName: 'issues',
      payload: labeledIssue({ number: issue, title: FEATURE, body: plan.summary }),
      githubUrl: github.url,
      anthropicUrl: anthropic.url,
      workspace: repo.work,
      inputs: { github_token: GITHUB_TOKEN, max_parallel: String(maxParallel) },
      // The throttle paces writes as on github.com, so the figures include it; run-action turns it off for
      // the tests' speed, and so does --quick, which only checks that the benchmarks work.
      env: {
        GITHUB_SERVER_URL: served.serverUrl,
        RUNNER_TEMP: served.runnerTemp,
        AGENT_TEAM_GITHUB_THROTTLE: QUICK ? 'off' : 'on'
      },
      timeoutMs: timeoutMs ?? 30 * 60_000,
      onStdout,
      onSpawn: pid => {
        // From the spawn: the runner's scratch files run-action writes first are not the action's time.
        started = performance.now()
        rss = watchPeakRss(pid)
      }
    })
    const ms = performance.now() - started
    return {
      result,
      ms,
      peakRss: await rss?.stop(),
      githubRequests: github.requests,
      originRequests: served.origin.log,
      githubViolations: github.violations,
      modelRequests: anthropic.requests,
      modelViolations: anthropic.violations,
      gitDir: repo.origin,
      cleanup: () => repo.cleanup()
    }
  } finally {
    await Promise.all([github.close(), anthropic.close(), served.close()])
  }
}

/** Why a run did not finish its plan, in one line; undefined when it did. */
export function failureOf({ code, stdout, stderr, violations = [] }) {
  if (code === 0 && violations.length === 0) return undefined
  const lines = `${stderr}\n${stdout}`.split('\n').filter(line => line.trim() !== '')
  const violation = violations[0] ? `; fake Anthropic: ${violations[0].message}` : ''
  return `exit ${code}: ${lines.slice(-3).join(' | ')}${violation}`
}
