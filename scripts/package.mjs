// `npm run package`: the action's bundle (dist/) and the command line's (dist/cli/), built side by side and
// transpiled only (src/tsconfig.json says how): the types are checked once, by `npm run typecheck`, instead of
// by each bundle's loader over the whole project. One after the other, each checking types, took over a
// minute; this takes under half. The output is the same, byte for byte. The exit code is the first failure's.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const ncc = fileURLToPath(new URL('../node_modules/@vercel/ncc/dist/ncc/cli.js', import.meta.url))

/** Entry point → output folder. ncc writes only into its own folder, so the two never touch each other's files. */
const BUNDLES = [
  ['src/index.ts', 'dist'],
  ['src/entrypoints/cli-main.ts', 'dist/cli']
]

function build([entry, out]) {
  return new Promise(resolve => {
    const child = spawn(
      process.execPath,
      [ncc, 'build', entry, '-o', out, '--license', 'licenses.txt', '--transpile-only'],
      {
        cwd: root,
        stdio: ['ignore', 'inherit', 'inherit']
      }
    )
    child.on('error', error => {
      process.stderr.write(`ncc build ${entry}: ${error.message}\n`)
      resolve(1)
    })
    child.on('close', code => resolve(code ?? 1))
  })
}

const codes = await Promise.all(BUNDLES.map(build))
process.exitCode = codes.find(code => code !== 0) ?? 0
