/**
 * Characters a reader never sees but a model reads. The base set is Unicode's Default_Ignorable_Code_Point
 * (zero-width spaces and joiners, word joiner, BOM, soft hyphen, Hangul fillers, variation selectors, bidi
 * marks and overrides, and the tag block U+E0000–U+E0FFF), plus every control character and the
 * interlinear-annotation marks. Attacks they stop:
 * - tag characters spell invisible ASCII that models decode as instructions ("ASCII smuggling");
 * - runs of zero-width characters or variation selectors encode hidden bytes next to visible text;
 * - bidi overrides show people one order of words or code while the model reads another ("Trojan Source").
 */
const HIDDEN = /[\p{Default_Ignorable_Code_Point}\p{Cc}\uFFF9-\uFFFB]/gu
const ONE_HIDDEN = new RegExp(`^${HIDDEN.source}$`, 'u')

const PICTOGRAPH = /^[\p{Extended_Pictographic}\p{Emoji_Modifier}]$/u
const NON_ASCII_LETTER = /^[\p{L}\p{M}]$/u

/**
 * Removes invisible and control characters, keeping `\n` and `\t` (line breaks are normalised to `\n`).
 *
 * Three exceptions keep ordinary text intact, each limited so that it cannot carry a hidden message:
 * - U+200D ZERO WIDTH JOINER between two emoji, so 👩‍💻 and 👨‍👩‍👧 stay single emoji rather than falling
 *   apart into their parts;
 * - U+200C/U+200D between two non-ASCII letters or marks, where Persian, Arabic and Indic scripts need them
 *   to spell words correctly;
 * - one U+FE0E/U+FE0F (text or emoji presentation) directly after a visible character other than an
 *   ASCII letter, as in ❤️ or the keycap 1️⃣.
 * A run of two or more of any of these is removed whole, and none survives next to ASCII letters. Tag
 * sequences are removed too, so the subdivision flags (England, Scotland, Wales) become a plain black flag.
 */
export function stripInvisibleCharacters(text: string): string {
  const normalised = text.replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n')
  return normalised.replace(HIDDEN, (char, offset: number, whole: string) => {
    if (char === '\n' || char === '\t') return char
    const before = codePointBefore(whole, offset)
    const after = String.fromCodePoint(whole.codePointAt(offset + char.length) ?? 0)
    if (char === '\u200D' && isPictographOrPresentation(before) && PICTOGRAPH.test(after)) return char
    if ((char === '\u200C' || char === '\u200D') && isScriptLetter(before) && isScriptLetter(after))
      return char
    if ((char === '\uFE0E' || char === '\uFE0F') && isVisibleNonLetter(before) && !isRunOfHidden(after)) {
      return char
    }
    return ''
  })
}

/** True for a code point `stripInvisibleCharacters` would remove wherever it stood (for entity checks). */
export function isInvisibleCodePoint(codePoint: number): boolean {
  if (codePoint === 0x0a || codePoint === 0x09) return false
  if (codePoint < 0 || codePoint > 0x10ffff) return true
  return ONE_HIDDEN.test(String.fromCodePoint(codePoint))
}

function codePointBefore(text: string, offset: number): string {
  if (offset === 0) return ''
  const low = text.charCodeAt(offset - 1)
  const isLowSurrogate = low >= 0xdc00 && low <= 0xdfff
  return isLowSurrogate && offset >= 2 ? text.slice(offset - 2, offset) : text.slice(offset - 1, offset)
}

function isVisibleNonLetter(char: string): boolean {
  return char !== '' && !ONE_HIDDEN.test(char) && !/^[A-Za-z]$/.test(char)
}

/** A selector followed by more hidden characters is part of a run (a hidden payload), unless an emoji ZWJ follows. */
function isRunOfHidden(next: string): boolean {
  return next !== '\u200D' && ONE_HIDDEN.test(next)
}

function isPictographOrPresentation(char: string): boolean {
  return char === '\uFE0F' || PICTOGRAPH.test(char)
}

function isScriptLetter(char: string): boolean {
  return NON_ASCII_LETTER.test(char) && !/^[A-Za-z]$/.test(char)
}
