import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'

/**
 * The rooms under src/ from the bottom of the data path to the top. A room may import only rooms below it,
 * so a reader can follow an event from the entrypoint downwards without meeting a loop, and a room can be
 * tested with nothing above it. The foundations (util, secrets, prompts) come first; the entrypoints last.
 */
const ROOMS = [
  'util',
  'secrets',
  'prompts',
  'models',
  'workspace',
  'sandbox',
  'github',
  'config',
  'trigger',
  'planning',
  'state',
  'ports',
  'agents',
  'report',
  'publish',
  'commands',
  'orchestrator',
  'cli',
  'entrypoints'
]

const SRC = normalize(join(import.meta.dirname ?? dirname(new URL(import.meta.url).pathname), '../../../src'))

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return path.endsWith('.ts') ? [path] : []
  })
}

function roomOf(path: string): string | undefined {
  const [first, second] = relative(SRC, path).split('/')
  return second === undefined ? undefined : first
}

/** Every relative import or re-export of a file, type-only ones included: a type is a dependency too. */
function importsOf(file: string, text = readFileSync(file, 'utf8')): string[] {
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map(match => match[1]!)
  return specifiers.map(specifier => normalize(join(dirname(file), specifier)))
}

/** The imports of `file` that point to a room above its own, described for a reader. */
function upwardImports(file: string, imports: string[]): string[] {
  const room = roomOf(file)
  if (room === undefined) return []
  return imports.flatMap(target => {
    const targetRoom = roomOf(target)
    if (targetRoom === undefined || targetRoom === room) return []
    if (ROOMS.indexOf(targetRoom) < ROOMS.indexOf(room)) return []
    return [`${relative(SRC, file)} imports ${relative(SRC, target)} (${room} is below ${targetRoom})`]
  })
}

describe('imports follow the data path', () => {
  const files = sourceFiles(SRC)

  it('knows every room under src/', () => {
    const rooms = new Set(files.map(roomOf).filter((room): room is string => room !== undefined))
    expect([...rooms].filter(room => !ROOMS.includes(room))).toEqual([])
  })

  it('has no import pointing up', () => {
    expect(files.flatMap(file => upwardImports(file, importsOf(file)))).toEqual([])
  })

  it('flags an upward import, type-only or dynamic (self-check of the reader)', () => {
    const planted = join(SRC, 'state/planted.ts')
    const text = [
      "import type { RunPorts } from '../ports/run-ports.js'",
      "import { reduce } from './reducer.js'",
      "const late = await import('../orchestrator/run.js')"
    ].join('\n')
    expect(upwardImports(planted, importsOf(planted, text))).toEqual([
      'state/planted.ts imports ports/run-ports.js (state is below ports)',
      'state/planted.ts imports orchestrator/run.js (state is below orchestrator)'
    ])
  })
})
