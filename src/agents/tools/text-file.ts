import fs from 'node:fs/promises'
import { errorOutcome, fileErrorMessage } from './tool-input.js'
import type { ToolOutcome } from './tool-types.js'

/** Files larger than this are not loaded into memory for an agent. */
const MAX_FILE_BYTES = 10 * 1024 * 1024
/** Git's own test: a NUL byte in the first 8000 bytes means binary. */
const BINARY_PROBE_BYTES = 8000

/** A file's text, or the outcome to send the model instead. */
export type LoadedText = { ok: true; text: string } | { ok: false; outcome: ToolOutcome }

/**
 * Loads a UTF-8 text file for read_file and edit_file. Directories, binary files and very large files
 * come back as outcomes that say what to do instead.
 */
export async function loadTextFile(absolute: string, shown: string): Promise<LoadedText> {
  try {
    const stat = await fs.stat(absolute)
    if (stat.isDirectory())
      return { ok: false, outcome: errorOutcome(fileErrorMessage({ code: 'EISDIR' }, shown)) }
    if (!stat.isFile()) return { ok: false, outcome: errorOutcome(`\`${shown}\` is not a regular file.`) }
    if (stat.size > MAX_FILE_BYTES) {
      return {
        ok: false,
        outcome: errorOutcome(
          `\`${shown}\` is ${stat.size} bytes, too large to open; use search to find what you need in it.`
        )
      }
    }
    const bytes = await fs.readFile(absolute)
    if (bytes.subarray(0, BINARY_PROBE_BYTES).includes(0)) {
      return {
        ok: false,
        outcome: errorOutcome(
          `\`${shown}\` is a binary file (${bytes.length} bytes); it cannot be shown or edited as text.`
        )
      }
    }
    return { ok: true, text: bytes.toString('utf8') }
  } catch (error) {
    return { ok: false, outcome: errorOutcome(fileErrorMessage(error, shown)) }
  }
}
