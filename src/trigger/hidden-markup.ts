import { isInvisibleCodePoint } from './invisible-characters.js'

/*
 * Markup that a person reading the rendered issue never sees, but a model reading the source does: the
 * classic carriers of hidden prompt injection. The rules follow CommonMark's grammar for raw HTML, so a
 * `<` that GitHub shows as text (`Map<String, Integer>`) is left alone, and lean towards removing text
 * whenever the rendered view is uncertain.
 */

const TAG_NAME = '[A-Za-z][A-Za-z0-9-]*'
const ATTRIBUTE = `\\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\\s*=\\s*(?:[^\\s"'=<>\`]+|'[^']*'|"[^"]*"))?`
/** An opening tag exactly as CommonMark accepts one; group 1 the name, 2 the attributes, 3 a self-closing slash. */
const OPEN_TAG = new RegExp(`<(${TAG_NAME})((?:${ATTRIBUTE})*)\\s*(/?)>`, 'g')
const ONE_ATTRIBUTE = /([A-Za-z_:][A-Za-z0-9_.:-]*)(?:\s*=\s*([^\s"'=<>`]+|'[^']*'|"[^"]*"))?/g

/** Elements whose content is never shown as text: scripts, styles, inert templates, frames. */
const CONTENT_NEVER_SHOWN = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'noembed',
  'noframes',
  'iframe',
  'object',
  'head',
  'title'
])
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr'
])
/** Only these attributes survive: the URL a link or image points to is part of what the person sees. */
const KEPT_ATTRIBUTES = new Set(['href', 'src'])

/** CSS that makes an element (and the instructions in it) invisible or unreadably small. */
const HIDING_STYLE =
  /display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|(?:font-size|opacity|(?:max-)?(?:height|width))\s*:\s*[-+]?(?:0+(?:\.0*)?|\.0+)(?![\d.]*[1-9])(?=[a-z%\s;!]|$)|color\s*:\s*transparent/i

/** Named entities that decode to invisible characters (numeric ones are checked by code point). */
const INVISIBLE_ENTITIES =
  /&(?:zwj|zwnj|lrm|rlm|shy|ZeroWidthSpace|NegativeVeryThinSpace|NegativeThinSpace|NegativeMediumSpace|NegativeThickSpace|NoBreak|af|ApplyFunction|it|InvisibleTimes|ic|InvisibleComma);/g

/**
 * Removes hidden markup from text whose code is already masked: comments, never-shown and hidden
 * elements, HTML attributes other than href/src, entities for invisible characters, image alt text, link
 * titles, unused link reference definitions and footnotes, TeX `\phantom`, and links with no text. Repeats until nothing
 * changes, so removing one construct cannot assemble another (`<!<!-- -->-- x -->`).
 */
export function stripHiddenMarkup(text: string): string {
  let current = text
  for (let round = 0; round < 5; round++) {
    const next = [
      removeComments,
      removeHiddenElements,
      stripAttributes,
      removeInvisibleEntities,
      removeImageAltText,
      removeLinkTitles,
      removeUnusedDefinitions,
      removePhantoms,
      removeEmptyLinks
    ].reduce((value, step) => step(value), current)
    if (next === current) break
    current = next
  }
  return current
}

/** HTML comments, processing instructions, CDATA and declarations; an unterminated one hides the rest. */
function removeComments(text: string): string {
  return text
    .replace(/<!--(?:-?>|[\s\S]*?(?:--!?>|$))/g, '')
    .replace(/<!\[CDATA\[[\s\S]*?(?:\]\]>|$)/g, '')
    .replace(/<\?(?:[\s\S]*?\?>|[^>]*>?)/g, '')
    .replace(/<![A-Za-z][^>]*>?/g, '')
}

/**
 * Elements that are never shown (`<script>`, `<template>`…) or hidden by `hidden` or by style, with all
 * they contain, nested elements of the same name included. An element that is never closed hides the
 * rest of the text in a browser, so it is cut to the end here too.
 */
function removeHiddenElements(text: string): string {
  let result = text
  OPEN_TAG.lastIndex = 0
  for (let tag = OPEN_TAG.exec(result); tag; tag = OPEN_TAG.exec(result)) {
    const name = tag[1]!.toLowerCase()
    if (!CONTENT_NEVER_SHOWN.has(name) && !hidesItself(tag[2]!)) continue
    const start = tag.index
    const afterOpen = start + tag[0].length
    const end = VOID.has(name) || tag[3] === '/' ? afterOpen : elementEnd(result, name, afterOpen)
    result = result.slice(0, start) + result.slice(end)
    OPEN_TAG.lastIndex = start
  }
  return result
}

function hidesItself(attributes: string): boolean {
  const parsed = parseAttributes(attributes)
  if (parsed.has('hidden')) return true
  const style = parsed.get('style')
  return style !== undefined && HIDING_STYLE.test(style)
}

