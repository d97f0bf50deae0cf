// Module hooks that let a bench script import the TypeScript test harness and sources as they are: a `.ts`
// file is transpiled on load with the project's own `typescript` (no type check, as ts-jest does for the
// tests), and `./x.js` imported from a `.ts` file finds `./x.ts`, the way the sources spell imports for
// NodeNext. Registered by harness.mjs; Node runs these hooks in a thread of their own.
//
// Transpiled files are kept in a cache under the temporary folder, keyed by their source's hash: loading
// `typescript` alone takes most of a second, which every bench script would otherwise pay on each start.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const CACHE_DIR = join(tmpdir(), 'agent-team-bench-ts')
let typescript

export async function resolve(specifier, context, nextResolve) {
  if (context.parentURL?.endsWith('.ts') && /^\.\.?\//.test(specifier) && specifier.endsWith('.js')) {
    const candidate = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL)
    if (existsSync(fileURLToPath(candidate))) return { url: candidate.href, shortCircuit: true }
  }
  return nextResolve(specifier, context)
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context)
  const source = await readFile(fileURLToPath(url), 'utf8')
  const key = createHash('sha256').update(url).update('\0').update(source).digest('hex')
  const cached = join(CACHE_DIR, `${key}.js`)
  const hit = await readFile(cached, 'utf8').catch(() => undefined)
  if (hit !== undefined) return { format: 'module', source: hit, shortCircuit: true }

  typescript ??= (await import('typescript')).default
  const { outputText } = typescript.transpileModule(source, {
    compilerOptions: { module: typescript.ModuleKind.ESNext, target: typescript.ScriptTarget.ES2022 },
    fileName: fileURLToPath(url)
  })
  // Written aside and renamed, so a script running at the same time never reads half a file.
  await mkdir(CACHE_DIR, { recursive: true })
  const aside = `${cached}.${process.pid}.tmp`
  await writeFile(aside, outputText)
  await rename(aside, cached)
  return { format: 'module', source: outputText, shortCircuit: true }
}
