// The action's entry: the GitHub runner executes dist/index.js, built from this file. It holds only the
// start, which decides on the event; the engine is a chunk of its own, loaded for a real run.
import { start } from './entrypoints/action-start.js'

await start()
