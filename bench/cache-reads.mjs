// How much of an agent session's prompt is read from the prompt cache. One session of 13 model calls, run by
// the engine's own session loop and Anthropic adapter against the fake Anthropic server over HTTP, whose cache
// model follows the documented rules (a breakpoint looks back 20 blocks for an earlier entry; 1,024 tokens
// at least). One reply makes 10 tool calls, so its exchange alone is 21 blocks: more than one breakpoint can
// look back over. The figure is the share of prompt tokens read from the cache over the session's calls,
// with that reply in the middle (reply 7); the full run also places it at every other turn, and shows what
// the cache missed of each previous call.
//
// The same session then runs on each other provider's fake: OpenAI's (automatic prefix caching, 1,024 tokens at
// least, in steps of 128, reported as `cached_tokens`), and Claude through Bedrock and Vertex AI (the cloud
// fakes check the request's signature or token and pass it to the fake Anthropic). The last line is the
// figure of each provider.
//
// Not a test: it prints per-call usage and the figures. `--quick` runs only the sessions the figures are
// from. Runs the TypeScript sources under plain node: a loader hook transpiles them with typescript.
import { readFile } from 'node:fs/promises'
import { register } from 'node:module'

const GOAL = 0.85
const TURNS = 13
const BURST = 10
const quick = process.argv.includes('--quick')

// Resolves `./x.js` to `./x.ts` next to a TypeScript importer, and compiles `.ts` files on load.
const hooks = `
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
let ts
export async function initialize(data) {
  ts = (await import(data.typescript)).default
}
export async function resolve(specifier, context, next) {
  if (context.parentURL?.endsWith('.ts') && /^\\.{1,2}\\/.*\\.js$/.test(specifier)) {
    return next(specifier.replace(/\\.js$/, '.ts'), context)
  }
  return next(specifier, context)
}
export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context)
  const source = await readFile(fileURLToPath(url), 'utf8')
  const { outputText } = ts.transpileModule(source, {
    fileName: fileURLToPath(url),
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }
  })
  return { format: 'module', source: outputText, shortCircuit: true }
}
`
register(`data:text/javascript,${encodeURIComponent(hooks)}`, import.meta.url, {
  data: { typescript: import.meta.resolve('typescript') }
})

const { runSession } = await import('../src/agents/session.ts')
const { agentTools } = await import('../src/agents/tools/agent-tools.ts')
const { createAnthropicModel } = await import('../src/models/anthropic-model.ts')
const { createOpenAIModel } = await import('../src/models/openai-model.ts')
const { bedrockRoute, vertexRoute } = await import('../src/models/anthropic-routes.ts')
const { message, startFakeAnthropic, text, toolUse } = await import('../__tests__/harness/fake-anthropic.ts')
const { startFakeOpenAI } = await import('../__tests__/harness/fake-openai.ts')
const { startFakeCloudClaude } = await import('../__tests__/harness/fake-cloud-claude.ts')
const { mkdtemp, rm, writeFile } = await import('node:fs/promises')
const { tmpdir } = await import('node:os')
const { join } = await import('node:path')

const prompts = new URL('../src/prompts/', import.meta.url)
const system = [
  await readFile(new URL('role-backend.md', prompts), 'utf8'),
  await readFile(new URL('platform-node.md', prompts), 'utf8')
].join('\n\n')

const task = [
  '# task: T2 — Add a greeting banner to the CLI',
  'Print a banner with the product name and version when the CLI starts, unless --quiet is given.',
  'Add unit tests for both cases and keep the existing tests passing.',
  'The plan: T1 (frontend) styles the banner; T2 (this task) prints it; QA checks the whole feature.'
].join('\n\n')

/** Deterministic file-like text of about `chars` characters, different for every seed. */
function filler(seed, chars) {
  const lines = []
  for (let i = 0; lines.join('\n').length < chars; i++) {
    lines.push(
      `export function step${seed}_${i}(input: string): string { return input.trim() + '${seed}-${i}' }`
    )
  }
  return lines.join('\n')
}

