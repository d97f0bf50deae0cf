import { describe, expect, it } from '@jest/globals'
import { fillPrompt, fillTemplate, parseToolPrompt, prompt, toolPrompt } from '../../../src/prompts/index.js'

describe('fillTemplate', () => {
  it('puts each value in the place of its placeholder, every time it occurs', () => {
    expect(fillTemplate('{{a}} and {{b}}, then {{a}}', { a: 'x', b: 2 })).toBe('x and 2, then x')
  })

  it('refuses a placeholder without a value', () => {
    expect(() => fillTemplate('Hello {{name}}', {}, 'greeting')).toThrow(
      'Prompt "greeting" needs a value for {{name}}'
    )
  })

  it('refuses a value without a placeholder', () => {
    expect(() => fillTemplate('Hello {{name}}', { name: 'a', nmae: 'b' }, 'greeting')).toThrow(
      'Prompt "greeting" has no placeholder for nmae'
    )
  })

  it.each(['{{ name }}', '{{na-me}}', '{{name}', 'name}}', '{{}}'])(
    'refuses a malformed placeholder: %s',
    template => {
      expect(() => fillTemplate(template, {})).toThrow('malformed placeholder')
    }
  )

  it('inserts a value verbatim and never scans it again, so text from people cannot fill a placeholder', () => {
    expect(
      fillTemplate('<q>{{question}}</q> {{secret}}', { question: '{{secret}} $& $1', secret: 's' })
    ).toBe('<q>{{secret}} $& $1</q> s')
  })
})

describe('fillPrompt and prompt', () => {
  it('fills a bundled template, without the final newline of its file', () => {
    expect(fillPrompt('agent/tool-failed', { error: 'bang' })).toBe('The tool failed: bang')
  })

  it('refuses an unknown name: a typo is a bug', () => {
    expect(() => fillPrompt('agent/no-such-prompt')).toThrow('No bundled prompt named "agent/no-such-prompt"')
    expect(() => prompt('role-nobody')).toThrow('No bundled prompt named "role-nobody"')
  })

  it('will not hand out a template unfilled', () => {
    expect(() => prompt('agent/tool-failed')).toThrow('read it with fillPrompt')
  })

  it('reads a system prompt whole, as its file has it', () => {
    expect(prompt('manager-plan').endsWith('\n')).toBe(true)
  })
})

describe('parseToolPrompt', () => {
  it('reads the description before the first heading and a field under each ## heading', () => {
    const parsed = parseToolPrompt(
      [
        'Read a file. Long',
        'lines wrap.',
        '',
        'A second paragraph.',
        '',
        '## path',
        '',
        'Where',
        'it is.',
        '',
        '## a.b',
        'Nested.',
        ''
      ].join('\n')
    )
    expect(parsed.description).toBe('Read a file. Long lines wrap.\n\nA second paragraph.')
    expect([...parsed.fields]).toEqual([
      ['path', 'Where it is.'],
      ['a.b', 'Nested.']
    ])
  })

  it.each([
    ['no description', '## path\n\nWhere.\n', 'description'],
    ['an empty field', 'Tool.\n\n## path\n\n', 'field "path" has no description'],
    ['a field twice', 'Tool.\n\n## path\nA.\n\n## path\nB.\n', 'field "path" is described twice'],
    ['another heading level', '# Tool\n\nTool.\n', 'only "## field" headings']
  ])('refuses %s', (_what, text, message) => {
    expect(() => parseToolPrompt(text)).toThrow(message)
  })

  it('fills placeholders before it reads, and refuses a field the file does not describe', () => {
    const words = toolPrompt('list-files', { max_entries: 7 })
    expect(words.description).toMatch(/At most 7 paths are shown\.$/)
    expect(words.fields).toEqual(['pattern'])
    expect(() => words.field('glob')).toThrow('describes no field "glob"')
    expect(() => toolPrompt('list-files')).toThrow('needs a value for {{max_entries}}')
  })
})
