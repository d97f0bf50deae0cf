import { SECRET_NAME } from './credential-patterns.js'
import { MIN_SECRET_LENGTH } from './redact.js'

/**
 * The environment agent commands run in. It is an allow-list: only variables known to be harmless and
 * needed by build tools pass. A deny-list would have to know every secret name a workflow author might
 * invent (`DEPLOY_KEY`, `DATABASE_URL` with a password in it); with an allow-list a new name is dropped
 * until someone decides it is safe.
 */

/** Exact names that pass. */
const SAFE_NAMES = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TERM',
  'CI',
  'TMPDIR',
  'TMP',
  'TEMP',
  'PWD',
  // Toolchains installed by setup-* actions find themselves through these.
  'JAVA_HOME',
  'GOROOT',
  'GOPATH',
  'GOCACHE',
  'GOMODCACHE',
  'GOFLAGS',
  'CARGO_HOME',
  'RUSTUP_HOME',
  'VIRTUAL_ENV',
  'PYTHONHOME',
  'PIPX_HOME',
  'PIPX_BIN_DIR',
  'NVM_DIR',
  'ANDROID_HOME',
  'ANDROID_SDK_ROOT',
  'DOTNET_ROOT',
  'RUNNER_OS',
  'RUNNER_ARCH',
  'RUNNER_TEMP',
  'RUNNER_TOOL_CACHE',
  // Windows needs these to start most programs.
  'SYSTEMROOT',
  'SystemRoot',
  'COMSPEC',
  'PATHEXT',
  'WINDIR'
])

/** Name prefixes that pass: locale settings only. */
const SAFE_PREFIXES = ['LC_']

/**
 * Returns the environment for agent commands: allow-listed variables only, none whose name looks secret,
 * and git told never to prompt or read the machine's config.
 *
 * Dropped on purpose, among others: `GITHUB_TOKEN`, `INPUT_*` (action inputs hold the API keys),
 * `ACTIONS_RUNTIME_TOKEN` / `ACTIONS_ID_TOKEN_REQUEST_*` (cache, artifact and OIDC access), `GITHUB_ENV` /
 * `GITHUB_OUTPUT` / `GITHUB_PATH` (a command that can write those files injects variables or outputs into
 * later workflow steps), `SSH_AUTH_SOCK` (pushes with the runner's key), `NODE_OPTIONS` (preloads code
 * into every node process), cloud credentials and anything else not listed above.
 */
export function scrubbedEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const clean: Record<string, string> = {}
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || SECRET_NAME.test(name)) continue
    if (SAFE_NAMES.has(name) || SAFE_PREFIXES.some(prefix => name.startsWith(prefix))) clean[name] = value
  }
  // Test runners (jest, vitest) fall into watch mode without CI and would sit until the timeout.
  clean.CI ??= 'true'
  // A credential prompt would hang until the timeout; the system gitconfig may hold a credential helper.
  clean.GIT_TERMINAL_PROMPT = '0'
  clean.GIT_CONFIG_NOSYSTEM = '1'
  // Colour escapes are noise to a model and cost tokens.
  clean.NO_COLOR = '1'
  return clean
}

/**
 * Returns the values of variables whose names look secret (`GITHUB_TOKEN`, `INPUT_ANTHROPIC_API_KEY`,
 * `ACTIONS_RUNTIME_TOKEN`...): the list to pass to `redactSecrets`. Short values are skipped because
 * redacting them would shred ordinary text.
 */
export function secretValues(env: NodeJS.ProcessEnv): string[] {
  const values = new Set<string>()
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value.length >= MIN_SECRET_LENGTH && SECRET_NAME.test(name)) values.add(value)
  }
  return [...values]
}
