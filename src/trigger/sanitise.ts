import { maskCode } from './code-regions.js'
import { stripHiddenMarkup } from './hidden-markup.js'
import { stripInvisibleCharacters } from './invisible-characters.js'

/** The most characters of one issue or comment text a model is shown. */
export const MAX_TEXT_LENGTH = 20_000

/**
 * Cleans issue and comment text before any model sees it, so that a model reads what a person reading
 * the rendered issue reads, and nothing more. Anyone who can open an issue can write text; hidden text is
 * how they would give the team orders its maintainers never saw (prompt injection). Removes:
 * - invisible and control characters (zero-width, bidi, tag characters, variation-selector runs);
 * - hidden markup outside code: comments, `<script>`/`<style>`, elements hidden by `hidden` or style,
 *   HTML attributes other than href/src, image alt text, link titles, unused reference definitions;
 * and then collapses runs of blank lines and caps the length (with a note saying so).
 *
 * Visible text stays as written: Markdown, code blocks and spans (verbatim, invisible characters aside),
 * `<details>`/`<summary>` and their text, non-Latin scripts and emoji. Running it twice changes nothing.
 */
export function sanitiseText(text: string, options: { maxLength?: number } = {}): string {
  const maxLength = options.maxLength ?? MAX_TEXT_LENGTH
  // Bounds the work on absurd inputs; everything past this point would be cut anyway.
  const bounded = text.length > maxLength * 10 ? text.slice(0, maxLength * 10) : text
  const visible = stripInvisibleCharacters(bounded)
  const code = maskCode(visible)
  const cleaned = collapseBlankLines(stripHiddenMarkup(code.text))
  const result = code
    .unmask(cleaned)
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd()
  return capLength(result, maxLength, text.length)
}

/** Three or more blank lines (where hidden text used to be, usually) become one. */
function collapseBlankLines(text: string): string {
  return text.replace(/\n(?:[ \t]*\n){2,}/g, '\n\n')
}

/** Keeps the result within `maxLength`, note included, so a second pass leaves it as it is. */
function capLength(text: string, maxLength: number, originalLength: number): string {
  if (text.length <= maxLength) return text
  const note = `\n\n[text truncated: the original was ${originalLength} characters; only the start is shown]`
  let keep = Math.max(0, maxLength - note.length)
  // Never split a surrogate pair: half an emoji is a broken character.
  const last = text.charCodeAt(keep - 1)
  if (last >= 0xd800 && last <= 0xdbff) keep--
  return text.slice(0, keep).trimEnd() + note
}
