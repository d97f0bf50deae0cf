import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import util from 'node:util'
import { describe, expect, it } from '@jest/globals'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import * as prettier from 'prettier'
import { runStateJsonSchema } from '../../../src/state/json-schema.js'
import { serializeRunState } from '../../../src/state/load-state.js'
import { realisticRun } from './fixtures.js'

const SHIPPED = new URL('../../../schema/team-communication.schema.json', import.meta.url)
const REGENERATE = 'UPDATE_SCHEMA=1 npm test -- json-schema'

function shipped(): unknown {
  try {
    return JSON.parse(readFileSync(SHIPPED, 'utf8'))
  } catch {
    return undefined
  }
}

/** Written the way `npm run format:write` would leave it, so the formatter never fights the generator. */
async function write(schema: unknown): Promise<void> {
  const path = fileURLToPath(SHIPPED)
  const config = (await prettier.resolveConfig(path)) ?? {}
  mkdirSync(new URL('.', SHIPPED), { recursive: true })
  writeFileSync(path, await prettier.format(JSON.stringify(schema), { ...config, filepath: path }))
}

describe('the shipped JSON Schema of the run state', () => {
  it('is the one the zod schema generates', async () => {
    const generated = runStateJsonSchema()
    if (process.env.UPDATE_SCHEMA === '1') await write(generated)
    // Compared as values: formatting the file is not a change to the schema.
    if (!util.isDeepStrictEqual(shipped(), generated)) {
      throw new Error(
        `schema/team-communication.schema.json differs from the schema in src/state/run-state.ts; regenerate it with: ${REGENERATE}`
      )
    }
  })

  it('accepts a state the reducer produced, and rejects a hand-broken one', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true })
    addFormats.default(ajv)
    const validate = ajv.compile(shipped() as object)
    const state = JSON.parse(serializeRunState(realisticRun()))
    expect(validate(state) ? [] : validate.errors).toEqual([])

    state.tasks[1].usage.input_tokens = '2000'
    expect(validate(state)).toBe(false)
    expect(validate.errors?.[0]).toMatchObject({
      instancePath: '/tasks/1/usage/input_tokens',
      keyword: 'type'
    })
  })
})
