import { resolve } from 'node:path'
import type { RoleConfig } from '../config/team-config.js'
import { createAnthropicModel } from '../models/anthropic-model.js'
import { createRateGate } from '../models/rate-gate.js'
import type { Model } from '../models/model.js'
import { createTranscriptRecorder, type TranscriptRecorder } from '../models/recording-model.js'
import { loadScriptedModels } from '../models/scripted-model.js'
import { unsupportedProvider } from '../config/provider-support.js'
import { AgentTeamError } from '../util/errors.js'
import type { Logger } from '../util/logger.js'

/** The models a CLI run talks to, chosen from `--model`, `--record` and the environment. */
export interface CliModels {
  modelFor(role: RoleConfig): Model
  /** The model id every role uses instead of its configured one (`--model ID`). */
  modelOverride?: string
  /** One line for the log: where the answers come from. */
  source: string
  /** Writes what is still pending (the recording); call once the run is over, whatever its outcome. */
  close(): Promise<void>
}

const SCRIPTED = 'scripted:'

/**
 * `--model scripted:FILE` replays a transcript and needs nothing else; any other run needs
 * ANTHROPIC_API_KEY (with ANTHROPIC_BASE_URL honoured, for a proxy or a test server). `--record FILE`
 * wraps the real model and writes every exchange, secrets redacted, for a later replay. Checked before
 * the run starts, so a missing key costs nothing and says what to set.
 */
export async function chooseModels(options: {
  model?: string
  record?: string
  /** The values to keep out of a recording (the CLI's secretsToHandOver). */
  secrets: readonly string[]
  env: NodeJS.ProcessEnv
  cwd: string
  logger: Logger
}): Promise<CliModels> {
  const { env, logger } = options
  if (options.model?.startsWith(SCRIPTED)) {
    const file = resolve(options.cwd, options.model.slice(SCRIPTED.length))
    const scripted = await loadScriptedModels(file)
    return {
      modelFor: role => scripted.model(role.model.modelName),
      source: `replaying ${file}`,
      async close() {
        if (scripted.unplayed > 0) logger.debug(`${scripted.unplayed} recorded exchange(s) were not replayed`)
      }
    }
  }

  const apiKey = env.ANTHROPIC_API_KEY?.trim()
  if (!apiKey) {
    throw new AgentTeamError(
      'ANTHROPIC_API_KEY is not set, so the team has no model to talk to. Set it to an Anthropic API key ' +
        '(export ANTHROPIC_API_KEY=sk-ant-…), or replay a recorded run with --model scripted:FILE.'
    )
  }
  const baseURL = env.ANTHROPIC_BASE_URL || undefined
  let recorder: TranscriptRecorder | undefined
  if (options.record !== undefined) {
    recorder = createTranscriptRecorder({
      path: resolve(options.cwd, options.record),
      secrets: [apiKey, ...options.secrets]
    })
  }
  // One gate for the key: every session of the run waits out a 429 that any of them got.
  const rateGate = createRateGate()
  const modelFor = (role: RoleConfig): Model => {
    if (role.model.provider !== 'anthropic') throw unsupportedProvider(role, '--model')
    const model = createAnthropicModel({
      apiKey,
      model: role.model.modelName,
      baseURL,
      logger,
      rateGate,
      retryBaseMs: env.AGENT_TEAM_MODEL_RETRY_BASE_MS ? Number(env.AGENT_TEAM_MODEL_RETRY_BASE_MS) : undefined
    })
    return recorder ? recorder.wrap(model) : model
  }
  return {
    modelFor,
    modelOverride: options.model,
    source: `Anthropic API${baseURL ? ` at ${baseURL}` : ''}${recorder ? `, recording to ${resolve(options.cwd, options.record as string)}` : ''}`,
    close: async () => recorder?.flush()
  }
}
