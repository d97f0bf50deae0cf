import { resolve } from 'node:path'
import { PROVIDER_NAMES, type RoleConfig } from '../config/team-config.js'
import type { Model } from '../models/model.js'
import { createTranscriptRecorder, type TranscriptRecorder } from '../models/recording-model.js'
import { loadScriptedModels } from '../models/scripted-model.js'
import { cloudAccessFrom, roleModels, type KeySource } from '../ports/role-models.js'
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
 * `--model scripted:FILE` replays a transcript and needs nothing else; any other run needs the key of each
 * provider its roles use: ANTHROPIC_API_KEY, OPENAI_API_KEY (with ANTHROPIC_BASE_URL and OPENAI_BASE_URL
 * honoured, for a proxy, a compatible server or a test server). `--record FILE`
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

  const anthropicKey = env.ANTHROPIC_API_KEY?.trim()
  const openaiKey = env.OPENAI_API_KEY?.trim()
  const cloud = cloudAccessFrom(env)
  if (!anthropicKey && !openaiKey && !cloud.bedrock.credentials && !cloud.vertex.credentials) {
    throw new AgentTeamError(
      'Neither ANTHROPIC_API_KEY nor OPENAI_API_KEY is set, so the team has no model to talk to. Set the key ' +
        'of the provider your roles use (export ANTHROPIC_API_KEY=sk-ant-…, or OPENAI_API_KEY=sk-… for roles ' +
        'on provider: openai; AWS or Google credentials for bedrock or vertex), or replay a recorded run with ' +
        '--model scripted:FILE.'
    )
  }
  const access = {
    anthropic: { apiKey: anthropicKey, baseURL: env.ANTHROPIC_BASE_URL },
    openai: { apiKey: openaiKey, baseURL: env.OPENAI_BASE_URL }
  }
  let recorder: TranscriptRecorder | undefined
  if (options.record !== undefined) {
    recorder = createTranscriptRecorder({
      path: resolve(options.cwd, options.record),
      secrets: [anthropicKey, openaiKey].filter(key => !!key).concat(options.secrets) as string[]
    })
  }
  const roleModel = roleModels({
    access,
    keys: CLI_KEYS,
    cloud,
    override: '--model',
    logger,
    retryBaseMs: env.AGENT_TEAM_MODEL_RETRY_BASE_MS ? Number(env.AGENT_TEAM_MODEL_RETRY_BASE_MS) : undefined
  })
  const where = [
    ...(['anthropic', 'openai'] as const)
      .filter(provider => access[provider].apiKey)
      .map(provider => {
        const at = access[provider].baseURL ? ` at ${access[provider].baseURL}` : ''
        return `${PROVIDER_NAMES[provider]} API${at}`
      }),
    ...(cloud.bedrock.credentials ? [PROVIDER_NAMES.bedrock] : []),
    ...(cloud.vertex.credentials ? [PROVIDER_NAMES.vertex] : [])
  ]
  return {
    modelFor: role => (recorder ? recorder.wrap(roleModel(role)) : roleModel(role)),
    modelOverride: options.model,
    source: `${where.join(' and ')}${recorder ? `, recording to ${resolve(options.cwd, options.record as string)}` : ''}`,
    close: async () => recorder?.flush()
  }
}

/** Where a terminal gives each provider its key. */
const CLI_KEYS: Record<'anthropic' | 'openai', KeySource> = {
  anthropic: { name: 'ANTHROPIC_API_KEY', howTo: 'Export it: export ANTHROPIC_API_KEY=sk-ant-…' },
  openai: { name: 'OPENAI_API_KEY', howTo: 'Export it: export OPENAI_API_KEY=sk-…' }
}
