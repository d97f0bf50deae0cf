/**
 * What a credential looks like, in one place: the names of environment variables and configuration keys
 * that hold one, and the formats of well-known tokens. The environment scrubber and the configuration
 * check both read these.
 */

/** Key names that hold credentials, compared without case, `-` or `_`. `api_key_env` (a variable's name) is fine. */
export const CREDENTIAL_KEY_ENDINGS = [
  'apikey',
  'apitoken',
  'secret',
  'secrets',
  'secretkey',
  'password',
  'passwd',
  'passphrase',
  'privatekey',
  'accesstoken',
  'authtoken',
  'bearertoken',
  'refreshtoken',
  'githubtoken',
  'ghtoken',
  'credential',
  'credentials'
]

/** Well-known credential formats: Anthropic, OpenAI, GitHub, Slack, AWS, GitLab. */
export const CREDENTIAL_VALUE =
  /(?<![A-Za-z0-9])(sk-ant-[A-Za-z0-9_-]{10,}|sk-(?:proj-)?[A-Za-z0-9_-]{20,}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|glpat-[A-Za-z0-9_-]{20,})/

/**
 * Names that look like they hold a secret. Applied on top of the allow-list too, so a safe-looking name
 * that carries a credential (`GOFLAGS` never should, but a mistake costs a token) still cannot pass.
 */
export const SECRET_NAME =
  /TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL|AUTH|COOKIE/i
