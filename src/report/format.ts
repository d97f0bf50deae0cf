/**
 * Small formatters shared by every renderer: numbers, money, durations, and the escaping of text that
 * came from a model or a user before it is placed in Markdown.
 */

const TOKEN_UNITS = ['', 'k', 'M', 'B', 'T']

/** A token count for humans: `950`, `1.2k`, `45.6k`, `123k`, `3.4M`. */
export function formatTokens(n: number): string {
  if (!Number.isFinite(n)) return '—'
  const count = Math.max(0, Math.round(n))
  if (count < 1000) return String(count)
  let scaled = count
  let unit = 0
  for (;;) {
    scaled /= 1000
    unit++
    // Round before choosing the unit, so that 999,960 reads `1M` rather than `1000k`.
    const shown = scaled < 100 ? Math.round(scaled * 10) / 10 : Math.round(scaled)
    if (shown < 1000 || unit === TOKEN_UNITS.length - 1) {
      return `${shown < 100 ? shown.toFixed(1).replace(/\.0$/, '') : shown}${TOKEN_UNITS[unit]}`
    }
  }
}

/**
 * A cost in US dollars. Runs often cost fractions of a cent per task, so amounts under ten cents keep
 * four decimals (`$0.0123`); larger ones get cents and thousands separators (`$1.23`, `$1,234.50`).
 */
export function formatUsd(x: number): string {
  if (!Number.isFinite(x)) return '—'
  const sign = x < 0 ? '-' : ''
  const abs = Math.abs(x)
  if (abs === 0) return '$0.00'
  if (abs < 0.0001) return `${sign}<$0.0001`
  if (abs < 0.1) return `${sign}$${abs.toFixed(4)}`
  // Not toFixed: from 1e21 on it answers in exponent form, which has no cents to split off.
  return `${sign}$${CENTS.format(abs)}`
}

const CENTS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

/** An elapsed time: `0s`, `45s`, `3m 05s`, `1h 02m`. Seconds are floored: a timer never runs ahead. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '0s'
  const seconds = Math.floor(ms / 1000)
  if (seconds < 60) return `${seconds}s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes}m ${pad2(seconds % 60)}s`
  return `${Math.floor(minutes / 60)}h ${pad2(minutes % 60)}m`
}

function pad2(n: number): string {
  return String(n).padStart(2, '0')
}

/**
 * Shortens `text` to at most `n` UTF-16 code units (the unit GitHub's limits are checked against by
 * `String.length`), ending with `…` when anything was cut. Never splits a surrogate pair.
 */
export function truncate(text: string, n: number): string {
  if (text.length <= n) return text
  if (n <= 0) return ''
  let end = n - 1
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end--
  return `${text.slice(0, end)}…`
}

const ZWSP = '\u200b'

// Control characters would end a table row or a list item; bidi overrides could make the rendered text
// read differently from what it is (the "Trojan Source" trick).
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g
const BACKSLASHED = /[\\`*_~[\]|$]/g
const HTML = /[&<>]/g
const HTML_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' }
// What would open a heading, a list or a thematic break when the text stands as its own paragraph.
const BLOCK_START = /^(\d+(?=[.)](?: |$))|)([.)#+=-])/

/**
 * Makes untrusted text (task titles, notes, questions, errors) safe to place inside a table cell or a
 * list item, as one line that renders as the same plain text:
 * - newlines and tabs become spaces, so the text cannot start a new block (a heading, a fence, a row),
 *   and what would open a block at its start (`#`, `-`, `+`, `1.`) is escaped, for text used as a paragraph;
 * - Markdown punctuation is backslash-escaped, `|` included, so cells stay cells and `[x](url)` stays text;
 *   `$` too, because GitHub renders `$…$` as math;
 * - `<`, `>`, `&` become entities, so no HTML comes through — no `<details>`, no `<!--` hiding the rest,
 *   and no copy of a run's hidden marker that the publisher would mistake for its own comment;
 * - a zero-width space follows every `@`, so `@user` and `@org/team` notify no one;
 * - `#123`, `GH-123` and bare `https://` links are broken the same way, because GitHub turns each into
 *   a cross-reference that shows up on the other issue's timeline, every time the comment is edited.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(INVISIBLE, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(BACKSLASHED, ch => `\\${ch}`)
    .replace(HTML, ch => HTML_ENTITY[ch] ?? ch)
    .replace(BLOCK_START, '$1\\$2')
    .replace(/@/g, `@${ZWSP}`)
    .replace(/#(?=\d)/g, `#${ZWSP}`)
    .replace(/\b(gh)-(?=\d)/gi, `$1-${ZWSP}`)
    .replace(/:\/\//g, `:${ZWSP}//`)
}

/** `1 task`, `3 tasks`. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`
}
