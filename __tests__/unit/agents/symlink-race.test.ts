import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { createUnsandboxed } from '../../../src/sandbox/unsandboxed.js'
import { createPathPolicy } from '../../../src/agents/path-policy.js'
import { executeTool } from '../../../src/agents/tools/agent-tools.js'
import type { ToolContext } from '../../../src/agents/tools/tool-types.js'
import { tempDir, type TempDir } from './temp-repo.js'

/**
 * A process that keeps swapping `name` (inside the worktree) between the real thing and a symlink to
 * `outside`, as code an agent ran could do while the agent calls its file tools.
 */
const SWAPPER = `
const fs = require('node:fs')
const [name, outside] = process.argv.slice(1)
const parked = name + '.parked'
const link = name + '.link'
process.stdout.write('ready\\n')
for (;;) {
  try {
    fs.rmSync(link, { force: true })
    fs.symlinkSync(outside, link)
    fs.renameSync(name, parked)
    fs.renameSync(link, name)
    fs.renameSync(name, link)
    fs.renameSync(parked, name)
  } catch {}
}
`

const ATTEMPTS = 1500

describe('file tools against a racing symlink swap', () => {
  let worktree: TempDir
  let outside: TempDir
  let swapper: ChildProcess | undefined
  let context: ToolContext

  beforeEach(() => {
    worktree = tempDir('agent-team-race-')
    outside = tempDir('agent-team-outside-')
    worktree.write('dir/secret.txt', 'inside\n')
    worktree.write('file.txt', 'inside\n')
    outside.write('secret.txt', 'OUTSIDE\n')
    outside.write('file.txt', 'OUTSIDE\n')
    const root = fs.realpathSync(worktree.dir)
    context = {
      root,
      pathPolicy: createPathPolicy({ root, protectedPaths: [], allowWorkflowEdits: false }),
      allowList: [],
      commandTimeoutMs: 10_000,
      maxOutputBytes: 16 * 1024,
      env: {},
      // Only the file tools race here; the sandbox for commands is specified in __tests__/unit/sandbox.
      sandbox: createUnsandboxed({}),
      sandboxEnv: {},
      secrets: []
    }
  })

  afterEach(async () => {
    if (swapper && swapper.exitCode === null) {
      const exited = new Promise(resolve => swapper?.once('exit', resolve))
      swapper.kill('SIGKILL')
      await exited
    }
    worktree.remove()
    outside.remove()
  })

  async function startSwapping(name: string, target: string): Promise<void> {
    swapper = spawn(process.execPath, ['-e', SWAPPER, name, target], { cwd: context.root, stdio: 'pipe' })
    await new Promise(resolve => swapper?.stdout?.once('data', resolve))
  }

  it.each([
    ['a folder', 'dir', 'dir/secret.txt'],
    ['the file itself', 'file.txt', 'file.txt']
  ])('read_file never returns an outside file when %s is swapped', async (_, swapped, file) => {
    await startSwapping(swapped, path.join(outside.dir, swapped === 'dir' ? '.' : 'file.txt'))
    let inside = 0
    let leaked = 0
    for (let i = 0; i < ATTEMPTS; i++) {
      const outcome = await executeTool('read_file', { path: file }, context)
      if (outcome.content.includes('OUTSIDE')) leaked++
      if (outcome.content.includes('inside')) inside++
    }

    expect(leaked).toBe(0)
    // The race was on: some reads got through, the rest were refused or found nothing.
    expect(inside).toBeGreaterThan(0)
  })

  it('write_file and edit_file never write or truncate an outside file', async () => {
    await startSwapping('dir', outside.dir)
    for (let i = 0; i < ATTEMPTS / 3; i++) {
      await executeTool('write_file', { path: 'dir/secret.txt', content: `written ${i}\n` }, context)
      await executeTool('write_file', { path: `dir/new-${i}.txt`, content: 'new\n' }, context)
      await executeTool(
        'edit_file',
        { path: 'dir/secret.txt', old_string: 'written', new_string: 'edited' },
        context
      )
    }

    expect(fs.readFileSync(path.join(outside.dir, 'secret.txt'), 'utf8')).toBe('OUTSIDE\n')
    expect(fs.readdirSync(outside.dir).sort()).toEqual(['file.txt', 'secret.txt'])
  })
})
