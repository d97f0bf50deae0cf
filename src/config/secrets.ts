import { isMap, isScalar, isSeq } from 'yaml'
import { configErrorAt, type SourceFile } from './source-map.js'

/** Key names that hold credentials, compared without case, `-` or `_`. `api_key_env` (a variable's name) is fine. */
const SECRET_KEY_ENDINGS = [
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
const SECRET_VALUE =
  /(?<![A-Za-z0-9])(sk-ant-[A-Za-z0-9_-]{10,}|sk-(?:proj-)?[A-Za-z0-9_-]{20,}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|glpat-[A-Za-z0-9_-]{20,})/

const ADVICE =
  'and secrets must never be in this file: it is committed with the repository, so everyone who can read ' +
  'the repository can read it. Remove it, store the value as a repository secret, and pass it to the action ' +
  'as an input (for example anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }})'

/**
 * Refuses a configuration that holds a credential: a key named like one (`api_key`, `github_token`,
 * `password`…) or a value in a well-known key format, anywhere in the file, ignored sections included.
 * Checked before anything else so that the first error a user sees is the one that matters most.
 */
export function assertNoSecrets(source: SourceFile): void {
  const walk = (node: unknown, path: Array<string | number>): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
        const at = [...path, key]
        const squashed = key.toLowerCase().replace(/[-_\s]/g, '')
        if (squashed === 'token' || SECRET_KEY_ENDINGS.some(ending => squashed.endsWith(ending))) {
          throw configErrorAt(source, at, `this key holds a secret, ${ADVICE}`, 'key')
        }
        walk(pair.value, at)
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => walk(item, [...path, index]))
    } else if (isScalar(node) && typeof node.value === 'string' && SECRET_VALUE.test(node.value)) {
      throw configErrorAt(source, path, `this value looks like an API key or token, ${ADVICE}`)
    }
  }
  walk(source.doc.contents, [])
}
