import { describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parse } from 'yaml'

const ROOT = resolve(import.meta.dirname ?? process.cwd(), '..', '..', '..')
const read = (path: string) => readFile(resolve(ROOT, path), 'utf8')

/** action.yml, the code and the README describe the same inputs and outputs. */
describe('the action contract', () => {
  it('documents every input and output of action.yml in the README tables, and nothing else', async () => {
    const action = parse(await read('action.yml')) as {
      inputs: Record<string, unknown>
      outputs: Record<string, unknown>
    }
    const readme = await read('README.md')
    const tableNames = (heading: string): string[] => {
      const section = readme.split(`## ${heading}\n`)[1]?.split('\n## ')[0] ?? ''
      return [...section.matchAll(/^\| ((?:`[a-z_]+`(?:, )?)+) \|/gm)].flatMap(m =>
        [...m[1].matchAll(/`([a-z_]+)`/g)].map(n => n[1])
      )
    }
    expect(tableNames('Inputs').sort()).toEqual(Object.keys(action.inputs).sort())
    expect(tableNames('Outputs').sort()).toEqual(Object.keys(action.outputs).sort())
  })

  it('reads every input the action declares and sets only outputs it declares', async () => {
    const action = parse(await read('action.yml')) as {
      inputs: Record<string, unknown>
      outputs: Record<string, unknown>
    }
    const inputsCode = await read('src/entrypoints/action-inputs.ts')
    const actionCode = await read('src/entrypoints/action.ts')
    const read_ = [
      ...inputsCode.matchAll(
        /getInput\('([a-z_]+)'\)|optionalWholeNumber\('([a-z_]+)'|oneOf\('([a-z_]+)'|positiveMinutes\('([a-z_]+)'/g
      )
    ].map(m => m[1] ?? m[2] ?? m[3] ?? m[4])
    expect(new Set(read_)).toEqual(new Set(Object.keys(action.inputs)))
    const set = [...actionCode.matchAll(/setOutput\('([a-z_]+)'/g)].map(m => m[1])
    expect(new Set(set)).toEqual(new Set(Object.keys(action.outputs)))
  })
})
