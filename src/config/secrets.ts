import { isMap, isScalar, isSeq } from 'yaml'
import { CREDENTIAL_KEY_ENDINGS, CREDENTIAL_VALUE } from '../secrets/credential-patterns.js'
import { configErrorAt, type SourceFile } from './source-map.js'

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
        if (squashed === 'token' || CREDENTIAL_KEY_ENDINGS.some(ending => squashed.endsWith(ending))) {
          throw configErrorAt(source, at, `this key holds a secret, ${ADVICE}`, 'key')
        }
        walk(pair.value, at)
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => walk(item, [...path, index]))
    } else if (isScalar(node) && typeof node.value === 'string' && CREDENTIAL_VALUE.test(node.value)) {
      throw configErrorAt(source, path, `this value looks like an API key or token, ${ADVICE}`)
    }
  }
  walk(source.doc.contents, [])
}