/** The reply for call `turn` (0-based) of the session; the reply at `burst` makes BURST tool calls. */
function replyFor(turn, burst) {
  if (turn === TURNS - 1) {
    return toolUse('finish_task', {
      summary: 'The CLI prints the banner unless --quiet is given; both cases are tested.',
      files_changed: ['src/cli.ts', 'src/banner.ts', 'test/banner.test.ts'],
      checks_run: ['npm test']
    })
  }
  if (turn === burst) {
    const reads = Array.from({ length: BURST }, (_, i) =>
      toolUse('read_file', { path: `src/module-${i}.ts` })
    )
    return message([text('I will read every module the CLI loads before I change the start-up.'), ...reads])
  }
  const calls = [
    () => toolUse('list_files', { pattern: `src/**/*-${turn}.ts` }),
    () => toolUse('read_file', { path: `src/part-${turn}.ts` }),
    () =>
      toolUse('edit_file', {
        path: `src/part-${turn}.ts`,
        old_string: 'return',
        new_string: 'return /* banner */'
      }),
    () => toolUse('run_command', { command: 'npm test' })
  ]
  return message([text(`Step ${turn + 1}: carrying on with the banner.`), calls[turn % calls.length]()])
}

/** What the session's tools answer: file contents, command output, and the finish. */
async function execute(name, input) {
  switch (name) {
    case 'finish_task':
      return {
        content: 'Finished.',
        isError: false,
        terminal: {
          kind: 'finish',
          summary: input.summary,
          filesChanged: input.files_changed,
          checksRun: input.checks_run
        }
      }
    case 'edit_file':
      return { content: `Edited ${input.path}.`, isError: false, changedFiles: [input.path] }
    case 'run_command':
      return { content: `> npm test\n${filler('test', 900)}\nTests: 42 passed`, isError: false }
    default:
      return { content: filler(JSON.stringify(input), 2400), isError: false }
  }
}

/** Runs the session against `model` (a Model); the usage the fake counted is read by the caller. */
async function runOne(model) {
  const result = await runSession({
    model,
    system: [{ type: 'text', text: system, cache_control: { type: 'ephemeral' } }],
    messages: [{ role: 'user', content: [{ type: 'text', text: task }] }],
    tools: { specs: agentTools(), execute },
    maxTurns: TURNS,
    maxTokens: 8192
  })
  if (result.kind !== 'finished') throw new Error(`the session ended ${result.kind}: ${result.reason}`)
}

const turnOf = request => request.messages.filter(m => m.role === 'assistant').length

/** One session with the 10-call reply at `burst` on `provider`; the usage of every call as the fake counted it. */
async function session(burst, provider = 'anthropic') {
  if (provider === 'openai') return openaiSession(burst)
  const fake = await startFakeAnthropic()
  try {
    fake.setHandler(request => replyFor(turnOf(request), burst))
    if (provider === 'anthropic') {
      await runOne(
        createAnthropicModel({ apiKey: 'bench-key', model: 'claude-sonnet-4-6', baseURL: fake.url })
      )
    } else {
      await cloudSession(fake, provider)
    }
    if (fake.violations.length > 0)
      throw new Error(`the fake refused a request: ${fake.violations[0].message}`)
    return fake.requests.map(request => request.usage)
  } finally {
    await fake.close()
  }
}

/** The session on OpenAI's fake; its usage in the Anthropic fields the figures read. */
async function openaiSession(burst) {
  const fake = await startFakeOpenAI()
  try {
    fake.setHandler(request => replyFor(turnOf(request), burst))
    await runOne(createOpenAIModel({ apiKey: 'bench-key', model: 'gpt-5', baseURL: fake.url }))
    if (fake.violations.length > 0)
      throw new Error(`the fake refused a request: ${fake.violations[0].message}`)
    return fake.requests.map(({ usage }) => ({
      input_tokens: usage.prompt_tokens - usage.cached_tokens,
      cache_read_input_tokens: usage.cached_tokens
    }))
  } finally {
    await fake.close()
  }
}

const AWS = { accessKeyId: 'AKIABENCHEXAMPLE0001', secretAccessKey: 'bench/secret/key', region: 'us-east-1' }
const GOOGLE = { projectId: 'bench', region: 'us-east5', oidcRequestToken: 'bench-oidc' }

