/**
 * The environment of a sandboxed command, built from nothing: bubblewrap starts it with `--clearenv` and
 * only these variables. Nothing of the runner's environment passes except PATH and the locale, so a secret
 * in a variable nobody thought of (`DEPLOY_KEY`, `INPUT_*`, `ACTIONS_RUNTIME_TOKEN`, `GITHUB_ENV`'s path)
 * cannot reach the agents' code by construction.
 */

/** Where the fresh, empty home and temporary directories are inside the sandbox (each its own tmpfs). */
export const SANDBOX_HOME = '/home/agent'
export const SANDBOX_TMP = '/tmp'

const FALLBACK_PATH = '/usr/local/bin:/usr/bin:/bin'

/**
 * The variables a sandboxed command gets: PATH and LANG from the runner (only directories that are mounted
 * resolve), a fresh HOME and TMPDIR, CI=true (test runners otherwise wait in watch mode), no colours, git
 * never prompting, and what the configuration adds (`extra`, whose names the config loader checked).
 */
export function sandboxEnv(
  host: NodeJS.ProcessEnv,
  extra: Readonly<Record<string, string>> = {}
): Record<string, string> {
  return {
    PATH: host.PATH || FALLBACK_PATH,
    LANG: host.LANG || 'C.UTF-8',
    HOME: SANDBOX_HOME,
    TMPDIR: SANDBOX_TMP,
    CI: 'true',
    NO_COLOR: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    // npm asks the registry whether it is outdated; with no network that only costs time.
    npm_config_update_notifier: 'false',
    ...extra
  }
}
