import type { Logger } from '../../src/util/logger.js'

/** A logger that keeps every line, prefixed with its level (`info: …`), for a test to read. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    info: m => lines.push(`info: ${m}`),
    warning: m => lines.push(`warning: ${m}`),
    error: m => lines.push(`error: ${m}`),
    debug: m => lines.push(`debug: ${m}`)
  }
}
