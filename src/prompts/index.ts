import { promptTexts } from './prompts.generated.js'

/** The text of a bundled prompt (src/prompts/<name>.md). Throws on an unknown name: a typo is a bug. */
export function prompt(name: string): string {
  const text = promptTexts[name]
  if (text === undefined) throw new Error(`No bundled prompt named "${name}"`)
  return text
}
