import { readFile } from 'node:fs/promises'
import type { Model, ModelRequest, ModelResponse } from './model.js'
import { ModelError } from './model-error.js'
import {
  askedOf,
  describeKey,
  exchangeKeyOf,
  keyString,
  parseTranscript,
  type Exchange,
  type Transcript
} from './transcript.js'

/** Models that replay one transcript; every role's model draws from the same recorded exchanges. */
export interface ScriptedModels {
  /** A Model answering as `id` (the role's model id, so usage is priced as it was when recorded). */
  model(id: string): Model
  /** Exchanges not replayed yet. */
  readonly unplayed: number
}

/**
 * Replays a recorded run without any network: each request is answered by the next unplayed exchange
 * recorded under the same key (forced tool, task, turn). Within one key the calls of a run are sequential,
 * so recorded order is replay order there; across keys any interleaving works, which is what parallel
 * tasks need. A request with nothing recorded under its key fails with a ModelError naming what was
 * asked, so a run that drifted from its recording stops with a reason instead of a wrong answer.
 */
export function createScriptedModels(transcript: Transcript, source = 'the transcript'): ScriptedModels {
  const queues = new Map<string, Exchange[]>()
  for (const exchange of transcript.exchanges) {
    const key = keyString(exchange.key)
    queues.set(key, [...(queues.get(key) ?? []), exchange])
  }
  let unplayed = transcript.exchanges.length

  const play = (id: string, request: ModelRequest): ModelResponse => {
    request.signal?.throwIfAborted()
    const key = exchangeKeyOf(request)
    const exchange = queues.get(keyString(key))?.shift()
    if (!exchange) {
      throw new ModelError(
        `${source} has no recorded reply for ${describeKey(key)} to ${id}, which asked: "${askedOf(request)}". ` +
          'The run has gone another way than the recorded one; record it again with --record FILE.',
        'rejected',
        1
      )
    }
    unplayed--
    if ('error' in exchange) throw new ModelError(exchange.error, 'rejected', 1)
    return structuredClone(exchange.response)
  }

  return {
    model: id => ({
      id,
      complete: async request => play(id, request)
    }),
    get unplayed() {
      return unplayed
    }
  }
}

/** Scripted models from a transcript file written by the recording model. */
export async function loadScriptedModels(path: string): Promise<ScriptedModels> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new ModelError(
      `Cannot read the transcript ${path}${code ? ` (${code})` : ''}; give a file written by --record.`,
      'rejected',
      0
    )
  }
  return createScriptedModels(parseTranscript(text, path), path)
}
