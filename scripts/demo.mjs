// `npm run demo`: the whole team on the greeting sample, on this machine, in seconds. The sample is copied
// to a temporary folder and made a git repository with one commit; then the built command line runs the
// real engine on it (plan, parallel agents on their own branches, merges, checks, summary) while the
// model's words come from a shipped transcript, so it needs no network and no API key. It leaves the
// repository in place and prints how to look at what the team did.
//
//   node scripts/demo.mjs                 replay samples/demo-transcript.json
//   node scripts/demo.mjs --record FILE   run against the Anthropic API (ANTHROPIC_API_KEY, and
//                                         ANTHROPIC_BASE_URL if set) and write a new transcript to FILE
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readdir, realpath } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const SAMPLE = join(ROOT, 'samples', 'greeting')
const TRANSCRIPT = join(ROOT, 'samples', 'demo-transcript.json')
const CLI = join(ROOT, 'dist', 'cli', 'index.js')

// The transcript was recorded for this request. Replies are matched by conversation (forced tool, task,
// turn), not by this text, but the feature branch is named from it, so keep the two together.
const FEATURE =
  'Add a greeting banner: greet(name), a framed banner(text), and greetingBanner(name) combining them, with tests'

const LOG_LINES = 30

function fail(message, code = 1) {
  process.stderr.write(`demo: ${message}\n`)
  process.exit(code)
}

function parseOptions(argv) {
  if (argv.length === 0) return { record: undefined }
  if (argv[0] === '--record' && argv.length === 2) return { record: resolve(argv[1]) }
  fail(`unexpected arguments "${argv.join(' ')}"; usage: node scripts/demo.mjs [--record FILE]`, 2)
}

/** Runs git in `dir` and returns its output; the demo's own git calls must not fail quietly. */
function git(dir, ...args) {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

/** Copies the sample's files; a node_modules a developer installed there is not part of the project. */
async function copyProject(from, to) {
  await mkdir(to, { recursive: true })
  for (const entry of await readdir(from, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue
    const source = join(from, entry.name)
    const target = join(to, entry.name)
    if (entry.isDirectory()) await copyProject(source, target)
    else if (entry.isFile()) await copyFile(source, target)
  }
}

/** A fresh repository holding the sample, committed on `main` with an identity of its own. */
async function createRepository() {
  // realpath: git reports resolved paths (macOS keeps the temporary folder behind a symlink), and the
  // paths printed at the end should be the ones git shows.
  const parent = await realpath(await mkdtemp(join(tmpdir(), 'agent-team-demo-')))
  const dir = join(parent, 'greeting')
  await copyProject(SAMPLE, dir)
  git(parent, 'init', '--quiet', '-b', 'main', dir)
  // Local settings only: the person's global configuration stays untouched, and signing is off because a
  // signing key that asks for a passphrase would stall the engine's commits.
  git(dir, 'config', 'user.name', 'Demo Person')
  git(dir, 'config', 'user.email', 'demo@example.com')
  git(dir, 'config', 'commit.gpgsign', 'false')
  git(dir, 'add', '--all')
  git(dir, 'commit', '--quiet', '-m', 'Greeting sample project')
  return dir
}

/** The run's feature branch: the one branch under agent-team/ that is neither the state nor a task's. */
function featureBranchOf(dir) {
  return git(dir, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/agent-team/')
    .split('\n')
    .find(name => name !== '' && name !== 'agent-team/state' && !name.includes('--'))
}

function printSummary(dir, seconds, code) {
  const say = line => process.stdout.write(`${line}\n`)
  const color = process.stdout.isTTY ? '--color=always' : '--color=never'
  const branch = featureBranchOf(dir)
  say('')
  say(`── demo ${code === 0 ? 'finished' : `stopped (exit ${code})`} in ${seconds.toFixed(1)} s ──`)
  say(`The repository the team worked in: ${dir}`)
  if (branch) {
    say(`Feature branch: ${branch}`)
    say('')
    say(`git -C ${dir} log --graph --oneline --all`)
    const log = git(dir, 'log', '--graph', '--oneline', '--decorate', color, '--all').trimEnd().split('\n')
    for (const line of log.slice(0, LOG_LINES)) say(`  ${line}`)
    if (log.length > LOG_LINES) say(`  … ${log.length - LOG_LINES} more lines`)
    say('')
    say('Files the team wrote (main → feature branch):')
    for (const line of git(dir, 'diff', '--stat=72', color, `main...${branch}`).trimEnd().split('\n'))
      say(`  ${line}`)
  }
  say('')
  say('Look further:')
  say(`  git -C ${dir} log --graph --oneline --all`)
  if (branch) {
    say(`  git -C ${dir} diff main...${branch}`)
    say(`  cd ${dir} && git switch ${branch} && npm test`)
  }
  say(`  cat ${join(dir, '.git', 'agent-team', 'pull-request.md')}`)
  say(`  node ${CLI} status --repo ${dir}`)
  say(`Remove it when done: rm -rf ${dirname(dir)}`)
}

async function main() {
  const options = parseOptions(process.argv.slice(2))
  if (!existsSync(CLI)) fail(`${CLI} is missing; build it with npm run package.`)
  if (!options.record && !existsSync(TRANSCRIPT)) fail(`${TRANSCRIPT} is missing.`)
  if (spawnSync('git', ['--version'], { stdio: 'ignore' }).status !== 0) fail('git is not installed.')

  const dir = await createRepository()
  const model = options.record ? ['--record', options.record] : ['--model', `scripted:${TRANSCRIPT}`]
  const started = Date.now()
  // Inherited streams: on a terminal the engine draws its live task list as the team works.
  const run = spawnSync(process.execPath, [CLI, 'run', FEATURE, '--repo', dir, ...model], {
    stdio: 'inherit'
  })
  const seconds = (Date.now() - started) / 1000
  if (run.error) fail(`could not start ${CLI}: ${run.error.message}`)
  const code = run.status ?? 1
  printSummary(dir, seconds, code)
  process.exit(code)
}

await main()
