import { loadTeamConfig, type LoadConfigOptions } from './load-config.js'
import { applyOverrides, type SettingOverrides } from './overrides.js'
import type { TeamConfig } from './team-config.js'

/**
 * The run's team: the configuration (file over defaults, see load-config.ts) with the overrides applied on
 * top, so an input or flag wins over the file and the file over the built-in default. The one place the
 * three meet; a problem in the file is a ConfigError at its line, a bad override names the setting.
 */
export async function resolveTeamSettings(
  options: LoadConfigOptions & { overrides?: SettingOverrides }
): Promise<TeamConfig> {
  const { overrides = {}, ...config } = options
  return applyOverrides(await loadTeamConfig(config), overrides)
}
