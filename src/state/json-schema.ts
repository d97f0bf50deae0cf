import { z } from 'zod'
import { runStateSchema } from './run-state.js'

/**
 * The run state's JSON Schema (draft 2020-12), generated from the zod schema. The repository ships it as
 * `schema/team-communication.schema.json` for editors and other tools; a test keeps the two identical.
 */
export function runStateJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(runStateSchema, { target: 'draft-2020-12' })
}