/** The session through Bedrock's or Vertex AI's fake, in front of `anthropic`. */
async function cloudSession(anthropic, provider) {
  const cloud = await startFakeCloudClaude({ anthropicUrl: anthropic.url, aws: AWS, google: GOOGLE })
  const dir = await mkdtemp(join(tmpdir(), 'bench-cloud-'))
  const saved = { ...process.env }
  try {
    process.env.AWS_ACCESS_KEY_ID = AWS.accessKeyId
    process.env.AWS_SECRET_ACCESS_KEY = AWS.secretAccessKey
    const credentials = join(dir, 'gha-creds.json')
    await writeFile(credentials, JSON.stringify(cloud.googleCredentials()))
    process.env.GOOGLE_APPLICATION_CREDENTIALS = credentials
    const route =
      provider === 'bedrock'
        ? timeoutMs => bedrockRoute({ region: AWS.region, baseURL: cloud.bedrockUrl, timeoutMs })
        : timeoutMs =>
            vertexRoute({
              region: GOOGLE.region,
              projectId: GOOGLE.projectId,
              baseURL: cloud.vertexUrl,
              timeoutMs
            })
    const model =
      provider === 'bedrock' ? 'us.anthropic.claude-sonnet-4-6-v1:0' : 'claude-sonnet-4-6@20260115'
    await runOne(createAnthropicModel({ apiKey: '', model, route }))
    const refused = cloud.calls.filter(call => call.status !== 200)
    if (refused.length > 0)
      throw new Error(`the ${provider} fake refused ${refused[0].path} (${refused[0].status})`)
  } finally {
    process.env = saved
    await cloud.close()
    await rm(dir, { recursive: true, force: true })
  }
}

const promptOf = usage =>
  usage.input_tokens + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0)

/** The share of prompt tokens read from the cache, and the share a call failed to read of the call before it. */
function figures(usages) {
  let read = 0
  let missed = 0
  let total = 0
  usages.forEach((usage, i) => {
    read += usage.cache_read_input_tokens ?? 0
    total += promptOf(usage)
    // Each call repeats the whole previous prompt, which that call left in the cache.
    if (i > 0) missed += Math.max(0, promptOf(usages[i - 1]) - (usage.cache_read_input_tokens ?? 0))
  })
  return { read: read / total, missed: missed / total }
}

const pct = value => `${(value * 100).toFixed(1)}%`.padStart(6)

// A 10-call reply late in a session leaves more unread writes behind it whatever the breakpoints do, so
// the figure is the session with that reply in the middle; the full run shows every position as well.
const MIDDLE = Math.floor(TURNS / 2)
if (!quick) {
  console.log('10 tool calls in reply   read from the cache   missed by the lookback')
  for (let burst = 1; burst < TURNS - 1; burst++) {
    const { read, missed } = figures(await session(burst))
    console.log(`${String(burst + 1).padStart(22)}   ${pct(read).padStart(19)}   ${pct(missed).padStart(22)}`)
  }
}
const usages = await session(MIDDLE)
const { read, missed } = figures(usages)
console.log(`\nthe session with 10 tool calls in reply ${MIDDLE + 1} of ${TURNS}`)
console.log('call   input   cache write   cache read')
usages.forEach((usage, i) => {
  const cells = [
    usage.input_tokens,
    usage.cache_creation_input_tokens ?? 0,
    usage.cache_read_input_tokens ?? 0
  ]
  console.log(
    `${String(i + 1).padStart(4)}  ${String(cells[0]).padStart(6)}  ${String(cells[1]).padStart(12)}  ${String(cells[2]).padStart(11)}`
  )
})
console.log(`missed by the lookback: ${pct(missed).trim()} of prompt tokens`)

// The same session on every other provider.
const shares = { anthropic: read }
for (const provider of ['openai', 'bedrock', 'vertex']) {
  shares[provider] = figures(await session(MIDDLE, provider)).read
  console.log(`${provider}: ${pct(shares[provider]).trim()} of prompt tokens read from the cache`)
}
const line = Object.entries(shares)
  .map(([provider, share]) => `${provider} ${share.toFixed(3)}`)
  .join(' · ')
console.log(`cache reads: ${line} (goal >= ${GOAL} each)`)
