import { promptTexts } from './prompts.generated.js'

/**
 * Every text a model reads is a Markdown file under src/prompts/, named by its path without `.md`
 * (`agent/fix-round`, `tools/read-file`). System prompts are read whole with `prompt`; messages with
 * `fillPrompt`, which fills their `{{placeholders}}`; tool descriptions with `toolPrompt`.
 */

/** Values for a template's placeholders, by name. */
export type PromptValues = Readonly<Record<string, string | number>>

/** A tool's description and the descriptions of its input fields, from `tools/<name>.md`. */
export interface ToolPrompt {
  description: string
  /** The description of a field; nested fields are named by their path (`comments.id`). Throws on an unknown field. */
  field(name: string): string
  /** The fields the file describes, in its order. */
  readonly fields: readonly string[]
}

const PLACEHOLDER = /\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}/g

/**
 * The text of a bundled prompt, as the file has it. Throws on an unknown name (a typo is a bug) and on a
 * template: a file with placeholders is read with fillPrompt, so none reaches a model unfilled.
 */
export function prompt(name: string): string {
  const text = textOf(name)
  if (placeholdersOf(text).length > 0)
    throw new Error(`Prompt "${name}" has placeholders; read it with fillPrompt`)
  return text
}

/**
 * A message template filled in: each `{{name}}` replaced by `values[name]`, without the file's final
 * newline (a message is what the file says, not the line ending every text file has). Throws when a
 * placeholder has no value or a value no placeholder, and on a malformed one (`{{ name }}`, `{{a-b}}`): each
 * is a typo. Values go in verbatim and are never scanned again, so a text from people that contains
 * `{{…}}` cannot fill or break the template.
 */
export function fillPrompt(name: string, values: PromptValues = {}): string {
  return fillTemplate(textOf(name).replace(/\n$/, ''), values, name)
}

/**
 * A tool's description and field descriptions from `tools/<name>.md`, placeholders filled as fillPrompt
 * does. The format is in parseToolPrompt.
 */
export function toolPrompt(name: string, values: PromptValues = {}): ToolPrompt {
  const path = `tools/${name}`
  const parsed = parseToolPrompt(fillTemplate(textOf(path), values, path), path)
  return {
    description: parsed.description,
    fields: [...parsed.fields.keys()],
    field(field) {
      const text = parsed.fields.get(field)
      if (text === undefined) throw new Error(`Prompt "${path}" describes no field "${field}"`)
      return text
    }
  }
}

/**
 * Reads a tool's Markdown: the paragraphs before the first heading are the tool's description, and each
 * `## field` section the description of that input field. As in Markdown, the lines of a paragraph are
 * joined with a space (so a file can wrap long sentences) and paragraphs are separated by a blank line.
 * Throws on a missing description, an empty or repeated field, or a heading of another level.
 */
export function parseToolPrompt(
  text: string,
  name = 'tool prompt'
): { description: string; fields: Map<string, string> } {
  const intro: string[] = []
  const sections: { field: string; lines: string[] }[] = []
  let current = intro
  for (const line of text.split('\n')) {
    const heading = /^(#+)\s+(.*?)\s*$/.exec(line)
    if (heading) {
      const [, marks, field] = heading
      if (marks !== '##' || !field) {
        throw new Error(`${name}: only "## field" headings are allowed, got "${line}"`)
      }
      current = []
      sections.push({ field, lines: current })
    } else {
      current.push(line)
    }
  }
  const description = paragraphs(intro)
  if (description === '')
    throw new Error(`${name}: the tool's description (the text before the first heading) is missing`)
  const fields = new Map<string, string>()
  for (const { field, lines } of sections) {
    const body = paragraphs(lines)
    if (fields.has(field)) throw new Error(`${name}: field "${field}" is described twice`)
    if (body === '') throw new Error(`${name}: field "${field}" has no description`)
    fields.set(field, body)
  }
  return { description, fields }
}

function paragraphs(lines: readonly string[]): string {
  return lines
    .join('\n')
    .split(/\n\s*\n/)
    .map(paragraph =>
      paragraph
        .split('\n')
        .map(line => line.trim())
        .filter(line => line !== '')
        .join(' ')
    )
    .filter(paragraph => paragraph !== '')
    .join('\n\n')
}

function textOf(name: string): string {
  const text = promptTexts[name]
  if (text === undefined) throw new Error(`No bundled prompt named "${name}"`)
  return text
}

function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map(match => match[1]!)
}

/**
 * `template` with its placeholders filled, checked as fillPrompt says; `name` names the template in errors.
 * Exported for its tests: the code fills bundled prompts through fillPrompt and toolPrompt.
 */
export function fillTemplate(template: string, values: PromptValues, name = 'template'): string {
  const stray = /\{\{|\}\}/.exec(template.replace(PLACEHOLDER, ''))
  if (stray)
    throw new Error(`Prompt "${name}" has a malformed placeholder near "${stray[0]}"; write {{name}}`)
  const wanted = new Set(placeholdersOf(template))
  const missing = [...wanted].filter(key => !Object.hasOwn(values, key))
  const unused = Object.keys(values).filter(key => !wanted.has(key))
  if (missing.length > 0)
    throw new Error(`Prompt "${name}" needs a value for ${missing.map(k => `{{${k}}}`).join(', ')}`)
  if (unused.length > 0) throw new Error(`Prompt "${name}" has no placeholder for ${unused.join(', ')}`)
  // One pass with a function: a value is never scanned for placeholders, and `$&` in it stays literal.
  return template.replace(PLACEHOLDER, (_match, key: string) => String(values[key]))
}
