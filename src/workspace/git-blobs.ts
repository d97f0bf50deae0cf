/**
 * Many blobs written or read with one git process, where the command manager's `writeBlob` / `blobText`
 * take one process (two, with the config listing) per blob. The state store writes a file per task: a plan
 * of 200 tasks would otherwise start 400 processes to commit, and as many to load.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Logger } from '../util/logger.js'
import { silentLogger } from '../util/logger.js'
import { runGit } from './run-git.js'
import { WorkspaceError } from './workspace-errors.js'

/** The repository (any directory inside it) and how its git runs. */
export interface BlobIo {
  dir: string
  env?: NodeJS.ProcessEnv
  logger?: Logger
}

const run = (io: BlobIo, args: string[], input?: string) =>
  runGit(io.dir, args, { env: io.env ?? process.env, logger: io.logger ?? silentLogger, input })

/** Stores each text as a blob; resolves to their ids, in the same order. */
export async function writeBlobs(io: BlobIo, texts: readonly string[]): Promise<string[]> {
  if (texts.length === 0) return []
  if (texts.length === 1) {
    return [(await run(io, ['hash-object', '-w', '--no-filters', '--stdin'], texts[0])).stdout.trim()]
  }
  // `--stdin` takes one blob; `--stdin-paths` takes any number, from files. --no-filters: the texts are
  // stored as they are, whatever the repository's attributes say.
  const folder = await mkdtemp(join(tmpdir(), 'agent-team-blobs-'))
  try {
    const files = texts.map((text, index) => ({ path: join(folder, String(index)), text }))
    await Promise.all(files.map(({ path, text }) => writeFile(path, text)))
    const paths = files.map(({ path }) => path)
    const out = await run(io, ['hash-object', '-w', '--no-filters', '--stdin-paths'], `${paths.join('\n')}\n`)
    const ids = out.stdout.split('\n').filter(line => line !== '')
    if (ids.length !== texts.length) {
      throw new WorkspaceError(`git hash-object stored ${ids.length} of ${texts.length} blobs.`)
    }
    return ids
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

/** The text of each blob, in the same order; a missing object or one that is not a blob is an error. */
export async function readBlobs(io: BlobIo, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return []
  for (const id of ids) {
    if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(id)) throw new WorkspaceError(`"${id}" is not an object id.`)
  }
  const out = await run(io, ['cat-file', '--batch'], `${ids.join('\n')}\n`)
  // Sizes are in bytes; the output was decoded as UTF-8, so it is read back as the bytes git wrote.
  const bytes = Buffer.from(out.stdout, 'utf8')
  const texts: string[] = []
  let at = 0
  for (const id of ids) {
    const end = bytes.indexOf(10, at)
    const header = bytes.subarray(at, end === -1 ? bytes.length : end).toString('utf8')
    const match = /^(\S+) (\S+) (\d+)$/.exec(header)
    if (end === -1 || !match || match[2] !== 'blob') {
      throw new WorkspaceError(`${id} is not a blob in ${io.dir} (git cat-file said "${header}").`)
    }
    const size = Number(match[3])
    texts.push(bytes.subarray(end + 1, end + 1 + size).toString('utf8'))
    at = end + 1 + size + 1
  }
  return texts
}
