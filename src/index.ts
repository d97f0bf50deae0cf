// The action's entry: the GitHub runner executes dist/index.js, built from this file.
import { run } from './entrypoints/action.js'

await run()
