import type { FileHandle } from 'node:fs/promises'
import { errorOutcome, fileErrorMessage } from './tool-input.js'
import type { ToolOutcome } from './tool-types.js'
import { openVerified, PathChanged, type OpenPurpose } from './verified-open.js'

/** Files larger than this are not loaded into memory for an agent. */
const MAX_FILE_BYTES = 10 * 1024 * 1024
/** Git's own test: a NUL byte in the first 8000 bytes means binary. */
const BINARY_PROBE_BYTES = 8000

/**
 * A file's text and its open handle (for `update`, write the new text through it, then close it; for
 * `read` it is already closed), or the outcome to send the model instead.
 */
export type LoadedText = { ok: true; text: string; handle: FileHandle } | { ok: false; outcome: ToolOutcome }

/**
 * Loads a UTF-8 text file for read_file and edit_file through a verified handle (verified-open.ts), so
 * what is read is the file the path policy accepted. Directories, binary files and very large files come
 * back as outcomes that say what to do instead.
 */
export async function loadTextFile(
  absolute: string,
  shown: string,
  purpose: Exclude<OpenPurpose, 'create'> = 'read'
): Promise<LoadedText> {
  let handle: FileHandle | undefined
  try {
    handle = await openVerified(absolute, purpose, shown)
    const stat = await handle.stat()
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
    const bytes = await handle.readFile()
    if (bytes.subarray(0, BINARY_PROBE_BYTES).includes(0)) {
      return {
        ok: false,
        outcome: errorOutcome(
          `\`${shown}\` is a binary file (${bytes.length} bytes); it cannot be shown or edited as text.`
        )
      }
    }
    const loaded: LoadedText = { ok: true, text: bytes.toString('utf8'), handle }
    if (purpose === 'read') await handle.close()
    handle = undefined
    return loaded
  } catch (error) {
    const message = error instanceof PathChanged ? error.message : fileErrorMessage(error, shown)
    return { ok: false, outcome: errorOutcome(message) }
  } finally {
    await handle?.close()
  }
}
