/**
 * Markdown building blocks. Every renderer goes through these, so a rule about what is safe in a table
 * cell or a link lives in one place.
 */

/** Where a piece of inline Markdown will sit: a pipe means something different inside a table. */
export type InlineContext = 'text' | 'table'

/**
 * `text` as an inline code span, e.g. a role or a branch name. Code spans show their content verbatim
 * (no mentions, no HTML), so it is not escaped; only what could end the span or the line is handled:
 * the fence is longer than any run of backticks inside, and in a table `|` is escaped, which GitHub
 * honours even inside code.
 */
export function codeSpan(text: string, context: InlineContext = 'text'): string {
  let content = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()
  if (content === '') return ''
  if (context === 'table') content = content.replace(/\|/g, '\\|')
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(longestRun + 1)
  // A space on each side keeps a leading or trailing backtick from joining the fence.
  const pad = content.startsWith('`') || content.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${content}${pad}${fence}`
}

/**
 * `url` if it is an http(s) address, with the characters that would end a Markdown link destination or
 * a table cell percent-encoded; `undefined` otherwise, so a `javascript:` address never becomes a link.
 */
export function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined || !/^https?:\/\/[^\s]+$/i.test(url.trim())) return undefined
  return url
    .trim()
    .replace(/[()<>|\\"' ]/g, ch => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
}

/** `[label](url)`, or the label alone when the address is missing or not http(s). `label` is Markdown. */
export function link(label: string, url: string | undefined): string {
  const href = safeUrl(url)
  return href === undefined ? label : `[${label}](${href})`
}

/**
 * A GitHub table. Cells must already be inline Markdown made safe for a table (`escapeMarkdown`,
 * `codeSpan(…, 'table')`); rows shorter than the header are padded so the table stays rectangular.
 */
export function renderTable(headers: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`
  const width = headers.length
  return [
    line(headers),
    line(headers.map(() => '---')),
    ...rows.map(row => line(Array.from({ length: width }, (_, i) => row[i] ?? '')))
  ].join('\n')
}

/** A collapsed `<details>` block. `summary` is inline Markdown, `body` any Markdown. */
export function details(summary: string, body: string): string {
  // The blank lines let GitHub render the Markdown inside the HTML block.
  return `<details>\n<summary>${summary}</summary>\n\n${body}\n\n</details>`
}
