import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { createPathPolicy } from '../../../src/agents/path-policy.js'
import { scrubbedEnv } from '../../../src/secrets/environment.js'
import { createUnsandboxed } from '../../../src/sandbox/unsandboxed.js'
import { agentTools, executeTool } from '../../../src/agents/tools/agent-tools.js'
import type { ToolContext } from '../../../src/agents/tools/tool-types.js'
import { tempRepo, type TempDir } from './temp-repo.js'

const SECRET = 'ghs_SuperSecretToken123'

describe('agent tools', () => {
  let repo: TempDir
  let context: ToolContext
  const run = (name: string, input: unknown, overrides: Partial<ToolContext> = {}) =>
    executeTool(name, input, { ...context, ...overrides })
  const read = (relative: string) => fs.readFileSync(path.join(repo.dir, relative), 'utf8')

  beforeAll(() => {
    const numbered = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n') + '\n'
    repo = tempRepo(
      {
        'src/numbers.txt': numbered,
        'src/math.ts': 'export const add = (a: number, b: number) => a + b\n',
        'src/math.test.ts': "import { add } from './math.js'\n// TODO: more cases\n",
        'docs/guide.md': 'Call add(a.b) to add.\n-v flag\nTODO later\n',
        'README.md': '# demo\n',
        'removed.txt': 'gone soon\n',
        '.gitignore': 'ignored/\n',
        'ignored/cache.txt': 'TODO ignored\n',
        'print.js': `console.log("token is ${SECRET}"); console.error("bad"); process.exit(2)\n`,
        'logo.png': 'PNG\0\0binary'
      },
      [
        'src/numbers.txt',
        'src/math.ts',
        'src/math.test.ts',
        'docs/guide.md',
        'README.md',
        'removed.txt',
        '.gitignore'
      ]
    )
    fs.rmSync(path.join(repo.dir, 'removed.txt'))
    repo.write('src/new-untracked.ts', '// TODO: untracked\n')
    context = {
      root: repo.dir,
      pathPolicy: createPathPolicy({
        root: repo.dir,
        protectedPaths: ['README.md'],
        allowWorkflowEdits: false
      }),
      allowList: ['node print.js'],
      commandTimeoutMs: 10_000,
      maxOutputBytes: 16 * 1024,
      env: scrubbedEnv(process.env),
      // The tools' own logic; the sandbox itself is specified in __tests__/unit/sandbox.
      sandbox: createUnsandboxed(scrubbedEnv(process.env)),
      sandboxEnv: {},
      secrets: [SECRET]
    }
  })

  afterAll(() => repo.remove())

  it('offers the eight tools with object schemas, in a stable order', () => {
    const tools = agentTools()
    expect(tools.map(tool => tool.name)).toEqual([
      'read_file',
      'write_file',
      'edit_file',
      'list_files',
      'search',
      'run_command',
      'report_blocker',
      'finish_task'
    ])
    for (const tool of tools) {
      expect(tool.description.length).toBeGreaterThan(40)
      expect(tool.input_schema.type).toBe('object')
    }
  })

  describe('read_file', () => {
    it('shows a line range with line numbers and says where it is in the file', async () => {
      const outcome = await run('read_file', { path: 'src/numbers.txt', start_line: 3, end_line: 5 })
      expect(outcome).toEqual({
        content: '3\tline 3\n4\tline 4\n5\tline 5\n[Lines 3–5 of 30.]',
        isError: false
      })
    })

    it('shows a whole short file without a note', async () => {
      const outcome = await run('read_file', { path: 'src/math.ts' })
      expect(outcome.content).toBe('1\texport const add = (a: number, b: number) => a + b')
    })

    it('cuts long output and names the line to continue from', async () => {
      const outcome = await run('read_file', { path: 'src/numbers.txt' }, { maxOutputBytes: 300 })
      const lastShown = Number(/Output cut at line (\d+) of 30/.exec(outcome.content)?.[1])
      expect(lastShown).toBeGreaterThan(0)
      expect(outcome.content).toContain(`start_line=${lastShown + 1}`)
      expect(Buffer.byteLength(outcome.content)).toBeLessThanOrEqual(300)
    })

    it('refuses to show a binary file', async () => {
      const outcome = await run('read_file', { path: 'logo.png' })
      expect(outcome.isError).toBe(true)
      expect(outcome.content).toContain('binary')
    })

    it('returns sandbox refusals and missing files as errors the model can read', async () => {
      expect(await run('read_file', { path: '.git/config' })).toMatchObject({ isError: true })
      const missing = await run('read_file', { path: 'src/nope.ts' })
      expect(missing).toMatchObject({ isError: true })
      expect(missing.content).toContain('does not exist')
      const pastEnd = await run('read_file', { path: 'src/numbers.txt', start_line: 99 })
      expect(pastEnd.content).toContain('has 30 lines')
    })
  })

  describe('write_file', () => {
    it('creates a file and its parent directories, and reports the change', async () => {
      const outcome = await run('write_file', { path: 'lib/deep/new.ts', content: 'export {}\n' })
      expect(outcome).toMatchObject({ isError: false, changedFiles: ['lib/deep/new.ts'] })
      expect(read('lib/deep/new.ts')).toBe('export {}\n')
    })

    it('refuses protected paths and workflows', async () => {
      expect(await run('write_file', { path: 'README.md', content: 'x' })).toMatchObject({ isError: true })
      expect(await run('write_file', { path: '.github/workflows/x.yml', content: 'x' })).toMatchObject({
        isError: true
      })
      expect(read('README.md')).toBe('# demo\n')
      expect(fs.existsSync(path.join(repo.dir, '.github'))).toBe(false)
    })
  })

  describe('edit_file', () => {
    it('replaces one exact occurrence and keeps `$` patterns in the new text literal', async () => {
      repo.write('edit/one.ts', 'const a = 1\nconst b = 2\n')
      const outcome = await run('edit_file', {
        path: 'edit/one.ts',
        old_string: 'const b = 2',
        new_string: "const b = '$&'"
      })
      expect(outcome).toMatchObject({ isError: false, changedFiles: ['edit/one.ts'] })
      expect(outcome.content).toContain('line 2')
      expect(read('edit/one.ts')).toBe("const a = 1\nconst b = '$&'\n")
    })

    it('refuses when old_string is not found', async () => {
      repo.write('edit/two.ts', 'let x = 1\n')
      const outcome = await run('edit_file', {
        path: 'edit/two.ts',
        old_string: 'let y = 1',
        new_string: 'let y = 2'
      })
      expect(outcome.isError).toBe(true)
      expect(outcome.content).toContain('not found')
      expect(read('edit/two.ts')).toBe('let x = 1\n')
    })

    it('refuses an ambiguous old_string unless replace_all is set', async () => {
      repo.write('edit/three.ts', 'x()\nx()\nx()\n')
      const ambiguous = await run('edit_file', {
        path: 'edit/three.ts',
        old_string: 'x()',
        new_string: 'y()'
      })
      expect(ambiguous.isError).toBe(true)
      expect(ambiguous.content).toContain('occurs 3 times')
      expect(read('edit/three.ts')).toBe('x()\nx()\nx()\n')
      const all = await run('edit_file', {
        path: 'edit/three.ts',
        old_string: 'x()',
        new_string: 'y()',
        replace_all: true
      })
      expect(all.isError).toBe(false)
      expect(read('edit/three.ts')).toBe('y()\ny()\ny()\n')
    })

    it('matches a file with Windows line endings and keeps them', async () => {
      repo.write('edit/crlf.txt', 'one\r\ntwo\r\nthree\r\n')
      const outcome = await run('edit_file', {
        path: 'edit/crlf.txt',
        old_string: 'one\ntwo',
        new_string: '1\n2'
      })
      expect(outcome.isError).toBe(false)
      expect(read('edit/crlf.txt')).toBe('1\r\n2\r\nthree\r\n')
    })
  })

  describe('list_files', () => {
    it('lists tracked and new files matching a glob, not ignored or deleted ones', async () => {
      const outcome = await run('list_files', { pattern: 'src/**/*.ts' })
      expect(outcome.content.split('\n')).toEqual(['src/math.test.ts', 'src/math.ts', 'src/new-untracked.ts'])
      const all = (await run('list_files', {})).content.split('\n')
      expect(all).toContain('.gitignore')
      expect(all).not.toContain('ignored/cache.txt')
      expect(all).not.toContain('removed.txt')
    })

    it('matches a pattern without a slash against file names anywhere, and a directory name as its contents', async () => {
      expect((await run('list_files', { pattern: '*.md' })).content.split('\n')).toEqual([
        'README.md',
        'docs/guide.md'
      ])
      expect((await run('list_files', { pattern: 'docs' })).content).toBe('docs/guide.md')
    })

    it('says so when nothing matches, and refuses patterns that leave the repository', async () => {
      expect(await run('list_files', { pattern: '*.rs' })).toEqual({
        content: 'No files match `*.rs`.',
        isError: false
      })
      expect(await run('list_files', { pattern: '../**' })).toMatchObject({ isError: true })
    })
  })

  describe('search', () => {
    it('finds a fixed string, regex characters included, with path and line number', async () => {
      const outcome = await run('search', { pattern: 'add(a.b)' })
      expect(outcome).toEqual({ content: 'docs/guide.md:1: Call add(a.b) to add.', isError: false })
    })

    it('searches tracked and new files but not ignored ones, narrowed by glob', async () => {
      const outcome = await run('search', { pattern: 'TODO', glob: '*.ts' })
      expect(outcome.content.split('\n')).toEqual([
        'src/math.test.ts:2: // TODO: more cases',
        'src/new-untracked.ts:1: // TODO: untracked'
      ])
      const inDocs = await run('search', { pattern: 'todo', case_sensitive: false, path: 'docs' })
      expect(inDocs.content).toBe('docs/guide.md:3: TODO later')
    })

    it('supports regular expressions and patterns that start with a dash', async () => {
      expect((await run('search', { pattern: 'add = \\(a', regex: true })).content).toBe(
        'src/math.ts:1: export const add = (a: number, b: number) => a + b'
      )
      expect((await run('search', { pattern: '-v' })).content).toBe('docs/guide.md:2: -v flag')
    })

    it('reports no matches plainly and a bad regex as an error', async () => {
      expect(await run('search', { pattern: 'no-such-text-anywhere' })).toEqual({
        content: 'No matches for `no-such-text-anywhere`.',
        isError: false
      })
      expect(await run('search', { pattern: 'a[', regex: true })).toMatchObject({ isError: true })
    })
  })

  describe('run_command', () => {
    it('runs an allowed command and reports its exit code with secrets redacted', async () => {
      const outcome = await run('run_command', { command: 'node print.js' })
      expect(outcome.isError).toBe(true)
      expect(outcome.content).toContain('exit code 2')
      expect(outcome.content).toContain('token is ***')
      expect(outcome.content).toContain('--- stderr ---\nbad')
      expect(outcome.content).not.toContain(SECRET)
    })

    it('refuses a command outside the allow-list without running it', async () => {
      const outcome = await run('run_command', { command: 'git status' })
      expect(outcome.isError).toBe(true)
      expect(outcome.content).toContain('`node print.js`')
    })
  })

  describe('finishing and blocking', () => {
    it('ends the session with finish_task', async () => {
      const outcome = await run('finish_task', {
        summary: 'Added subtraction.',
        files_changed: ['src/math.ts'],
        checks_run: ['npm test: passed']
      })
      expect(outcome.terminal).toEqual({
        kind: 'finish',
        summary: 'Added subtraction.',
        filesChanged: ['src/math.ts'],
        checksRun: ['npm test: passed']
      })
    })

    it('ends the session with a question from report_blocker', async () => {
      const outcome = await run('report_blocker', { question: 'Which currency should totals use?' })
      expect(outcome.terminal).toEqual({ kind: 'blocker', question: 'Which currency should totals use?' })
    })
  })

  describe('bad calls', () => {
    it('answers an unknown tool with the list of tools', async () => {
      const outcome = await run('delete_repo', {})
      expect(outcome.isError).toBe(true)
      expect(outcome.content).toContain('read_file, write_file')
    })

    it.each([
      ['read_file', {}, '`path` is required'],
      ['read_file', { path: 42 }, '`path` must be a string'],
      ['read_file', { file_path: 'a' }, 'unknown field `file_path`'],
      ['read_file', { path: 'src/math.ts', start_line: 0 }, '`start_line` must be a whole number'],
      [
        'edit_file',
        { path: 'src/math.ts', old_string: '', new_string: 'x' },
        '`old_string` must not be empty'
      ],
      [
        'finish_task',
        { summary: 'x', files_changed: 'a.ts', checks_run: [] },
        '`files_changed` must be an array'
      ],
      ['list_files', 'src', 'must be a JSON object']
    ])('turns invalid input for %s into an error outcome', async (name, input, message) => {
      const outcome = await run(name, input)
      expect(outcome.isError).toBe(true)
      expect(outcome.content).toContain(message)
    })

    it('redacts secrets from any tool output, not only commands', async () => {
      const outcome = await run('read_file', { path: 'print.js' })
      expect(outcome.content).toContain('token is ***')
    })
  })
})
