import { errorMessage } from '../../util/errors.js'
import type { ToolContext, ToolExecutor, ToolOutcome } from './tool-types.js'

/** Input the model sent that does not fit the tool's schema; its message is written for the model. */
export class ToolInputError extends Error {}

/** An outcome that tells the model what went wrong. */
export function errorOutcome(content: string): ToolOutcome {
  return { content, isError: true }
}

/**
 * Wraps a tool body so that nothing escapes as an exception: input mistakes and file-system failures
 * become error outcomes the model can act on.
 */
export function guarded(
  tool: string,
  body: (input: Record<string, unknown>, context: ToolContext) => Promise<ToolOutcome>
): ToolExecutor {
  return async (input, context) => {
    try {
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        throw new ToolInputError('the input must be a JSON object.')
      }
      return await body(input as Record<string, unknown>, context)
    } catch (error) {
      if (error instanceof ToolInputError) return errorOutcome(`Invalid input for ${tool}: ${error.message}`)
      return errorOutcome(`${tool} failed: ${errorMessage(error)}`)
    }
  }
}

/** Refuses fields the schema does not name: a misspelt `file_path` should not be silently ignored. */
export function onlyFields(input: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(input).filter(key => !allowed.includes(key))
  if (unknown.length > 0) {
    throw new ToolInputError(
      `unknown field ${unknown.map(key => `\`${key}\``).join(', ')}; expected ${allowed.map(key => `\`${key}\``).join(', ')}.`
    )
  }
}

/** A required string; empty strings are refused unless `allowEmpty`. */
export function requiredString(input: Record<string, unknown>, key: string, allowEmpty = false): string {
  const value = input[key]
  if (value === undefined || value === null) throw new ToolInputError(`\`${key}\` is required.`)
  if (typeof value !== 'string') throw new ToolInputError(`\`${key}\` must be a string.`)
  if (!allowEmpty && value === '') throw new ToolInputError(`\`${key}\` must not be empty.`)
  return value
}

export function optionalString(input: Record<string, unknown>, key: string): string | undefined {
  if (input[key] === undefined || input[key] === null) return undefined
  return requiredString(input, key)
}

/** An optional integer ≥ `min`; a numeric string (`"12"`) is accepted, models send those. */
export function optionalInteger(
  input: Record<string, unknown>,
  key: string,
  min: number
): number | undefined {
  const value = input[key]
  if (value === undefined || value === null) return undefined
  const number = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min) {
    throw new ToolInputError(`\`${key}\` must be a whole number of at least ${min}.`)
  }
  return number
}

/** An optional boolean; `"true"` / `"false"` are accepted. */
export function optionalBoolean(input: Record<string, unknown>, key: string): boolean | undefined {
  const value = input[key]
  if (value === undefined || value === null) return undefined
  if (value === true || value === 'true') return true
  if (value === false || value === 'false') return false
  throw new ToolInputError(`\`${key}\` must be true or false.`)
}

export function stringArray(input: Record<string, unknown>, key: string): string[] {
  const value = input[key]
  if (value === undefined || value === null)
    throw new ToolInputError(`\`${key}\` is required (an array of strings, possibly empty).`)
  if (!Array.isArray(value) || value.some(item => typeof item !== 'string')) {
    throw new ToolInputError(`\`${key}\` must be an array of strings.`)
  }
  return value as string[]
}

/** A file-system error as a sentence about the path the model used. */
export function fileErrorMessage(error: unknown, shown: string): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return `\`${shown}\` does not exist. Use list_files to find the right path.`
    case 'EISDIR':
      return `\`${shown}\` is a directory. Use list_files to see what is in it.`
    case 'ENOTDIR':
      return `A parent of \`${shown}\` is a file, not a directory.`
    case 'EACCES':
    case 'EPERM':
      return `Permission denied for \`${shown}\`.`
    default:
      return `\`${shown}\`: ${errorMessage(error)}`
  }
}
