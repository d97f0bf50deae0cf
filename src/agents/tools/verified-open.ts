/**
 * Opening a file the path policy accepted, without the race between check and use: the policy resolves
 * the path (realpath) and says it is inside the worktree, but code the agent ran can swap a folder or the
 * file for a symlink to `/home/runner/.ssh` or `/proc/self/environ` in between. So the file is opened
 * without following a final symlink (O_NOFOLLOW), and then the descriptor itself is asked where it is
 * (`/proc/self/fd/N` on Linux, device and inode against the path elsewhere): anything but the path the
 * policy accepted is closed unread, and a file the open created there is removed.
 */
import { constants } from 'node:fs'
import fs, { type FileHandle } from 'node:fs/promises'
import { AgentTeamError } from '../../util/errors.js'

/** `read`: an existing file; `update`: an existing file, read and written; `create`: a new file. */
export type OpenPurpose = 'read' | 'update' | 'create'

const FLAGS: Record<OpenPurpose, number> = {
  read: constants.O_RDONLY,
  update: constants.O_RDWR,
  create: constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL
}

/** The opened file was not the one the path policy accepted: a symlink was swapped in. */
export class PathChanged extends AgentTeamError {
  constructor(shown: string) {
    super(
      `\`${shown}\` changed while it was being opened (a symlink was swapped in); agents may only use files inside the worktree. Try again, and do not replace files or folders with symlinks.`
    )
  }
}

/**
 * Opens `absolute` (the policy's resolved real path) for `purpose`, and resolves to the handle only when
 * the open file is exactly that path. Throws PathChanged otherwise, and the usual errno errors (ENOENT,
 * EEXIST for `create`, ELOOP for a final symlink).
 */
export async function openVerified(
  absolute: string,
  purpose: OpenPurpose,
  shown: string
): Promise<FileHandle> {
  // O_NONBLOCK: a FIFO the agent's code left in the worktree must not hang the open.
  const flags = FLAGS[purpose] | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0)
  let handle: FileHandle
  try {
    handle = await fs.open(absolute, flags, 0o666)
  } catch (error) {
    // A final symlink: swapped in after the policy's check, since the policy resolved the real path.
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw new PathChanged(shown)
    throw error
  }
  let opened: string | undefined
  try {
    opened = await openedPath(handle, absolute)
  } catch {
    opened = undefined
  }
  if (opened === absolute) return handle
  await handle.close()
  // O_CREAT through a swapped folder made an empty file out there; take it back.
  if (purpose === 'create' && opened !== undefined) await fs.unlink(opened).catch(() => undefined)
  throw new PathChanged(shown)
}

/** Writes `text` as the whole content of the file behind `handle`, from the start. */
export async function replaceContent(handle: FileHandle, text: string): Promise<void> {
  const bytes = Buffer.from(text, 'utf8')
  await handle.truncate(0)
  let written = 0
  while (written < bytes.length) {
    written += (await handle.write(bytes, written, bytes.length - written, written)).bytesWritten
  }
}

/** Where the descriptor's file is; undefined when that cannot be told. */
async function openedPath(handle: FileHandle, absolute: string): Promise<string | undefined> {
  try {
    return await fs.realpath(`/proc/self/fd/${handle.fd}`)
  } catch {
    // No /proc (macOS, Windows): the same file as the path, and the path with no symlink in it.
    const [fromHandle, fromPath, real] = await Promise.all([
      handle.stat(),
      fs.stat(absolute),
      fs.realpath(absolute)
    ])
    return fromHandle.dev === fromPath.dev && fromHandle.ino === fromPath.ino && real === absolute
      ? absolute
      : undefined
  }
}
