// The project's TypeScript for bench scripts: the same fake GitHub, fake Anthropic and git origin the
// end-to-end tests use (and the engine's own rooms where a bench drives one directly), imported through
// typescript-hooks.mjs rather than copied or built, so a bench measures against exactly what the tests trust.
import { register } from 'node:module'

register('./typescript-hooks.mjs', import.meta.url)

const root = new URL('../../', import.meta.url)

/** Imports `__tests__/harness/<name>.ts`. */
export function harnessModule(name) {
  return import(new URL(`__tests__/harness/${name}.ts`, root).href)
}

/** Imports `src/<path>.ts`, e.g. `sandbox/prepare-sandbox`. */
export function sourceModule(path) {
  return import(new URL(`src/${path}.ts`, root).href)
}
