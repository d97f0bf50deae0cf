import { truncate } from './format.js'

/** GitHub refuses an issue or pull request comment longer than this. */
export const GITHUB_COMMENT_LIMIT = 65536

/** How much a renderer may show; each step of `DETAIL_STEPS` shows less than the one before. */
export interface Detail {
  /** Longest task title, in characters. */
  titleMax: number
  /** Longest task note. */
  noteMax: number
  /** Longest free text: summary, decision, question, error. */
  textMax: number
  /** Draw the task graph, or leave a note that it was left out. */
  graph: boolean
  /**
   * Fold what is finished: each wave whose tasks are all done becomes one `<details>` line (`Wave 1 · T1–T16:
   * 16 done`) instead of a row per task, the graph goes into a `<details>` block, and the tasks that need a
   * person (failed, blocked) come first in the table, so a cut through it never hides them.
   */
  fold?: boolean
  /** Replace the done tasks by their count. */
  collapseDone: boolean
}

/**
 * The degradation order: shorten text → fold finished waves and the graph → drop the graph → collapse done
 * tasks. Hard cuts come last.
 */
export const DETAIL_STEPS: readonly Detail[] = [
  { titleMax: 120, noteMax: 300, textMax: 1000, graph: true, fold: false, collapseDone: false },
  { titleMax: 60, noteMax: 80, textMax: 200, graph: true, fold: false, collapseDone: false },
  { titleMax: 60, noteMax: 80, textMax: 200, graph: true, fold: true, collapseDone: false },
  { titleMax: 60, noteMax: 80, textMax: 200, graph: false, fold: true, collapseDone: false },
  { titleMax: 60, noteMax: 80, textMax: 200, graph: false, fold: true, collapseDone: true }
]

/**
 * A rendered document in three parts. When even the last detail step is too long, only `body` is cut:
 * `head` (marker, title, status) and `foot` (totals, links) always survive. Each part is a list of
 * Markdown blocks; empty blocks are skipped.
 */
export interface Sections {
  head: string[]
  body: string[]
  foot: string[]
}

/** Options for `fitToLimit`. */
export interface FitOptions {
  /** Maximum length in UTF-16 code units. */
  limit: number
  /** The Markdown block that replaces whatever a hard cut removed. */
  cutNote: string
}

/**
 * The first rendering, from most to least detailed, whose length is within `limit`; failing that the
 * least detailed one with its body cut at a line boundary, open blocks closed, and `cutNote` in place
 * of the rest. The result is never longer than `limit`.
 *
 * Length is measured with `String.length` (UTF-16 code units), which is at least the number of code
 * points and at least a third of the UTF-8 bytes, so the result fits GitHub's limit whichever of those
 * units GitHub counts in.
 */
export function fitToLimit(render: (detail: Detail) => Sections, options: FitOptions): string {
  let sections: Sections | undefined
  for (const detail of DETAIL_STEPS) {
    sections = render(detail)
    const text = assemble(sections)
    if (text.length <= options.limit) return text
  }
  return hardCut(sections as Sections, options)
}

function assemble(sections: Sections, bodyOverride?: string[]): string {
  const blocks = [...sections.head, ...(bodyOverride ?? sections.body), ...sections.foot]
  return `${blocks.filter(block => block !== '').join('\n\n')}\n`
}

function hardCut(sections: Sections, options: FitOptions): string {
  const fixed = assemble(sections, [options.cutNote]).length
  const budget = options.limit - fixed - 2
  let lines = sections.body
    .filter(block => block !== '')
    .join('\n\n')
    .slice(0, Math.max(0, budget))
    .split('\n')
  // The last line was probably cut mid-way; drop it, then drop more until the closers fit too.
  lines.pop()
  let kept = withClosers(lines)
  while (lines.length > 0 && kept.length > budget) {
    lines = lines.slice(0, -1)
    kept = withClosers(lines)
  }
  const body = kept.trim() === '' ? [options.cutNote] : [kept.trimEnd(), options.cutNote]
  const text = assemble(sections, body)
  // Only a head and foot longer than the limit on their own get here.
  return text.length <= options.limit ? text : truncate(text, options.limit)
}

/** `lines` joined, with any fence or `<details>` that the cut left open closed again. */
function withClosers(lines: string[]): string {
  let inFence = false
  let openDetails = 0
  for (const line of lines) {
    if (line.startsWith('```')) inFence = !inFence
    else if (!inFence && line.startsWith('<details>')) openDetails++
    else if (!inFence && line.startsWith('</details>')) openDetails--
  }
  const closers = [...(inFence ? ['```'] : []), ...Array<string>(Math.max(0, openDetails)).fill('</details>')]
  return [...lines, ...closers.flatMap(closer => ['', closer])].join('\n')
}
