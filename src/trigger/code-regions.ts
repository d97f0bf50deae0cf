/** A Markdown text whose code has been swapped for placeholders, and the way back. */
export interface MaskedText {
  text: string
  /** Puts the code back; placeholders the caller removed stay removed. */
  unmask(text: string): string
}

// The placeholder uses NUL, which the invisible-character pass has already removed from the text, so no
// input can forge one.
const PLACEHOLDER = /\u0000(\d+)\u0000/g

/**
 * Replaces fenced code blocks and inline code spans with placeholders, so the hidden-markup pass does not
 * rewrite HTML or links that a feature request shows as code (GitHub renders code verbatim: nothing in it
 * is hidden). Whatever is *not* masked gets the full markup treatment, so every doubt resolves towards
 * prose: a fence is only recognised where CommonMark recognises one (at most three spaces of indent, no
 * backtick in a backtick fence's info string, never inside an HTML block), and a backtick pair inside an
 * HTML tag or comment is not a code span. Otherwise `<div>` + "```" + `<!-- orders -->` would smuggle a
 * comment that GitHub hides (the fence is raw HTML there) past the sanitiser as "code".
 *
 * Fences that GitHub renders as pictures (mermaid, math, geojson, topojson, stl) are not code: their
 * source is replaced by a one-line note (see RENDERED_FENCES).
 */
export function maskCode(text: string): MaskedText {
  const pieces: string[] = []
  const mask = (code: string): string => `\u0000${pieces.push(code) - 1}\u0000`
  const out: string[] = []
  let prose: string[] = []
  const flushProse = () => {
    if (prose.length > 0) out.push(maskInlineCode(prose.join('\n'), mask))
    prose = []
  }

  const lines = text.replace(/\u0000/g, '').split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const fence = openingFence(line)
    if (fence) {
      const end = closingFenceIndex(lines, i + 1, fence)
      flushProse()
      const rendered = renderedKind(line)
      out.push(rendered ? renderedBlockNote(rendered) : mask(lines.slice(i, end + 1).join('\n')))
      i = end
      continue
    }
    const html = htmlBlockEnd(lines, i)
    if (html !== undefined) {
      // Raw HTML: no code spans or fences exist inside it, so it stays prose, unmasked.
      flushProse()
      out.push(lines.slice(i, html + 1).join('\n'))
      i = html
      continue
    }
    prose.push(line)
  }
  flushProse()

  return {
    text: out.join('\n'),
    unmask: masked => masked.replace(PLACEHOLDER, (_, index: string) => pieces[Number(index)] ?? '')
  }
}

/**
 * Fences GitHub draws instead of showing: diagrams (mermaid, GeoJSON, TopoJSON, STL) and math. What a
 * person sees is the picture; the source can hold text that is never drawn (mermaid `%%` comments,
 * `accDescr`, click tooltips, node ids; TeX `\phantom`, `\color{white}`…). Telling the visible part from
 * the rest would take each renderer's parser, so the whole source goes and a note says a picture was there.
 */
const RENDERED_FENCES = /^ {0,3}(?:`{3,}|~{3,})\s*(mermaid|math|geojson|topojson|stl)(?:[\s{]|$)/i

function renderedKind(line: string): string | undefined {
  return RENDERED_FENCES.exec(line)?.[1]?.toLowerCase()
}

function renderedBlockNote(kind: string): string {
  return `[${kind} block removed: GitHub draws it as a picture, and its source can hold text nobody sees]`
}

interface Fence {
  char: '`' | '~'
  length: number
}

function openingFence(line: string): Fence | undefined {
  const backticks = /^ {0,3}(`{3,})[^`]*$/.exec(line)
  if (backticks) return { char: '`', length: backticks[1]!.length }
  const tildes = /^ {0,3}(~{3,})/.exec(line)
  if (tildes) return { char: '~', length: tildes[1]!.length }
  return undefined
}

/** The index of the closing fence line, or the last line: an unclosed fence runs to the end of the text. */
function closingFenceIndex(lines: string[], from: number, fence: Fence): number {
  for (let i = from; i < lines.length; i++) {
    const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(lines[i]!)
    if (close && close[1]?.[0] === fence.char && close[1].length >= fence.length) return i
  }
  return lines.length - 1
}

/** The end condition of each CommonMark HTML block kind that has one; the rest end at a blank line. */
const HTML_BLOCK_ENDS: Array<[start: RegExp, end: RegExp]> = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
  [/^ {0,3}<![A-Za-z]/, />/]
]

/**
 * When `lines[start]` opens an HTML block, the index of its last line. Any line that starts with a tag
 * counts (CommonMark is stricter about which tags may interrupt a paragraph; treating more as HTML only
 * means less is protected as code, never that hidden text is kept).
 */
function htmlBlockEnd(lines: string[], start: number): number | undefined {
  const first = lines[start]
  if (first === undefined) return undefined
  for (const [opens, ends] of HTML_BLOCK_ENDS) {
    const match = opens.exec(first)
    if (!match) continue
    for (let i = start; i < lines.length; i++) {
      const line = i === start ? first.slice(match[0].length) : lines[i]!
      if (ends.test(line)) return i
    }
    return lines.length - 1
  }
  if (!/^ {0,3}<[A-Za-z/]/.test(first)) return undefined
  for (let i = start + 1; i < lines.length; i++) if (lines[i]!.trim() === '') return i - 1
  return lines.length - 1
}

// Raw HTML in a paragraph takes precedence over a code span that starts inside it. Lenient on purpose.
const INLINE_HTML = /<(?:!--[\s\S]*?(?:-->|$)|[A-Za-z/!?](?:[^<>\n]|\n(?![ \t]*\n))*>)/y
const BACKTICKS = /`+/y

/** Masks the code spans of a run of paragraph lines, reading left to right as CommonMark does. */
function maskInlineCode(text: string, mask: (code: string) => string): string {
  let out = ''
  let i = 0
  while (i < text.length) {
    const char = text[i]
    if (char === '\\') {
      out += text.slice(i, i + 2)
      i += 2
      continue
    }
    if (char === '<') {
      INLINE_HTML.lastIndex = i
      const tag = INLINE_HTML.exec(text)
      if (tag) {
        out += tag[0]
        i += tag[0].length
        continue
      }
    }
    if (char === '`') {
      BACKTICKS.lastIndex = i
      const run = (BACKTICKS.exec(text) as RegExpExecArray)[0].length
      const close = closingBackticks(text, i + run, run)
      // $`…`$ is GitHub's math, not code: it stays prose, so hidden TeX in it is removed.
      const isMath = text[i - 1] === '$' && text[close + run] === '$'
      if (close !== -1 && !isMath) {
        out += mask(text.slice(i, close + run))
        i = close + run
      } else {
        out += text.slice(i, i + run)
        i += run
      }
      continue
    }
    out += char
    i++
  }
  return out
}

/** Where a run of exactly `length` backticks closes the span, or -1; a blank line ends the paragraph. */
function closingBackticks(text: string, from: number, length: number): number {
  const runs = /`+|\n[ \t]*\n/g
  runs.lastIndex = from
  for (let match = runs.exec(text); match; match = runs.exec(text)) {
    if (match[0][0] !== '`') return -1
    if (match[0].length === length) return match.index
  }
  return -1
}
