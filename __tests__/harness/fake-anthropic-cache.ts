import { createHash } from 'node:crypto'
import { blocksOf, type MessagesRequest, type WireCacheControl } from './fake-anthropic-request.js'

/**
 * Token counts and prompt caching the way the Messages API documents them, on approximate token counts:
 * - the prompt is read in the order tools → system → messages, one block at a time;
 * - a `cache_control` breakpoint caches the whole prefix up to and including its block, once the prefix
 *   reaches the model's minimum cacheable length;
 * - a later request reads from the cache when its prefix up to a block is identical to a cached one; each
 *   breakpoint looks back a fixed number of blocks (20) for such a hit;
 * - `input_tokens` is only what follows the last cache read or write.
 * Tokens are ceil(characters / 4) of each block's canonical JSON: not the real tokenizer, but deterministic.
 */

/** Usage as the API reports it. */
export interface WireUsage {
  input_tokens: number
  output_tokens: number
  cache_creation_input_tokens: number | null
  cache_read_input_tokens: number | null
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number }
  service_tier: 'standard'
}

export type PromptUsage = Omit<WireUsage, 'output_tokens' | 'service_tier'>

export interface PromptCacheOptions {
  /** Smallest prefix (in tokens) a breakpoint caches, per model id. */
  minCacheableTokens: (model: string) => number
  /** Lifetime of a 5-minute entry; `ttl: '1h'` entries live twelve times as long. */
  ttlMs: number
  /** How many blocks before a breakpoint are checked for an earlier hit. */
  lookbackBlocks: number
  now: () => number
}

/** The minimum cacheable prompt per model, as the prompt-caching documentation lists it. */
export function documentedMinimum(model: string): number {
  if (/haiku-4-5|opus-4-[567]/.test(model)) return 4096
  if (/haiku-3|3-5-haiku|3-haiku/.test(model)) return 2048
  if (/(opus|fable|mythos)-5/.test(model)) return 512
  return 1024
}

/** Approximate tokens of any JSON value: ceil(chars / 4) of its canonical form. */
export function countTokens(value: unknown): number {
  return Math.ceil(canonical(value).length / 4)
}

/** JSON with sorted keys, so equal values always print alike. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

interface PromptBlock {
  /** Hash of the prompt up to and including this block. */
  prefix: string
  /** Tokens from the start of the prompt up to and including this block. */
  cumulative: number
  cacheControl?: WireCacheControl
}

interface Entry {
  expiresAt: number
  lifetimeMs: number
}

/** One server's cache: entries keyed by prefix hash, so requests share it the way one organisation's do. */
export class PromptCache {
  private readonly entries = new Map<string, Entry>()

  constructor(private readonly options: PromptCacheOptions) {}

  /** Empties the cache. */
  clear(): void {
    this.entries.clear()
  }

  /** The request's usage against the cache as it is now; its reads refresh entries and its writes are stored. */
  use(request: MessagesRequest): PromptUsage {
    const blocks = promptBlocks(request)
    const total = blocks.length > 0 ? blocks[blocks.length - 1]!.cumulative : 0
    const now = this.options.now()
    const breakpoints = blocks.flatMap((block, i) => (block.cacheControl ? [i] : []))

    let hit = -1
    for (const at of breakpoints) {
      for (let j = at; j >= Math.max(0, at - this.options.lookbackBlocks); j--) {
        const entry = this.entries.get(blocks[j]!.prefix)
        if (entry && entry.expiresAt > now) {
          hit = Math.max(hit, j)
          break
        }
      }
    }
    const read = hit >= 0 ? blocks[hit]!.cumulative : 0
    const minimum = this.options.minCacheableTokens(request.model)
    const writes = breakpoints.filter(at => at > hit && blocks[at]!.cumulative >= minimum)

    const split = { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 }
    let written = read
    for (const at of writes) {
      const key =
        blocks[at]!.cacheControl?.ttl === '1h' ? 'ephemeral_1h_input_tokens' : 'ephemeral_5m_input_tokens'
      split[key] += blocks[at]!.cumulative - written
      written = blocks[at]!.cumulative
    }
    const creation = written - read
    const usage: PromptUsage = {
      input_tokens: total - read - creation,
      cache_creation_input_tokens: creation,
      cache_read_input_tokens: read,
      cache_creation: split
    }
    // A hit refreshes the entries it used; a write starts a new lifetime.
    for (const j of [hit, ...breakpoints.filter(b => b <= hit)]) {
      const entry = j >= 0 ? this.entries.get(blocks[j]!.prefix) : undefined
      if (entry && entry.expiresAt > now) entry.expiresAt = now + entry.lifetimeMs
    }
    for (const j of writes) {
      const lifetimeMs = blocks[j]!.cacheControl?.ttl === '1h' ? this.options.ttlMs * 12 : this.options.ttlMs
      this.entries.set(blocks[j]!.prefix, { expiresAt: now + lifetimeMs, lifetimeMs })
    }
    return usage
  }
}

/** The prompt as a chain of blocks in cache order, each with the hash and size of the prefix it ends. */
function promptBlocks(request: MessagesRequest): PromptBlock[] {
  const pieces: { value: unknown; cacheControl?: WireCacheControl }[] = []
  for (const tool of request.tools ?? []) pieces.push(split('tool', tool))
  const system =
    typeof request.system === 'string' ? [{ type: 'text', text: request.system }] : (request.system ?? [])
  for (const block of system) pieces.push(split('system', block))
  for (const message of request.messages) {
    for (const block of blocksOf(message)) pieces.push(split(message.role, block))
  }
  // The model leads the chain: caches are never shared between models.
  let prefix = createHash('sha256').update(request.model).digest('hex')
  let cumulative = 0
  return pieces.map(piece => {
    const text = canonical(piece.value)
    prefix = createHash('sha256').update(prefix).update('\u0000').update(text).digest('hex')
    cumulative += Math.ceil(text.length / 4)
    return { prefix, cumulative, cacheControl: piece.cacheControl }
  })
}

/** A block without its breakpoint marker (moving a breakpoint does not change the prompt), tagged by place. */
function split(place: string, block: object): { value: unknown; cacheControl?: WireCacheControl } {
  const { cache_control: cacheControl, ...rest } = block as { cache_control?: WireCacheControl }
  return { value: { place, block: rest }, cacheControl }
}
