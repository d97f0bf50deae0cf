import { describe, expect, it } from '@jest/globals'
import { authorizationHeader, extraHeaderKey, remoteHeaderKey } from '../../../src/workspace/git-auth.js'

const token = 'ghs_0123456789abcdefSECRET'
const encoded = Buffer.from(`x-access-token:${token}`).toString('base64')

describe('git credentials', () => {
  it('uses the same server key and header as actions/checkout', () => {
    expect(extraHeaderKey()).toBe('http.https://github.com/.extraheader')
    expect(extraHeaderKey('https://ghe.example.com/some/path')).toBe(
      'http.https://ghe.example.com/.extraheader'
    )
    expect(authorizationHeader(token)).toBe(`AUTHORIZATION: basic ${encoded}`)
  })

  it('keys a repository by its whole URL, without any user or password in it', () => {
    expect(remoteHeaderKey('https://github.com/octo-org/widgets')).toBe(
      'http.https://github.com/octo-org/widgets.extraheader'
    )
    expect(remoteHeaderKey('https://x-access-token:abc@github.com/octo-org/widgets.git')).toBe(
      'http.https://github.com/octo-org/widgets.git.extraheader'
    )
  })
})
