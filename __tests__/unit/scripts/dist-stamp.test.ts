import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { distStaleness, stampPath, writeStamp } from '../../../scripts/dist-stamp.mjs'

let root: string

/** Writes `files` (path → text) under the checkout. */
async function put(files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true })
    await writeFile(join(root, path), text)
  }
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dist-stamp-'))
  await put({
    'src/index.ts': 'run()\n',
    'src/prompts/manager.md': 'You plan.\n',
    'scripts/embed-prompts.mjs': '// embeds\n',
    'scripts/demo.mjs': '// not read by the build\n',
    'package.json': '{}\n',
    'package-lock.json': '{}\n',
    'tsconfig.json': '{}\n',
    'README.md': '# docs\n',
    'dist/index.js': 'built()\n',
    'dist/cli/index.js': 'cli()\n'
  })
})

afterEach(() => rm(root, { recursive: true, force: true }))

describe('the dist/ stamp', () => {
  it('finds dist/ stale when no build in this checkout wrote a stamp', async () => {
    await expect(distStaleness(root)).resolves.toBe('it was not built in this checkout')
  })

  it('finds dist/ fresh right after the build wrote its stamp, under node_modules/.cache', async () => {
    await writeStamp(root)

    await expect(distStaleness(root)).resolves.toBeUndefined()
    expect(await stampPath(root)).toMatch(/\/node_modules\/\.cache\/agent-team\/dist-[0-9a-f]{12}\.json$/)
    expect(JSON.parse(await readFile(await stampPath(root), 'utf8'))).toEqual({
      inputs: expect.stringMatching(/^[0-9a-f]{64}$/),
      dist: expect.stringMatching(/^[0-9a-f]{64}$/)
    })
  })

  it.each([
    ['a source file changes', { 'src/index.ts': 'run(2)\n' }],
    ['a source file is added', { 'src/extra.ts': '\n' }],
    ['a prompt changes', { 'src/prompts/manager.md': 'You plan well.\n' }],
    ['the lock file changes', { 'package-lock.json': '{"v":2}\n' }],
    ['package.json changes', { 'package.json': '{"type":"module"}\n' }],
    ['a tsconfig changes', { 'tsconfig.json': '{"strict":true}\n' }],
    ['a new tsconfig appears', { 'tsconfig.build.json': '{}\n' }],
    ['the prompt embedder changes', { 'scripts/embed-prompts.mjs': '// embeds more\n' }]
  ])('finds it stale when %s', async (_, change) => {
    await writeStamp(root)
    await put(change)

    await expect(distStaleness(root)).resolves.toBe('the source changed since it was built')
  })

  it('finds it stale when a source file is renamed, its text unchanged', async () => {
    await writeStamp(root)
    await rm(join(root, 'src/index.ts'))
    await put({ 'src/main.ts': 'run()\n' })

    await expect(distStaleness(root)).resolves.toBe('the source changed since it was built')
  })

  it('finds it stale when dist/ itself changed after the build (a checkout of the committed dist/)', async () => {
    await writeStamp(root)
    await put({ 'dist/index.js': 'older()\n' })

    await expect(distStaleness(root)).resolves.toBe('it changed since it was built')
  })

  it('ignores files the build does not read', async () => {
    await writeStamp(root)
    await put({
      'README.md': '# more docs\n',
      'scripts/demo.mjs': '// changed\n',
      '__tests__/a.test.ts': '\n'
    })

    await expect(distStaleness(root)).resolves.toBeUndefined()
  })

  it('keeps one stamp per checkout, so worktrees that share node_modules do not trust each other’s', async () => {
    const other = await mkdtemp(join(tmpdir(), 'dist-stamp-other-'))
    try {
      expect(basename(await stampPath(other))).not.toBe(basename(await stampPath(root)))
    } finally {
      await rm(other, { recursive: true, force: true })
    }
  })
})
