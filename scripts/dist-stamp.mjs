// Whether dist/ is the build of the source as it is now. `npm run package` ends by writing a stamp (its
// `postpackage` step): a hash of everything the build reads and a hash of the dist/ it wrote. The tests'
// global setup compares both with the tree and rebuilds only when one differs, so `npm test` never runs
// yesterday's engine, and costs a hash when dist/ is fresh (CI packages before it tests).
//
// The stamp lives under node_modules/.cache/agent-team/, never in dist/: the committed dist/ stays
// byte-identical to a fresh build, which `.ci/run` checks. Its name carries the checkout's path, because
// several checkouts (git worktrees) may share one node_modules.
//
//   node scripts/dist-stamp.mjs write    record that dist/ is the build of the current source
//   node scripts/dist-stamp.mjs check    print why dist/ is stale and exit 1, or exit 0 when it is fresh
import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, realpath, writeFile } from 'node:fs/promises'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/** What `npm run package` reads besides node_modules (which package-lock.json stands for). */
export const BUILD_INPUTS = [
  'src',
  'scripts/embed-prompts.mjs',
  'scripts/package.mjs',
  'package.json',
  'package-lock.json'
]

/** The tsconfig files at the root, whatever they are called (tsconfig.json, tsconfig.build.json…). */
const TSCONFIG = /^tsconfig.*\.json$/

/** Every file under `path` (or `path` itself), as paths relative to `root` with `/`, sorted. */
async function filesUnder(root, path) {
  const entries = await readdir(join(root, path), { recursive: true, withFileTypes: true }).catch(error => {
    if (error.code === 'ENOTDIR') return null
    if (error.code === 'ENOENT') return []
    throw error
  })
  if (entries === null) return [path]
  return entries
    .filter(entry => entry.isFile())
    .map(entry =>
      relative(root, join(entry.parentPath ?? entry.path, entry.name))
        .split(sep)
        .join('/')
    )
}

/** One hash over the files' paths and contents: a renamed, added or removed file changes it too. */
async function hashFiles(root, files) {
  const hash = createHash('sha256')
  for (const file of [...new Set(files)].sort()) {
    hash.update(`${file}\0`)
    hash.update(await readFile(join(root, file)))
    hash.update('\0')
  }
  return hash.digest('hex')
}

/** The hash of everything the build reads: src/**, the prompt embedder, package*.json, tsconfig*.json. */
export async function buildInputsHash(root) {
  const tsconfigs = (await readdir(root)).filter(name => TSCONFIG.test(name))
  const files = [...tsconfigs]
  for (const input of BUILD_INPUTS) files.push(...(await filesUnder(root, input)))
  return hashFiles(root, files)
}

/** The hash of what the build wrote: every file under dist/. */
export async function distHash(root) {
  return hashFiles(root, await filesUnder(root, 'dist'))
}

/** Where the stamp of the checkout at `root` lives. */
export async function stampPath(root) {
  const checkout = createHash('sha256')
    .update(await realpath(root))
    .digest('hex')
    .slice(0, 12)
  return join(root, 'node_modules', '.cache', 'agent-team', `dist-${checkout}.json`)
}

/** Records that dist/ is the build of the source as it is now. Called right after a build. */
export async function writeStamp(root) {
  const stamp = { inputs: await buildInputsHash(root), dist: await distHash(root) }
  const path = await stampPath(root)
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, `${JSON.stringify(stamp, null, 2)}\n`)
  return stamp
}

/** Why dist/ is not the build of the current source, or undefined when it is. */
export async function distStaleness(root) {
  let stamp
  try {
    stamp = JSON.parse(await readFile(await stampPath(root), 'utf8'))
  } catch {
    return 'it was not built in this checkout'
  }
  if (stamp.inputs !== (await buildInputsHash(root))) return 'the source changed since it was built'
  if (stamp.dist !== (await distHash(root))) return 'it changed since it was built'
  return undefined
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
  const command = process.argv[2]
  if (command === 'write') {
    await writeStamp(root)
  } else if (command === 'check') {
    const reason = await distStaleness(root)
    if (reason) {
      process.stdout.write(`dist/ is stale: ${reason}.\n`)
      process.exitCode = 1
    } else {
      process.stdout.write('dist/ is the build of the current source.\n')
    }
  } else {
    process.stderr.write('usage: node scripts/dist-stamp.mjs write|check\n')
    process.exitCode = 2
  }
}
