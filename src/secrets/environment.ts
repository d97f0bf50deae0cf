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
 * Returns the environment for agent commands: allow-listed variables only, none whose name looks secret or
 * whose value carries one of `secrets`, and git told never to prompt or read the machine's config. The
 * allow-list does the work; the name pattern and the values are there for a safe-looking name that carries a
 * credential after all. Pass only the secrets the entrypoint read itself (tokens, API keys): a value merely
 * found under a credential-like name may be a path (`SSH_AUTH_SOCK`), and PATH must not go for holding it.
 *
 * Dropped on purpose, among others: `GITHUB_TOKEN`, `INPUT_*` (action inputs hold the API keys),
 * `ACTIONS_RUNTIME_TOKEN` / `ACTIONS_ID_TOKEN_REQUEST_*` (cache, artifact and OIDC access), `GITHUB_ENV` /
 * `GITHUB_OUTPUT` / `GITHUB_PATH` (a command that can write those files injects variables or outputs into
 * later workflow steps), `SSH_AUTH_SOCK` (pushes with the runner's key), `NODE_OPTIONS` (preloads code
 * into every node process), cloud credentials and anything else not listed above.
 */
export function scrubbedEnv(
  env: NodeJS.ProcessEnv,
  secrets: ReadonlyArray<string | undefined> = []
): Record<string, string> {
  const known = secrets.filter((secret): secret is string => (secret?.length ?? 0) >= MIN_SECRET_LENGTH)
  const clean: Record<string, string> = {}
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || SECRET_NAME.test(name)) continue
    if (known.some(secret => value.includes(secret))) continue
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

/**
 * The secrets an entrypoint hands the core: the values it read as secrets itself (`known`: the GitHub token,
 * the model API key, the runner's own tokens), then the values of variables named like a credential. The
 * known values are the promise; the names are a second line for what the entrypoint cannot know by name, a
 * workflow's `env: NPM_TOKEN: ${{ secrets.NPM_TOKEN }}`, which an agent must not see quoted back even when
 * it found the value somewhere other than its environment. Empty and short values are left out.
 */
export function secretsToHandOver(
  known: ReadonlyArray<string | undefined>,
  env: NodeJS.ProcessEnv
): string[] {
  const values = new Set<string>()
  for (const value of known) if (value !== undefined && value.length >= MIN_SECRET_LENGTH) values.add(value)
  for (const value of secretValues(env)) values.add(value)
  return [...values]
}
