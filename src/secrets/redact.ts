/**
 * Secret values out of text the model or a comment will see. The sandbox keeps secrets out of the agents'
 * commands in the first place; this is the second line, for what the engine itself handles (the API key the
 * model adapter echoes in an error, a token in git's output).
 */

/** Shorter values are not redacted: replacing them would shred ordinary text. */
export const MIN_SECRET_LENGTH = 6
/** Shorter base64 fragments would match ordinary words. */
const MIN_FRAGMENT_LENGTH = 8
const REDACTED = '***'

/**
 * Replaces every secret value (6 characters or more) in `text` with `***`, in plain form and in base64.
 * Git sends the token as `AUTHORIZATION: basic base64("x-access-token:" + token)`, so the token sits at
 * some offset inside a longer base64 string: all three byte alignments are covered.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return replaceNeedles(text, secretNeedles(secrets))
}

/**
 * The strings `redactSecrets` replaces for these secrets, longest first: each value and its base64
 * fragments. A streaming redactor holds back `needles[0].length - 1` characters so no needle is missed
 * when it arrives split across two chunks.
 */
export function secretNeedles(secrets: readonly string[]): string[] {
  const needles = new Set<string>()
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue
    needles.add(secret)
    for (const fragment of base64Fragments(secret)) needles.add(fragment)
  }
  // Longest first, so a secret that contains another is not left half-replaced.
  return [...needles].sort((a, b) => b.length - a.length)
}

/** Replaces each of `needles` (longest first, as secretNeedles orders them) with `***`. */
export function replaceNeedles(text: string, needles: readonly string[]): string {
  let result = text
  for (const needle of needles) {
    if (result.includes(needle)) result = result.split(needle).join(REDACTED)
  }
  return result
}

/**
 * The base64 characters that encode `secret` whatever bytes come before and after it. With k bytes in
 * front (k = 0, 1, 2), the first 0, 2 or 3 characters also carry bits of those bytes and the last one
 * carries bits of what follows, so they are dropped.
 */
function base64Fragments(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8')
  const fragments: string[] = []
  for (const lead of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(lead), bytes])
      .toString('base64')
      .replace(/=+$/, '')
    const skip = [0, 2, 3][lead]
    const total = lead + bytes.length
    const end = total % 3 === 0 ? encoded.length : encoded.length - 1
    const fragment = encoded.slice(skip, end)
    if (fragment.length >= MIN_FRAGMENT_LENGTH) fragments.push(fragment)
  }
  return fragments
}
