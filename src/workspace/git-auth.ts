/**
 * How a GitHub token travels with git over HTTPS: as an `http.<url>.extraheader` holding an Authorization
 * header, the way actions/checkout sends it. The engine never writes it to a config file (code the agents
 * run could read it there); it goes in GIT_CONFIG_* variables of the engine's own git processes only.
 */

/** The key checkout uses for a whole server: `http.https://github.com/.extraheader`. */
export function extraHeaderKey(serverUrl = 'https://github.com'): string {
  return `http.${new URL(serverUrl).origin}/.extraheader`
}

/**
 * The key for one repository's URL (`http.https://github.com/owner/repo.git.extraheader`). Git uses, for
 * each URL, the entries of the most specific key that matches it, so this one outranks any server-wide key.
 */
export function remoteHeaderKey(remoteUrl: string): string {
  const parsed = new URL(remoteUrl)
  parsed.username = ''
  parsed.password = ''
  parsed.search = ''
  parsed.hash = ''
  return `http.${parsed.href}.extraheader`
}

/** The header value GitHub accepts for a token over HTTPS. */
export function authorizationHeader(token: string): string {
  return `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64')}`
}
