import { test } from 'node:test'
import assert from 'node:assert/strict'
import { name } from '../src/index.js'

test('the package has a name', () => {
  assert.equal(name, 'greeting')
})