/** The index just after the tag that closes the element opened before `from`, or the end of the text. */
function elementEnd(text: string, name: string, from: number): number {
  const tags = new RegExp(`<(/?)${name}(?=[\\s/>])[^>]*>`, 'gi')
  tags.lastIndex = from
  let depth = 1
  for (let tag = tags.exec(text); tag; tag = tags.exec(text)) {
    if (tag[1] === '/') depth--
    else if (!tag[0].endsWith('/>')) depth++
    if (depth === 0) return tag.index + tag[0].length
  }
  return text.length
}

/** Rewrites each tag with only its href/src: `title`, `alt`, `aria-label`, `data-*` and the rest are hidden text. */
function stripAttributes(text: string): string {
  return text.replace(OPEN_TAG, (_, name: string, attributes: string, slash: string) => {
    const kept = [...parseAttributes(attributes)]
      .filter(([key]) => KEPT_ATTRIBUTES.has(key))
      .map(([key, value]) => ` ${key}="${value.replace(/"/g, '&quot;')}"`)
    return `<${name}${kept.join('')}${slash ? ' /' : ''}>`
  })
}

function parseAttributes(attributes: string): Map<string, string> {
  const parsed = new Map<string, string>()
  for (const [, key, raw] of attributes.matchAll(ONE_ATTRIBUTE)) {
    const value = raw === undefined ? '' : raw.replace(/^(["'])([\s\S]*)\1$/, '$2')
    parsed.set(key!.toLowerCase(), value)
  }
  return parsed
}

/** `&#x200B;`, `&#917505;`, `&zwj;`…: GitHub renders them as the invisible characters themselves. */
function removeInvisibleEntities(text: string): string {
  return text
    .replace(/&#(?:[xX]([0-9A-Fa-f]{1,8})|(\d{1,9}));/g, (entity, hex?: string, decimal?: string) => {
      const codePoint = hex !== undefined ? parseInt(hex, 16) : Number(decimal)
      return isInvisibleCodePoint(codePoint) ? '' : entity
    })
    .replace(INVISIBLE_ENTITIES, '')
}

/** `![alt](src)` → `![](src)`: alt text only shows when the image fails to load. */
function removeImageAltText(text: string): string {
  return text.replace(/!\[(?:[^[\]]|\[[^[\]]*\])+\]/g, '![]')
}

/** `[text](url "title")` → `[text](url)`: a title only shows as a tooltip. */
function removeLinkTitles(text: string): string {
  return text.replace(
    /(\]\((?:\s*(?:<[^<>\n]*>|(?:[^\s()<>]|\([^\s()]*\))+))?)\s+(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\))\s*\)/g,
    '$1)'
  )
}

const DEFINITION =
  /^ {0,3}\[((?:[^[\]\\]|\\.){1,999})\]:[ \t]*(?:\n[ \t]*)?(<[^<>\n]*>|\S+)(?:(?:[ \t]+|[ \t]*\n[ \t]*)(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?[ \t]*$/gm
const FOOTNOTE = /^ {0,3}\[\^([^\]\n]+)\]:[^\n]*(?:\n(?![ \t]*\n)[^\n]*)*/gm

/**
 * Link reference definitions never render: `[//]: # (orders)` is a well-known way to write invisible
 * text, and so is the label of a definition nobody links to. Definitions that a link uses keep their
 * label and URL (without title); unused ones and unused footnotes go.
 */
function removeUnusedDefinitions(text: string): string {
  const rest = text.replace(DEFINITION, '').replace(FOOTNOTE, '')
  const used = new Set([...rest.matchAll(/\[((?:[^[\]\\]|\\.)+)\]/g)].map(match => normaliseLabel(match[1]!)))
  return text
    .replace(FOOTNOTE, (definition, label: string) =>
      used.has(normaliseLabel(`^${label}`)) ? definition : ''
    )
    .replace(DEFINITION, (_, label: string, url: string) =>
      used.has(normaliseLabel(label)) ? `[${label}]: ${url}` : ''
    )
}

function normaliseLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase()
}

/**
 * TeX `\phantom{…}` (and `\hphantom`, `\vphantom`) in GitHub math (`$…$`, `$$…$$`, `` $`…`$ ``) takes up
 * space but draws nothing. Braces nest to any depth; an unclosed one hides the rest.
 */
function removePhantoms(text: string): string {
  const start = /\\[hv]?phantom\s*\{/g
  let result = text
  for (let match = start.exec(result); match; match = start.exec(result)) {
    let depth = 1
    let end = match.index + match[0].length
    for (; end < result.length && depth > 0; end++) {
      if (result[end] === '\\') end++
      else if (result[end] === '{') depth++
      else if (result[end] === '}') depth--
    }
    result = result.slice(0, match.index) + result.slice(Math.min(end, result.length))
    start.lastIndex = match.index
  }
  return result
}

/**
 * `[](https://…)`: a link with no text draws nothing, so its URL (which can spell out instructions) is
 * hidden text. Images (`![](…)`) are drawn and stay.
 */
function removeEmptyLinks(text: string): string {
  return text
    .replace(/(?<!!)\[\s*\]\((?:[^()\n]|\([^()\n]*\))*\)/g, '')
    .replace(/<a(?:\s+href="[^"]*")?\s*>\s*<\/a\s*>/gi, '')
}
