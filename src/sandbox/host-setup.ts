import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Logger } from '../util/logger.js'
import { runCommand } from './command-runner.js'

/**
 * The AppArmor profile Ubuntu recommends for a program that needs unprivileged user namespaces: it names
 * bwrap's own path and grants `userns` to it alone, instead of switching the restriction off for every
 * program (`sysctl kernel.apparmor_restrict_unprivileged_userns=0`).
 */
export const APPARMOR_PROFILE_PATH = '/etc/apparmor.d/bwrap'
export const APPARMOR_PROFILE = `abi <abi/4.0>,
include <tunables/global>

profile bwrap /usr/bin/bwrap flags=(unconfined) {
  userns,

  include if exists <local/bwrap>
}
`

const USERNS_RESTRICTION = '/proc/sys/kernel/apparmor_restrict_unprivileged_userns'

/** The commands that make bubblewrap work on a GitHub-hosted Ubuntu runner, for the error message and the README. */
export const FIX_STEPS = [
  'sudo apt-get install -y bubblewrap',
  '# Ubuntu 23.10 and later (ubuntu-24.04 runners) restrict unprivileged user namespaces; allow them for bwrap only:',
  `printf '${APPARMOR_PROFILE.replace(/\n/g, '\\n')}' | sudo tee ${APPARMOR_PROFILE_PATH}`,
  `sudo apparmor_parser -r ${APPARMOR_PROFILE_PATH}`,
  '# check: bwrap --unshare-all --ro-bind / / true'
]

/** True when AppArmor keeps unprivileged programs from creating user namespaces (Ubuntu 23.10+). */
export function userNamespacesRestricted(): boolean {
  try {
    return readFileSync(USERNS_RESTRICTION, 'utf8').trim() === '1'
  } catch {
    return false
  }
}

/**
 * Sets the machine up for bubblewrap where the engine may: as root, or with passwordless sudo (GitHub's
 * hosted runners have it). Installs the `bubblewrap` package when bwrap is missing, and writes the per-binary
 * AppArmor profile when user namespaces are restricted. Returns what it did, or why it could not; it never
 * throws — the caller checks the sandbox again and fails closed if it still does not start.
 */
export async function setUpHost(options: {
  bwrapMissing: boolean
  path: string
  logger: Logger
}): Promise<{ changed: boolean; notes: string[] }> {
  const notes: string[] = []
  const env = { PATH: options.path, DEBIAN_FRONTEND: 'noninteractive' }
  const elevate = await elevation(env)
  if (!elevate)
    return { changed: false, notes: ['not root and no passwordless sudo: cannot set the machine up'] }
  const as = (argv: string[]) =>
    runCommand([...elevate, ...argv], { cwd: '/', env, timeoutMs: 300_000, maxOutputBytes: 16_000 })
  let changed = false

  if (options.bwrapMissing) {
    options.logger.info('bubblewrap is not installed; installing it (apt-get install -y bubblewrap)')
    let install = await as(['apt-get', 'install', '-y', 'bubblewrap'])
    if (install.exitCode !== 0) {
      await as(['apt-get', 'update'])
      install = await as(['apt-get', 'install', '-y', 'bubblewrap'])
    }
    if (install.exitCode === 0) changed = true
    else notes.push(`apt-get install -y bubblewrap failed: ${lastLine(install.stderr || install.stdout)}`)
  }

  if (userNamespacesRestricted() && existsSync('/usr/bin/bwrap')) {
    options.logger.info(
      `AppArmor restricts user namespaces; writing ${APPARMOR_PROFILE_PATH} for /usr/bin/bwrap only`
    )
    const dir = await mkdtemp(join(tmpdir(), 'agent-team-apparmor-'))
    try {
      const draft = join(dir, 'bwrap')
      await writeFile(draft, APPARMOR_PROFILE)
      const installed = await as(['install', '-m', '0644', draft, APPARMOR_PROFILE_PATH])
      const loaded =
        installed.exitCode === 0 ? await as(['apparmor_parser', '-r', APPARMOR_PROFILE_PATH]) : installed
      if (loaded.exitCode === 0) changed = true
      else notes.push(`loading the AppArmor profile failed: ${lastLine(loaded.stderr || loaded.stdout)}`)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }
  return { changed, notes }
}

/** `[]` as root, `['sudo', '-n']` with passwordless sudo, undefined otherwise. */
async function elevation(env: Record<string, string>): Promise<string[] | undefined> {
  if (process.getuid?.() === 0) return []
  const probe = await runCommand(['sudo', '-n', 'true'], {
    cwd: '/',
    env,
    timeoutMs: 10_000,
    maxOutputBytes: 1000
  })
  return probe.exitCode === 0 ? ['sudo', '-n'] : undefined
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? ''
}
