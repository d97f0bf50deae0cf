import { StringDecoder } from 'node:string_decoder'
import { replaceNeedles, secretNeedles } from '../secrets/redact.js'

export type StreamName = 'stdout' | 'stderr'

/**
 * Redacts a stream of text as it arrives. It holds back the last `longest needle - 1` characters of what it
 * has seen, so a secret that arrives split across two chunks is still found whole. What it hands on is
 * final: no later chunk can complete a secret that starts in it.
 */
export class StreamRedactor {
  private pending = ''
  private readonly hold: number

  constructor(private readonly needles: readonly string[]) {
    const [longest] = needles
    this.hold = longest === undefined ? 0 : longest.length - 1
  }

  /** Adds text; returns the redacted part that can no longer change. */
  push(text: string): string {
    const joined = replaceNeedles(this.pending + text, this.needles)
    let cut = Math.max(0, joined.length - this.hold)
    // Never split a surrogate pair between what is handed on and what is held back.
    if (cut > 0 && cut < joined.length && isHighSurrogate(joined.charCodeAt(cut - 1))) cut--
    this.pending = joined.slice(cut)
    return joined.slice(0, cut)
  }

  /** The rest, at the end of the stream (already redacted). */
  end(): string {
    const rest = this.pending
    this.pending = ''
    return rest
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}

/**
 * Keeps at most `limit` bytes of two streams: the first half of the budget is shared by the streams'
 * heads in arrival order, each stream keeps a rolling tail, and at the end the tails share what is left.
 * Memory stays bounded however much a command prints.
 *
 * Every byte is redacted BEFORE it is cut (see StreamRedactor): a secret that the cut would split in two
 * halves (its start at the end of the head, its end at the start of the tail) is already `***` by then,
 * so neither half reaches the model.
 */
export class OutputCapture {
  private readonly headBudget: number
  private headUsed = 0
  private readonly streams: Record<StreamName, StreamState>

  constructor(
    private readonly limit: number,
    secrets: readonly string[] = []
  ) {
    this.headBudget = Math.floor(limit / 2)
    const needles = secretNeedles(secrets)
    const stream = (): StreamState => ({
      head: [],
      tail: Buffer.alloc(0),
      total: 0,
      decoder: new StringDecoder('utf8'),
      redactor: new StreamRedactor(needles)
    })
    this.streams = { stdout: stream(), stderr: stream() }
  }

  /** Takes raw bytes from a pipe (a multi-byte character may be split across chunks). */
  push(name: StreamName, chunk: Buffer): void {
    const stream = this.streams[name]
    this.keep(name, Buffer.from(stream.redactor.push(stream.decoder.write(chunk)), 'utf8'))
  }

  result(): { stdout: string; stderr: string; truncated: boolean } {
    for (const name of ['stdout', 'stderr'] as const) {
      const stream = this.streams[name]
      const rest = stream.redactor.push(stream.decoder.end()) + stream.redactor.end()
      if (rest !== '') this.keep(name, Buffer.from(rest, 'utf8'))
    }
    const budget = this.limit - this.headUsed
    const [outTail, errTail] = share(budget, this.streams.stdout.tail.length, this.streams.stderr.tail.length)
    const stdout = this.render('stdout', outTail)
    const stderr = this.render('stderr', errTail)
    return { stdout: stdout.text, stderr: stderr.text, truncated: stdout.cut > 0 || stderr.cut > 0 }
  }

  private keep(name: StreamName, chunk: Buffer): void {
    if (chunk.length === 0) return
    const stream = this.streams[name]
    stream.total += chunk.length
    const toHead = Math.min(chunk.length, this.headBudget - this.headUsed)
    if (toHead > 0) {
      stream.head.push(chunk.subarray(0, toHead))
      this.headUsed += toHead
    }
    const rest = chunk.subarray(toHead)
    if (rest.length === 0) return
    const tailCapacity = this.limit - this.headBudget
    const joined = Buffer.concat([stream.tail, rest])
    stream.tail = joined.subarray(Math.max(0, joined.length - tailCapacity))
  }

  private render(name: StreamName, tailBytes: number): { text: string; cut: number } {
    const stream = this.streams[name]
    const head = Buffer.concat(stream.head)
    const tail = stream.tail.subarray(stream.tail.length - tailBytes)
    const cut = stream.total - head.length - tail.length
    if (cut <= 0) return { text: Buffer.concat([head, tail]).toString('utf8'), cut: 0 }
    return { text: `${head.toString('utf8')}\n[… ${cut} bytes cut …]\n${tail.toString('utf8')}`, cut }
  }
}

interface StreamState {
  head: Buffer[]
  tail: Buffer
  total: number
  decoder: StringDecoder
  redactor: StreamRedactor
}

/** Splits `budget` between two wants; a stream that needs less than half leaves the rest to the other. */
function share(budget: number, a: number, b: number): [number, number] {
  if (a + b <= budget) return [a, b]
  const half = Math.floor(budget / 2)
  if (a <= half) return [a, budget - a]
  if (b <= half) return [budget - b, b]
  return [half, budget - half]
}
