import { describe, expect, it } from '@jest/globals'
import { readdir, readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import ts from 'typescript'
import { parse } from 'yaml'
import { readActionInputs } from '../../../src/entrypoints/action-inputs.js'
import { RUN_STATUSES } from '../../../src/state/run-state.js'

const ROOT = resolve(import.meta.dirname ?? process.cwd(), '..', '..', '..')
const read = (path: string) => readFile(resolve(ROOT, path), 'utf8')

interface ActionYml {
  inputs: Record<string, { description: string; default?: unknown; required?: boolean }>
  outputs: Record<string, { description: string }>
}

const actionYml = async () => parse(await read('action.yml')) as ActionYml

/**
 * A status a run passes through while a step is still working on it: the step always ends the run in
 * another status before it sets the `status` output, so the docs do not list it. (`running` is listed: a
 * job of a run spread over several runners ends while the run goes on in the others.)
 */
const IN_PROGRESS = ['planning']

/**
 * The rows of the Markdown table under `## heading`, each as its cells (the header row and the `---` rule
 * left out). Pipes inside code spans and escaped pipes stay in their cell.
 */
function tableRows(markdown: string, heading: string): string[][] {
  const section = markdown.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0]
  if (section === undefined) throw new Error(`README.md has no "## ${heading}" section`)
  const rows = section
    .split('\n')
    .filter(line => line.startsWith('|'))
    .map(cellsOf)
  return rows.slice(1).filter(row => !row.every(cell => /^:?-+:?$/.test(cell)))
}

function cellsOf(row: string): string[] {
  const cells: string[] = []
  let cell = ''
  let inCode = false
  for (let i = 1; i < row.length; i++) {
    const char = row[i]
    if (char === '`') inCode = !inCode
    if (char === '\\' && row[i + 1] === '|') {
      cell += '|'
      i++
    } else if (char === '|' && !inCode) {
      cells.push(cell.trim())
      cell = ''
    } else {
      cell += char
    }
  }
  return cells
}

