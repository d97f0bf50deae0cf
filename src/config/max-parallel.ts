/**
 * `max_parallel`, the number of tasks worked on at once, has one range wherever it is set: the action's
 * `max_parallel` input, the CLI's `--max-parallel` flag and `limits.max_parallel` in the configuration.
 * Each task holds a git worktree and a model session; 16 is already more than one runner's CPUs and an
 * organisation's rate limit usually carry, so a larger number would only queue inside the runner.
 */
export const MAX_PARALLEL = Object.freeze({ min: 1, max: 16 })

/** What a max_parallel value must be, in the words every message about it uses. */
export const MAX_PARALLEL_RULE = `a whole number from ${MAX_PARALLEL.min} to ${MAX_PARALLEL.max}`

/** The number in a max_parallel input or flag, or undefined when the text is not MAX_PARALLEL_RULE. */
export function parseMaxParallel(raw: string): number | undefined {
  if (!/^\d+$/.test(raw)) return undefined
  const value = Number(raw)
  return value >= MAX_PARALLEL.min && value <= MAX_PARALLEL.max ? value : undefined
}

/** The one refusal of a max_parallel value, naming the setting as the person wrote it (`--max-parallel`). */
export function maxParallelRefusal(setting: string, raw: string): string {
  return `${setting} must be ${MAX_PARALLEL_RULE}, got "${raw}".`
}
