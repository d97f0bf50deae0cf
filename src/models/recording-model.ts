import { rename, writeFile } from 'node:fs/promises'
import { redactSecrets } from '../secrets/redact.js'
import { errorMessage } from '../util/errors.js'
import type { Model } from './model.js'
import {
  askedOf,
  exchangeKeyOf,
  serializeTranscript,
  TRANSCRIPT_VERSION,
  type Exchange,
  type Transcript
} from './transcript.js'

/** Writes every exchange of the models it wraps to one transcript file. */
export interface TranscriptRecorder {
  /** `model`, with each of its calls recorded. */
  wrap(model: Model): Model
  /** Everything recorded so far, secrets already redacted. */
  readonly transcript: Transcript
  /** Resolves once the file holds every exchange recorded so far; rejects if it could not be written. */
  flush(): Promise<void>
}

/**
 * Records a run's model calls in the layout the scripted model replays. The file is rewritten after every
 * exchange, so a run that crashes half-way still leaves what it did. Every string is redacted with
 * `secrets` before it is kept: a transcript is meant to be shared and committed as a test fixture, and a
 * model may echo a token it read in a file or a command's output.
 */
export function createTranscriptRecorder(options: {
  path: string
  secrets: readonly string[]
}): TranscriptRecorder {
  const transcript: Transcript = { version: TRANSCRIPT_VERSION, exchanges: [] }
  let writing: Promise<void> = Promise.resolve()
  let failure: unknown

  const save = (): void => {
    // Writes are chained so that an older snapshot can never land after a newer one.
    writing = writing.then(async () => {
      const temporary = `${options.path}.${process.pid}.tmp`
      try {
        await writeFile(temporary, serializeTranscript(transcript))
        await rename(temporary, options.path)
      } catch (error) {
        failure ??= error
      }
    })
  }
  const keep = (exchange: Exchange): void => {
    transcript.exchanges.push(redacted(exchange, options.secrets))
    save()
  }

  return {
    wrap: model => ({
      id: model.id,
      provider: model.provider,
      async complete(request) {
        const key = exchangeKeyOf(request)
        const asked = askedOf(request)
        try {
          const response = await model.complete(request)
          keep({ key, model: model.id, asked, response: structuredClone(response) })
          return response
        } catch (error) {
          // An aborted call is the run stopping, not an answer the model gave.
          if (!request.signal?.aborted) keep({ key, model: model.id, asked, error: errorMessage(error) })
          throw error
        }
      }
    }),
    transcript,
    async flush() {
      await writing
      if (failure !== undefined) {
        throw new Error(`Could not write the transcript ${options.path}: ${errorMessage(failure)}`)
      }
    }
  }
}

/** A deep copy of `value` with every string redacted. */
function redacted<T>(value: T, secrets: readonly string[]): T {
  if (typeof value === 'string') return redactSecrets(value, secrets) as T
  if (Array.isArray(value)) return value.map(item => redacted(item, secrets)) as T
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([name, field]) => [name, redacted(field, secrets)])
    ) as T
  }
  return value
}