/** The code spans of a text, asides in parentheses left out: "`a` (mode `plan`), `b`" → a, b. */
function codeSpans(text: string): string[] {
  return [...withoutAsides(text).matchAll(/`([^`]+)`/g)].map(match => match[1] ?? '')
}

function withoutAsides(text: string): string {
  return text.replace(/\([^()]*\)/g, '')
}

/** name → the row's other cells, a row that names several (`a`, `b`) giving each the same cells. */
function rowsByName(rows: string[][]): Map<string, string[]> {
  const byName = new Map<string, string[]>()
  for (const [names = '', ...rest] of rows) for (const name of codeSpans(names)) byName.set(name, rest)
  return byName
}

/**
 * A default as both documents can say it: the value itself, `(none)` for an input with no default, and
 * `(empty)` for ''. The README writes a value as code, no default as "—", and in words what an empty
 * default means ("empty", "from config (3)", "default branch").
 */
function ymlDefault(input: { default?: unknown }): string {
  if (input.default === undefined) return '(none)'
  return input.default === '' ? '(empty)' : String(input.default)
}

function readmeDefault(cell: string): string {
  if (cell === '—') return '(none)'
  const code = /^`([^`]+)`$/.exec(cell)
  return code?.[1] ?? '(empty)'
}

/** The statuses an action.yml description lists: "How the run ended: a, b (aside), c or d. More." */
function listedStatuses(description: string): string[] {
  const list = withoutAsides(description).split(':')[1]?.split('.')[0] ?? ''
  return list
    .split(/,|\bor\b/)
    .map(word => word.trim())
    .filter(Boolean)
}

/** Every `core.setOutput(name, value)` in the entrypoints, read from their syntax tree. */
async function outputsSet(): Promise<{ name: string; literal?: string }[]> {
  const dir = resolve(ROOT, 'src/entrypoints')
  const calls: { name: string; literal?: string }[] = []
  for (const file of (await readdir(dir)).filter(name => name.endsWith('.ts'))) {
    const source = ts.createSourceFile(
      file,
      await readFile(resolve(dir, file), 'utf8'),
      ts.ScriptTarget.Latest
    )
    const visit = (node: ts.Node): void => {
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 'setOutput'
      ) {
        const [name, value] = node.arguments
        if (name === undefined || !ts.isStringLiteral(name))
          throw new Error(`${file}: setOutput of a computed name`)
        calls.push({ name: name.text, literal: value && ts.isStringLiteral(value) ? value.text : undefined })
      }
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
  return calls
}

/** The inputs readActionInputs asks the runner for (`INPUT_<NAME>`), seen by watching it read them. */
function inputsRead(): string[] {
  const seen = new Set<string>()
  const env = process.env
  process.env = new Proxy(env, {
    get(target, key) {
      if (typeof key === 'string' && key.startsWith('INPUT_'))
        seen.add(key.slice('INPUT_'.length).toLowerCase())
      return Reflect.get(target, key) as unknown
    }
  })
  try {
    readActionInputs()
  } finally {
    process.env = env
  }
  return [...seen]
}

const sorted = (names: Iterable<string>) => [...new Set(names)].sort()

/** action.yml, the README's Inputs and Outputs tables and the code describe the same contract. */
describe('the action contract', () => {
  it('documents every input of action.yml in the README table with the same default, and nothing else', async () => {
    const action = await actionYml()
    const table = rowsByName(tableRows(await read('README.md'), 'Inputs'))

    expect(sorted(table.keys())).toEqual(sorted(Object.keys(action.inputs)))
    const documented = Object.fromEntries(
      [...table].map(([name, [cell = '']]) => [name, readmeDefault(cell)])
    )
    const declared = Object.fromEntries(
      Object.entries(action.inputs).map(([name, input]) => [name, ymlDefault(input)])
    )
    expect(documented).toEqual(declared)
  })

  it('documents every output of action.yml in the README table, and nothing else', async () => {
    const action = await actionYml()
    const table = rowsByName(tableRows(await read('README.md'), 'Outputs'))

    expect(sorted(table.keys())).toEqual(sorted(Object.keys(action.outputs)))
  })

  it('lists the same statuses in action.yml and the README, and they are the ones the code can set', async () => {
    const action = await actionYml()
    const statusRow = rowsByName(tableRows(await read('README.md'), 'Outputs')).get('status')
    const inReadme = codeSpans(statusRow?.[0]?.split(';')[0] ?? '')
    const inYml = listedStatuses(action.outputs.status?.description ?? '')
    // The entrypoint sets some statuses itself (skipped, refused, replied, failed) and the rest from the run.
    const setByEntrypoint = (await outputsSet())
      .filter(call => call.name === 'status')
      .map(call => call.literal)
    expect(setByEntrypoint).toEqual(expect.arrayContaining(['skipped', 'refused', 'replied', undefined]))
    for (const status of IN_PROGRESS) expect(RUN_STATUSES).toContain(status)
    const canSet = [...RUN_STATUSES, ...setByEntrypoint].filter(
      (status): status is string => status !== undefined && !IN_PROGRESS.includes(status)
    )

    expect(sorted(inYml)).toEqual(sorted(canSet))
    expect(sorted(inReadme)).toEqual(sorted(canSet))
    expect(inReadme).toHaveLength(new Set(inReadme).size)
  })

  it('reads only inputs that action.yml declares, and every one it declares', async () => {
    const action = await actionYml()

    expect(sorted(inputsRead())).toEqual(sorted(Object.keys(action.inputs)))
  })

  it('sets only outputs that action.yml declares, and every one it declares', async () => {
    const action = await actionYml()

    expect(sorted((await outputsSet()).map(call => call.name))).toEqual(sorted(Object.keys(action.outputs)))
  })
})
