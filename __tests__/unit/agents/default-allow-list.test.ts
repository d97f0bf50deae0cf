import { afterEach, describe, expect, it } from '@jest/globals'
import { defaultAllowList } from '../../../src/agents/command-policy.js'
import { tempDir, type TempDir } from './temp-repo.js'

describe('default allow-list', () => {
  let repo: TempDir | undefined
  afterEach(() => repo?.remove())

  it("allows a Node repository's check scripts and nothing else", async () => {
    repo = tempDir()
    repo.write(
      'package.json',
      JSON.stringify({
        scripts: {
          test: 'jest',
          'test:unit': 'jest unit',
          build: 'tsc',
          lint: 'eslint .',
          typecheck: 'tsc --noEmit',
          'format:check': 'prettier --check .',
          pretest: 'node prepare.js',
          deploy: 'ship-it',
          start: 'node server.js'
        }
      })
    )
    expect(await defaultAllowList(repo.dir)).toEqual([
      'npm run build',
      'npm run format:check',
      'npm run lint',
      'npm test',
      'npm run test:unit',
      'npm run typecheck'
    ])
  })

  it('adds make targets, pytest, cargo and go where the repository has them', async () => {
    repo = tempDir()
    repo.write('Makefile', '.PHONY: test\nVERSION := 1\ntest: build\n\tgo test ./...\ndeploy:\n\t./ship\n')
    repo.write('tests/unit/test_math.py', 'def test_add(): assert 1 + 1 == 2\n')
    repo.write('Cargo.toml', '[package]\nname = "x"\n')
    repo.write('go.mod', 'module x\n')
    const commands = await defaultAllowList(repo.dir)
    expect(commands).toEqual(
      expect.arrayContaining(['make test', 'pytest', 'python -m pytest', 'cargo test', 'go test'])
    )
    expect(commands).not.toContain('make deploy')
    expect(commands).not.toContain('make build')
  })

  it('allows nothing in a repository without known entry points', async () => {
    repo = tempDir()
    repo.write('README.md', '# hi\n')
    repo.write('package.json', '{ not json')
    expect(await defaultAllowList(repo.dir)).toEqual([])
  })
})
