/**
 * The candidate that `input` is most likely a typo of, or undefined when none is close. Case, `-`, `_` and
 * spaces are ignored (`maxParallel` and `max-parallel` both find `max_parallel`); otherwise a candidate is
 * close when a few edits turn one into the other, or when one starts with the other (`qa-tester` → `qa`).
 */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  const wanted = squash(input)
  if (wanted === '') return undefined
  let best: { candidate: string; distance: number } | undefined
  for (const candidate of candidates) {
    const other = squash(candidate)
    if (other === wanted) return candidate
    const prefix =
      other.length >= 2 && (wanted.startsWith(other) || (wanted.length >= 3 && other.startsWith(wanted)))
    // One edit in three characters is the most that still reads as a slip of the fingers.
    const allowed = Math.max(1, Math.floor(Math.max(wanted.length, other.length) / 3))
    const distance = prefix ? 0.5 : editDistance(wanted, other)
    if (distance <= allowed && (!best || distance < best.distance)) best = { candidate, distance }
  }
  return best?.candidate
}

/** `; did you mean "x"?` when a candidate is close, else the empty string. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const match = closest(input, candidates)
  return match === undefined ? '' : `; did you mean "${match}"?`
}

function squash(text: string): string {
  return text.toLowerCase().replace(/[-_\s]/g, '')
}

/** Levenshtein distance, one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    // Every row holds b.length + 1 entries, and `current` has reached j - 1.
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution)
    }
    previous = current
  }
  return previous[b.length]!
}
