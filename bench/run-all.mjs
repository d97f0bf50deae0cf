// `npm run bench`: every benchmark in this folder (each `bench/*.mjs` but this one), one after the other so
// they do not disturb each other's timings, with this command's arguments passed on (`--quick`). Each
// prints its figure as its last line; they are collected at the end. Exits non-zero if any script failed.
import { spawn } from 'node:child_process'
import { readdir } from 'node:fs/promises'
import { availableParallelism, loadavg } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const self = basename(fileURLToPath(import.meta.url))
const args = process.argv.slice(2)
const scripts = (await readdir(here)).filter(name => name.endsWith('.mjs') && name !== self).sort()

/** Runs one script with its output shown as it comes; resolves to its exit code and last stdout line. */
function runScript(name) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(here, name), ...args], {
      stdio: ['ignore', 'pipe', 'inherit']
    })
    let tail = ''
    child.stdout.on('data', chunk => {
      process.stdout.write(chunk)
      // Only the end matters: keep the last lines, not the whole output.
      tail = (tail + chunk).slice(-4096)
    })
    child.on('error', reject)
    child.on('close', (code, signal) => {
      const last = tail.trimEnd().split('\n').at(-1) ?? ''
      resolve({ code: code ?? signal, last })
    })
  })
}

// Timings mean little on a machine that is busy with other work: say how busy it was, before and after.
const load = () => `load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`
console.log(`${new Date().toISOString()}, node ${process.version}, ${load()}`)
const started = performance.now()
const results = []
for (const name of scripts) {
  console.log(`\n── ${name} ${args.join(' ')}`.trimEnd())
  const scriptStarted = performance.now()
  const { code, last } = await runScript(name)
  const seconds = ((performance.now() - scriptStarted) / 1000).toFixed(1)
  results.push({ name, code, last, seconds })
}

console.log(
  `\n── figures (${((performance.now() - started) / 1000).toFixed(1)} s in all; ${load()} at the end)`
)
for (const { name, code, last, seconds } of results) {
  console.log(
    `${name.padEnd(18)} ${`${seconds} s`.padStart(7)}  ${code === 0 ? last : `FAILED (exit ${code})`}`
  )
}
if (results.some(r => r.code !== 0)) process.exit(1)
