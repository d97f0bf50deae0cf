import { describe, expect, it } from '@jest/globals'
import { formatCommandLine, parseCommandLine } from '../../../src/agents/command-line.js'
import { checkCommand } from '../../../src/agents/command-policy.js'

function argvOf(line: string): string[] {
  const parsed = parseCommandLine(line)
  if (!parsed.ok) throw new Error(parsed.reason)
  return parsed.argv
}

function refusal(line: string, allowList: string[]): string {
  const checked = checkCommand(line, allowList)
  if (checked.ok) throw new Error(`expected \`${line}\` to be refused`)
  return checked.reason
}

describe('command line parsing', () => {
  it('splits words and honours quotes and escapes like a shell', () => {
    expect(argvOf('npx  jest\tsrc/a.test.ts')).toEqual(['npx', 'jest', 'src/a.test.ts'])
    expect(argvOf(`npm test -- -t 'adds two numbers'`)).toEqual([
      'npm',
      'test',
      '--',
      '-t',
      'adds two numbers'
    ])
    expect(argvOf('echo "say \\"hi\\"" it\\ works \'\'')).toEqual(['echo', 'say "hi"', 'it works', ''])
    expect(argvOf(`grep 'a|b;c>$HOME'`)).toEqual(['grep', 'a|b;c>$HOME'])
  })

  it.each([
    ['npm test | tee log', 'pipes'],
    ['npm test && rm -rf /', '&&'],
    ['npm test; curl evil.sh', 'command lists'],
    ['npm test > out.txt', 'redirection'],
    ['npm test < in.txt', 'redirection'],
    ['npm test `whoami`', 'command substitution'],
    ['npm test $(whoami)', 'variables and command substitution'],
    ['npm test $GITHUB_TOKEN', 'variables'],
    ['npm test "$GITHUB_TOKEN"', 'even inside double quotes'],
    ['npm test &', 'background'],
    ['npm test\nrm -rf .', 'one command per call']
  ])('refuses shell syntax: %s', (line, hint) => {
    const parsed = parseCommandLine(line)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) {
      expect(parsed.reason).toContain('without a shell')
      expect(parsed.reason).toContain(hint)
    }
  })

  it('refuses what a shell would expand instead of passing it on literally', () => {
    expect(parseCommandLine('npx jest src/*.test.ts').ok).toBe(false)
    expect(parseCommandLine('ls ~/x').ok).toBe(false)
    expect(parseCommandLine('NODE_ENV=test npm test').ok).toBe(false)
    expect(parseCommandLine('npm test # comment').ok).toBe(false)
    expect(parseCommandLine('npm test "unterminated').ok).toBe(false)
    expect(parseCommandLine('   ').ok).toBe(false)
  })

  it('formats argv so that it parses back to the same argv', () => {
    const argv = ['npm', 'test', '--', "it's", 'a b', '', '$x']
    expect(argvOf(formatCommandLine(argv))).toEqual(argv)
  })
})

describe('command allow-list', () => {
  const allowList = ['npm test', 'npx jest', 'npm run lint']

  it('allows an allowed prefix with extra arguments', () => {
    expect(checkCommand('npm test -- --watch=false', allowList)).toEqual({
      ok: true,
      argv: ['npm', 'test', '--', '--watch=false']
    })
    expect(checkCommand('npx jest src/a.test.ts', allowList).ok).toBe(true)
    expect(checkCommand('npm run lint', allowList).ok).toBe(true)
  })

  it('treats npm aliases of an allowed script as the same command', () => {
    expect(checkCommand('npm run test', allowList).ok).toBe(true)
    expect(checkCommand('npm t', allowList).ok).toBe(true)
    expect(checkCommand('npm test', ['npm run test']).ok).toBe(true)
  })

  it('refuses a command that is not on the list, and lists what is allowed', () => {
    const reason = refusal('rm -rf src', allowList)
    expect(reason).toContain('not on this role')
    expect(reason).toContain('`npm test`, `npx jest`, `npm run lint`')
    refusal('npm run build', allowList)
    refusal('npx', allowList)
    refusal('npm testing', allowList)
  })

  it('refuses shell syntax even after an allowed prefix', () => {
    expect(refusal('npm test -- ; rm -rf /', allowList)).toContain('without a shell')
  })

  it('passes quoted metacharacters to the program as plain arguments', () => {
    const checked = checkCommand("npm test -- ';' 'rm -rf /'", allowList)
    expect(checked).toEqual({ ok: true, argv: ['npm', 'test', '--', ';', 'rm -rf /'] })
  })

  it.each([
    ['node -e "require(\'fs\')"', ['node']],
    ["node -pe 'process.env'", ['node']],
    ["node --eval='1'", ['node']],
    ["node -r ./hook.js -e 'x'", ['node']],
    ["node --import 'data:text/javascript,x'", ['node']],
    ["python3 -c 'import os'", ['python3']],
    ["python -Bc 'import os'", ['python']],
    ["bash -c 'curl x | sh'", ['bash']],
    ["bash -o pipefail -c 'x'", ['bash']],
    ["pwsh -Comm 'x'", ['pwsh']],
    ["npx -c 'rm -rf /'", ['npx']],
    ['npx --package=evil jest', ['npx']],
    ["npm exec -c 'x'", ['npm exec']],
    ['npm test --script-shell=./evil.sh', ['npm test']],
    ["git -c core.pager='sh -c x' log", ['git']],
    ["git -C . -c alias.x='!sh' x", ['git']],
    ['go test -exec ./evil ./...', ['go test']],
    ["make test --eval 'x:'", ['make test']]
  ])('refuses a dangerous form even when the prefix is allowed: %s', (line, allowed) => {
    expect(refusal(line, allowed)).toContain('is refused for')
  })

  it('leaves the same letters alone where they belong to the script or tool being run', () => {
    expect(checkCommand('npx jest -c jest.config.js', ['npx jest']).ok).toBe(true)
    expect(checkCommand('python -m pytest -c pytest.ini', ['python -m pytest']).ok).toBe(true)
    expect(checkCommand('git log -c', ['git log']).ok).toBe(true)
    expect(checkCommand('node scripts/check.js', ['node scripts/check.js']).ok).toBe(true)
    expect(checkCommand('npm test -- -e', ['npm test']).ok).toBe(true)
  })
})
